package org.halo.image;

/** Synthetic structures with known geometry, for the demo, the benchmarks and tests. */
public final class Phantoms {
    private Phantoms() {}

    /** The benchmark grid: 512 × 512 × 200 voxels of 0.5 × 0.5 × 1.0 mm (256 × 256 × 200 mm). */
    public static Grid clinicalGrid() {
        return Grid.of(512, 512, 200, 0.5, 0.5, 1.0);
    }

    /** Sphere centres (mm from the grid origin along x, y, z) and radii (mm) of the five-sphere phantom. */
    public static final double[][] FIVE_SPHERES = {
        {128.3, 127.9, 100.2, 35}, {60.2, 70.4, 50.3, 15}, {190.1, 80.3, 140.4, 22}, {80.4, 190.2, 160.1, 10}, {180.2, 190.1, 60.3, 25}
    };

    /** Adds the voxels whose centre lies in the ball (centre in mm from the origin along the grid axes, radius mm). */
    public static void addSphere(Mask mask, double cx, double cy, double cz, double radiusMm) {
        Grid g = mask.grid();
        byte[] v = mask.voxels();
        double sx = g.spacingMm(0), sy = g.spacingMm(1), sz = g.spacingMm(2);
        int k0 = Math.max(0, (int) Math.floor((cz - radiusMm) / sz)), k1 = Math.min(g.size(2) - 1, (int) Math.ceil((cz + radiusMm) / sz));
        int j0 = Math.max(0, (int) Math.floor((cy - radiusMm) / sy)), j1 = Math.min(g.size(1) - 1, (int) Math.ceil((cy + radiusMm) / sy));
        int i0 = Math.max(0, (int) Math.floor((cx - radiusMm) / sx)), i1 = Math.min(g.size(0) - 1, (int) Math.ceil((cx + radiusMm) / sx));
        double r2 = radiusMm * radiusMm;
        for (int k = k0; k <= k1; k++) {
            double dz = k * sz - cz;
            for (int j = j0; j <= j1; j++) {
                double dy = j * sy - cy;
                int row = g.index(0, j, k);
                for (int i = i0; i <= i1; i++) {
                    double dx = i * sx - cx;
                    if (dx * dx + dy * dy + dz * dz <= r2) v[row + i] = 1;
                }
            }
        }
    }

    public static Mask fiveSpheres(Grid grid) {
        Mask m = Mask.empty(grid);
        for (double[] s : FIVE_SPHERES) addSphere(m, s[0], s[1], s[2], s[3]);
        return m;
    }

    /** A single 3 cm CTV (radius 15 mm) near the centre of the grid. */
    public static Mask singleCtv(Grid grid) {
        Mask m = Mask.empty(grid);
        addSphere(m, grid.size(0) * grid.spacingMm(0) * 0.47, grid.size(1) * grid.spacingMm(1) * 0.52, grid.size(2) * grid.spacingMm(2) * 0.49, 15);
        return m;
    }
}
