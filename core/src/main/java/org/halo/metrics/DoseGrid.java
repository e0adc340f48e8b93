package org.halo.metrics;

import org.halo.image.Grid;
import org.halo.image.Matrix3;
import org.halo.image.Volume;

/** A dose volume (Gy) read by trilinear interpolation at patient positions (mm, LPS). */
public final class DoseGrid {
    private final Grid grid;
    private final float[] dose;
    private final double[] inverse;
    private final double[] origin;
    private final int nx, ny, nz;

    /** @param volume the dose (Gy) on its grid; copied to float32 and checked finite */
    public DoseGrid(Volume volume) {
        if (volume.frames() != 1) throw new IllegalArgumentException("dose has " + volume.frames() + " frames; a dose must be one 3-D volume");
        this.grid = volume.grid();
        this.nx = grid.size(0);
        this.ny = grid.size(1);
        this.nz = grid.size(2);
        this.dose = new float[grid.voxelCount()];
        Volume.Values v = volume.values();
        for (int i = 0; i < dose.length; i++) {
            double d = v.at(i);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("dose holds a non-finite value at voxel " + i);
            if (d < 0) throw new IllegalArgumentException("dose holds a negative value (" + d + " Gy) at voxel " + i);
            dose[i] = (float) d;
        }
        double[] dir = grid.direction();
        double[] inv = Matrix3.inverse(dir);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) inv[3 * r + c] /= grid.spacingMm(r);
        this.inverse = inv;
        this.origin = grid.originMm();
    }

    /**
     * Patient mm → continuous index: row-major 3×3 inverse direction, each row divided by its axis spacing.
     *
     * @return the 9 values
     */
    public double[] inverseScaled() {
        return inverse.clone();
    }

    /** {@return the dose's grid} */
    public Grid grid() {
        return grid;
    }

    /** {@return the dose (Gy) per voxel, x fastest} */
    public float[] values() {
        return dose;
    }

    /**
     * Trilinear dose (Gy) at a patient position (mm, LPS), or NaN outside the grid's voxels (see {@link #inside}).
     *
     * @param x patient x (mm, LPS)
     * @param y patient y (mm, LPS)
     * @param z patient z (mm, LPS)
     * @return the dose (Gy)
     */
    public double gyAt(double x, double y, double z) {
        double[] idx = new double[3];
        toIndex(x, y, z, idx);
        if (!inside(idx[0], idx[1], idx[2])) return Double.NaN;
        double[] out = new double[4];
        atWithGradient(idx[0], idx[1], idx[2], out);
        return out[0];
    }

    /** Continuous voxel index of a patient position. */
    void toIndex(double x, double y, double z, double[] out) {
        double dx = x - origin[0], dy = y - origin[1], dz = z - origin[2];
        out[0] = inverse[0] * dx + inverse[1] * dy + inverse[2] * dz;
        out[1] = inverse[3] * dx + inverse[4] * dy + inverse[5] * dz;
        out[2] = inverse[6] * dx + inverse[7] * dy + inverse[8] * dz;
    }

    /**
     * True when the index lies within the grid's voxels: inside the outer faces of its edge voxels, half a voxel beyond
     * the edge centres. A voxel of the dose grid is never outside it; between the edge centre and the face the dose is
     * the edge value (interpolation clamps to the centres).
     */
    boolean inside(double i, double j, double k) {
        double h = 0.5 + 1e-6;
        return i >= -h && j >= -h && k >= -h && i <= nx - 1 + h && j <= ny - 1 + h && k <= nz - 1 + h;
    }

    /**
     * Trilinear value and its gradient in patient coordinates (Gy/mm) at a continuous index: out = {dose, ∂x, ∂y, ∂z}.
     */
    void atWithGradient(double i, double j, double k, double[] out) {
        i = Math.max(0, Math.min(nx - 1, i));
        j = Math.max(0, Math.min(ny - 1, j));
        k = Math.max(0, Math.min(nz - 1, k));
        int i0 = Math.min((int) i, Math.max(0, nx - 2)), j0 = Math.min((int) j, Math.max(0, ny - 2)), k0 = Math.min((int) k, Math.max(0, nz - 2));
        int i1 = Math.min(i0 + 1, nx - 1), j1 = Math.min(j0 + 1, ny - 1), k1 = Math.min(k0 + 1, nz - 1);
        double fx = i - i0, fy = j - j0, fz = k - k0;
        double d000 = dose[idx(i0, j0, k0)], d100 = dose[idx(i1, j0, k0)], d010 = dose[idx(i0, j1, k0)], d110 = dose[idx(i1, j1, k0)];
        double d001 = dose[idx(i0, j0, k1)], d101 = dose[idx(i1, j0, k1)], d011 = dose[idx(i0, j1, k1)], d111 = dose[idx(i1, j1, k1)];
        double c00 = lerp(d000, d100, fx), c10 = lerp(d010, d110, fx), c01 = lerp(d001, d101, fx), c11 = lerp(d011, d111, fx);
        double c0 = lerp(c00, c10, fy), c1 = lerp(c01, c11, fy);
        out[0] = lerp(c0, c1, fz);
        // Derivatives along the index axes (0 across a degenerate axis of size 1).
        double di = i1 == i0 ? 0 : lerp(lerp(d100 - d000, d110 - d010, fy), lerp(d101 - d001, d111 - d011, fy), fz);
        double dj = j1 == j0 ? 0 : lerp(lerp(c10 - c00, 0, 0), lerp(c11 - c01, 0, 0), fz);
        double dk = k1 == k0 ? 0 : c1 - c0;
        for (int r = 0; r < 3; r++) out[1 + r] = di * inverse[r] + dj * inverse[3 + r] + dk * inverse[6 + r];
    }

    private int idx(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /**
     * Volume (cc) of dose-grid voxels at or above a dose: the prescription isodose volume.
     *
     * @param doseGy the dose (Gy)
     * @return the volume (cc)
     */
    public double volumeAtLeastCc(double doseGy) {
        long n = 0;
        for (float d : dose) if (d >= doseGy) n++;
        return n * grid.voxelVolumeMm3() / 1000.0;
    }
}
