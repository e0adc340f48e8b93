package org.halo.geometry;

import org.halo.testing.backend.BackendContractTest;

import org.halo.compute.Backend;
import org.halo.compute.CpuBackend;

/** The shared suite on the Java CPU path, with two threads as on CI. */
class CpuBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new CpuBackend(2);
    }
}
