package org.halo.geometry;

import org.halo.testing.backend.BackendContractTest;

import org.halo.compute.Backend;
import org.halo.compute.CpuBackend;

/** The shared suite on one thread, so that splitting work across threads cannot hide an error. */
class SingleThreadCpuBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new CpuBackend(1);
    }
}
