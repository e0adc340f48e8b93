package org.halo.geometry;

import org.halo.image.Mask;

/** The SciPy golden phantom, for the backend tests of other modules. */
public final class ScipyGoldenTestAccess {
    private ScipyGoldenTestAccess() {}

    public static Mask phantom() {
        return ScipyGoldenTest.phantom();
    }
}
