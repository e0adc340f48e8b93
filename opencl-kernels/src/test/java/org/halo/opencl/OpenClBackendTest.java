package org.halo.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.halo.compute.Backend;
import org.halo.testing.backend.BackendContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole distance and margin suite on the first OpenCL device (a GPU if present; PoCL on CI). Skipped, with the
 * reason, only when this machine has no OpenCL platform at all.
 */
class OpenClBackendTest extends BackendContractTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void open() {
        String reason = OpenClBackend.unavailableReason();
        assumeTrue(reason == null, "no OpenCL here: " + reason);
        backend = OpenClBackend.openFirst();
        assumeTrue(backend != null, "no OpenCL device with double precision");
        System.out.println("OpenCL contract suite on " + backend.name());
    }

    @AfterAll
    static void close() {
        if (backend != null) backend.close();
    }

    @Override
    protected Backend backend() {
        return backend;
    }
}
