package org.halo.opencl;

import java.util.ArrayList;
import java.util.List;
import org.halo.compute.Backend;
import org.halo.compute.BackendFailure;
import org.halo.compute.BackendProvider;
import org.halo.compute.DeviceInfo;

/** Registers the OpenCL devices with {@link org.halo.compute.Backends} through {@link java.util.ServiceLoader}. */
public final class OpenClBackendProvider implements BackendProvider {
    /** The provider {@link java.util.ServiceLoader} instantiates; devices are enumerated on first use. */
    public OpenClBackendProvider() {}

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        for (OpenClDevices.Entry e : OpenClDevices.get().entries) out.add(e.info());
        return out;
    }

    @Override
    public String problem() {
        return OpenClDevices.get().problem;
    }

    @Override
    public Backend open(int index) {
        List<OpenClDevices.Entry> entries = OpenClDevices.get().entries;
        if (index < 0 || index >= entries.size()) throw new BackendFailure("no OpenCL device " + index, null);
        return OpenClBackend.open(entries.get(index));
    }
}
