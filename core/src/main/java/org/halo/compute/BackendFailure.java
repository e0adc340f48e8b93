package org.halo.compute;

/**
 * An accelerated backend cannot do this work (kernel build failure, device out of memory, lost device). The work is
 * still possible on the CPU path, which {@link FallbackBackend} then runs.
 */
public class BackendFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, in words
     * @param cause the device's error
     */
    public BackendFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
