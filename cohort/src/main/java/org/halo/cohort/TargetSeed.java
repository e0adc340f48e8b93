package org.halo.cohort;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A target's Monte Carlo seed: derived from the study's seed, the patient and the ROI name alone, so that a target's
 * numbers do not depend on the order targets run in, on {@code --jobs}, or on an interruption, and so that
 * {@code halo compare --seed} with the stored seed reproduces them. Non-negative, to be easy to pass on a command line.
 */
public final class TargetSeed {
    private TargetSeed() {}

    public static long of(long studySeed, String patientId, String roiName) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ByteBuffer.allocate(8).putLong(studySeed).array());
            d.update(patientId.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(roiName.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d.digest()).getLong() >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
