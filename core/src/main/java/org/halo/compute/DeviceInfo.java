package org.halo.compute;

import java.util.Locale;

/** One compute device a backend provider offers, as {@code halo devices} lists it. */
public record DeviceInfo(int index, String platform, String name, String vendor, String openClVersion,
                         long globalMemoryBytes, long maxAllocationBytes, boolean fp64, boolean gpu) {
    /** {@return the device in one line, as {@code halo devices} prints it} */
    public String describe() {
        return String.format(Locale.ROOT, "[%d] %s — %s (%s), %s, %s, %.1f GiB global, %.1f GiB max allocation, fp64 %s",
                index, name, vendor, platform, openClVersion, gpu ? "GPU" : "not a GPU", globalMemoryBytes / 1073741824.0,
                maxAllocationBytes / 1073741824.0, fp64 ? "yes" : "no");
    }
}
