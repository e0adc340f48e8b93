package org.halo.compute;

import org.halo.testing.backend.BackendContractTest;

/** The shared suite on the Java CPU path, with two threads as on CI. */
class CpuBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new CpuBackend(2);
    }
}
