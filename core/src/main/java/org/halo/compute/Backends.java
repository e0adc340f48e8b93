package org.halo.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Chooses a backend from a device specification, as {@code --device} does:
 * {@code cpu} (the Java path), {@code opencl} (the first OpenCL GPU, else the first OpenCL device), {@code opencl:N}
 * (device N of {@code halo devices}), or {@code auto} (an OpenCL GPU with double precision for work that repays its
 * start-up, see {@link AutoBackend}, else the Java path). {@code auto} never fails; an explicit {@code opencl} without a
 * device is an error.
 */
public final class Backends {
    private Backends() {}

    /** The chosen backend and, when the choice was not the obvious one, a one-line note for the user. */
    public record Selection(Backend backend, String note) {}

    /**
     * The backend a {@code --device} word names: {@code cpu}, {@code auto} (a GPU only for work that repays its start-up),
     * {@code opencl} or {@code opencl:N}.
     *
     * @param spec the word (null: auto)
     * @param threads CPU threads, or null for all processors
     * @param notify hears a line when the choice falls back or is not the obvious one
     * @return the backend and its note
     */
    public static Selection select(String spec, Integer threads, Consumer<String> notify) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        CpuBackend cpu = threads == null ? new CpuBackend() : new CpuBackend(threads);
        if (s.equals("cpu")) return new Selection(cpu, null);
        if (s.equals("auto")) return new Selection(new AutoBackend(cpu, notify), null); // OpenCL starts only when worth it
        if (!s.equals("opencl") && !s.startsWith("opencl:")) {
            throw new IllegalArgumentException("a device is auto, cpu, opencl or opencl:N, not '" + spec + "'");
        }
        BackendProvider provider = provider();
        List<DeviceInfo> devices = provider == null ? List.of() : provider.devices();
        String why = provider == null ? "the OpenCL module is not on the class path"
                : devices.isEmpty() ? provider.problem() : null;
        if (devices.isEmpty()) throw new IllegalArgumentException("device " + s + ": no OpenCL device (" + why + ")");
        DeviceInfo chosen;
        if (s.equals("opencl")) {
            chosen = devices.stream().filter(DeviceInfo::gpu).findFirst().orElse(devices.get(0));
        } else {
            int n;
            try {
                n = Integer.parseInt(s.substring("opencl:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device " + spec + ": N must be the number of an OpenCL device");
            }
            if (n < 0 || n >= devices.size()) {
                throw new IllegalArgumentException("device " + spec + ": there are " + devices.size() + " OpenCL devices (0.." + (devices.size() - 1) + ")");
            }
            chosen = devices.get(n);
        }
        if (!chosen.fp64()) {
            throw new IllegalArgumentException("device " + spec + ": " + chosen.name()
                    + " lacks double precision, which Halo needs to decide margins exactly as the CPU path does");
        }
        try {
            return new Selection(new FallbackBackend(provider.open(chosen.index()), cpu, notify), null);
        } catch (BackendFailure e) {
            throw new IllegalArgumentException("device " + spec + ": " + chosen.name() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** What {@code auto} opens for work that warrants a device: the first GPU with double precision, else the CPU path. */
    static Selection openAutoGpu(CpuBackend cpu, Consumer<String> notify) {
        BackendProvider provider = provider();
        List<DeviceInfo> devices = provider == null ? List.of() : provider.devices();
        String why = provider == null ? "the OpenCL module is not on the class path"
                : devices.isEmpty() ? provider.problem() : null;
        DeviceInfo gpu = devices.stream().filter(d -> d.gpu() && d.fp64()).findFirst().orElse(null);
        if (gpu == null) {
            return new Selection(cpu, "device auto: no OpenCL GPU with double precision"
                    + (why != null ? " (" + why + ")" : "") + "; using the Java CPU path");
        }
        try {
            return new Selection(new FallbackBackend(provider.open(gpu.index()), cpu, notify), null);
        } catch (BackendFailure e) {
            return new Selection(cpu, "device auto: " + gpu.name() + " cannot be used (" + e.getMessage() + "); using the Java CPU path");
        }
    }

    /**
     * The device {@code auto} would take for large work, or null for the CPU path.
     *
     * @return the device, or null
     */
    public static DeviceInfo autoChoice() {
        BackendProvider p = provider();
        if (p == null) return null;
        return p.devices().stream().filter(d -> d.gpu() && d.fp64()).findFirst().orElse(null);
    }

    /**
     * The accelerated backend provider on the class path, or null.
     *
     * @return the provider, or null
     */
    public static BackendProvider provider() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        return found.isEmpty() ? null : found.get(0);
    }
}
