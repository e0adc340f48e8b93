package org.halo.compute;

import java.util.List;

/**
 * A source of accelerated backends (the OpenCL module provides one through {@link java.util.ServiceLoader}).
 * Core depends on no accelerator library; without a provider on the class path only the CPU path exists.
 */
public interface BackendProvider {
    /**
     * Devices offered, indexed as {@code --device opencl:N}; empty when there are none.
     *
     * @return the devices
     */
    List<DeviceInfo> devices();

    /**
     * Why {@link #devices()} is empty (no driver library, no platform, ...), or null.
     *
     * @return the reason, or null
     */
    String problem();

    /**
     * Opens the device with this index; throws {@link BackendFailure} when it cannot be used.
     *
     * @param index the device's index in {@link #devices()}
     * @return the open backend
     */
    Backend open(int index);
}
