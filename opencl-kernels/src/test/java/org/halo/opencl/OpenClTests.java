package org.halo.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opening the first OpenCL device for a test class, or skipping the class with the reason when there is none. */
final class OpenClTests {
    private OpenClTests() {}

    static OpenClBackend openOrSkip() {
        String reason = OpenClBackend.unavailableReason();
        assumeTrue(reason == null, "no OpenCL here: " + reason);
        OpenClBackend gpu = OpenClBackend.openFirst();
        assumeTrue(gpu != null, "no OpenCL device with double precision");
        return gpu;
    }
}
