package org.halo.image;

/** Synthetic structures with known geometry, for the demo, the benchmarks and tests. */
public final class Phantoms {
    private Phantoms() {}

    /**
     * The benchmark grid: 512 × 512 × 200 voxels of 0.5 × 0.5 × 1.0 mm (256 × 256 × 200 mm).
     *
     * @return the grid
     */
    public static Grid clinicalGrid() {
        return Grid.of(512, 512, 200, 0.5, 0.5, 1.0);
    }

    /** Sphere centres (mm from the grid origin along x, y, z) and radii (mm) of the five-sphere phantom. */
    public static final double[][] FIVE_SPHERES = {
        {128.3, 127.9, 100.2, 35}, {60.2, 70.4, 50.3, 15}, {190.1, 80.3, 140.4, 22}, {80.4, 190.2, 160.1, 10}, {180.2, 190.1, 60.3, 25}
    };

    /**
     * Adds the voxels whose centre lies in the ball (centre in mm from the origin along the grid axes, radius mm).
     *
     * @param mask the mask to draw into
     * @param cx centre, x index
     * @param cy centre, y index
     * @param cz centre, z index
     * @param radiusMm radius (mm)
     */
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

    /**
     * Voxel fractions (0…1) of a ball given in patient coordinates (mm): voxels wholly inside are 1, voxels the
     * surface crosses are sampled n × n × n.
     *
     * @param g the grid
     * @param cx centre x (mm, LPS)
     * @param cy centre y (mm, LPS)
     * @param cz centre z (mm, LPS)
     * @param r radius (mm)
     * @param n samples per axis in a voxel the surface crosses
     * @return the fractions, float32
     */
    public static Volume sphereFractions(Grid g, double cx, double cy, double cz, double r, int n) {
        float[] f = new float[g.voxelCount()];
        double[] s = g.spacingMm();
        double halfDiag = 0.5 * Math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
        double[] u = g.direction();
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double d = Math.sqrt(sq(p[0] - cx) + sq(p[1] - cy) + sq(p[2] - cz));
            int idx = g.index(i, j, k);
            if (d <= r - halfDiag) {
                f[idx] = 1;
            } else if (d < r + halfDiag) {
                int in = 0;
                for (int c = 0; c < n; c++) for (int b = 0; b < n; b++) for (int a = 0; a < n; a++) {
                    double ox = ((a + 0.5) / n - 0.5) * s[0], oy = ((b + 0.5) / n - 0.5) * s[1], oz = ((c + 0.5) / n - 0.5) * s[2];
                    double x = p[0] + u[0] * ox + u[1] * oy + u[2] * oz;
                    double y = p[1] + u[3] * ox + u[4] * oy + u[5] * oz;
                    double z = p[2] + u[6] * ox + u[7] * oy + u[8] * oz;
                    if (sq(x - cx) + sq(y - cy) + sq(z - cz) <= r * r) in++;
                }
                f[idx] = in / (float) (n * n * n);
            }
        }
        return Volume.ofFloats(g, f);
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * Five spheres of 0.5–2 cm diameter apart from each other, as brain metastases on a clinical grid.
     *
     * @param grid the grid, as {@link #clinicalGrid()} gives
     * @return the mask
     */
    public static Mask fiveSpheres(Grid grid) {
        Mask m = Mask.empty(grid);
        for (double[] s : FIVE_SPHERES) addSphere(m, s[0], s[1], s[2], s[3]);
        return m;
    }

    /**
     * A single 3 cm CTV (radius 15 mm) near the centre of the grid.
     *
     * @param grid the grid, as {@link #clinicalGrid()} gives
     * @return the mask
     */
    public static Mask singleCtv(Grid grid) {
        Mask m = Mask.empty(grid);
        addSphere(m, grid.size(0) * grid.spacingMm(0) * 0.47, grid.size(1) * grid.spacingMm(1) * 0.52, grid.size(2) * grid.spacingMm(2) * 0.49, 15);
        return m;
    }

    /**
     * The grid of the cavity phantom: 64 × 64 × 64 voxels of 1 mm, the resolution of a post-operative planning MRI.
     *
     * @return the grid
     */
    public static Grid cavityGrid() {
        return Grid.of(64, 64, 64, 1, 1, 1);
    }

    /**
     * A resection cavity with its enhancing rim (the GTV of cavity SRS): an irregular union of three overlapping balls,
     * about 2.6 cm across and 6 cc.
     *
     * @param grid the grid, as {@link #cavityGrid()} gives
     * @return the cavity's mask
     */
    public static Mask resectionCavity(Grid grid) {
        Mask m = Mask.empty(grid);
        addSphere(m, 31.3, 32.1, 31.7, 9.5);
        addSphere(m, 38.2, 29.4, 34.0, 6.5);
        addSphere(m, 27.0, 37.5, 27.5, 5.5);
        return m;
    }
}
