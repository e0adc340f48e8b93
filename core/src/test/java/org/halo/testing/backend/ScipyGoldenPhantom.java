package org.halo.testing.backend;

import org.halo.image.Grid;
import org.halo.image.Mask;

/** The three-sphere phantom of the SciPy golden counts, rebuilt by the rule the SciPy script used; shared by the backends' tests. */
public final class ScipyGoldenPhantom {
    private ScipyGoldenPhantom() {}

    public static Mask phantom() {
        Grid g = Grid.of(70, 64, 36, 0.683594, 0.683594, 1.25);
        double[][] spheres = {{20.3, 25.1, 12.2, 9.0}, {48.7, 40.4, 20.6, 6.5}, {35.2, 12.9, 27.3, 4.0}};
        byte[] m = new byte[g.voxelCount()];
        for (int k = 0; k < 36; k++)
            for (int j = 0; j < 64; j++)
                for (int i = 0; i < 70; i++)
                    for (double[] s : spheres) {
                        double dx = (i - s[0]) * 0.683594, dy = (j - s[1]) * 0.683594, dz = (k - s[2]) * 1.25;
                        if (dx * dx + dy * dy + dz * dz <= s[3] * s[3]) m[g.index(i, j, k)] = 1;
                    }
        return Mask.wrap(g, m);
    }
}
