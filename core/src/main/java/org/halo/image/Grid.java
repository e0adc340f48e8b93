package org.halo.image;

import java.util.Arrays;

/**
 * The geometry of a 3-D voxel grid in DICOM patient coordinates (LPS: +x toward the patient's left, +y posterior,
 * +z superior), all lengths in millimetres.
 *
 * <p>Voxel (i, j, k) has its centre at {@code origin + D · (i·sx, j·sy, k·sz)}, where column c of the 3×3 direction
 * matrix D is the unit vector of grid axis c. Voxel data are stored with i fastest, then j, then k.
 */
public final class Grid {
    /** Relative tolerance for deciding that a direction matrix is a signed permutation (axis-aligned). */
    private static final double AXIS_TOLERANCE = 1e-6;

    /** Spacings outside this range are header errors (a unit mix-up, a zeroed field), never a real patient grid. */
    public static final double MIN_SPACING_MM = 1e-4, MAX_SPACING_MM = 1e5;

    private final int[] size;
    private final double[] spacingMm;
    private final double[] originMm;
    private final double[] direction; // row-major 3×3, column c = axis c

    /**
     * A grid of voxels in DICOM patient coordinates.
     *
     * @param size voxels along grid axes 0, 1, 2 (i, j, k), each at least 1
     * @param spacingMm voxel spacing along each grid axis (mm, positive)
     * @param originMm the patient position of voxel (0, 0, 0)'s centre (mm, LPS)
     * @param direction row-major 3×3 matrix whose column c is the unit vector of grid axis c in LPS
     */
    public Grid(int[] size, double[] spacingMm, double[] originMm, double[] direction) {
        if (size.length != 3 || spacingMm.length != 3 || originMm.length != 3 || direction.length != 9) {
            throw new IllegalArgumentException("grid needs 3 sizes, 3 spacings, 3 origin values and a 3×3 direction");
        }
        for (int a = 0; a < 3; a++) {
            if (size[a] <= 0) throw new IllegalArgumentException("grid size must be positive on every axis, got " + Arrays.toString(size));
            if (!(spacingMm[a] > 0) || Double.isInfinite(spacingMm[a])) {
                throw new IllegalArgumentException("voxel spacing must be positive and finite, got " + Arrays.toString(spacingMm) + " mm");
            }
            if (spacingMm[a] < MIN_SPACING_MM || spacingMm[a] > MAX_SPACING_MM) {
                throw new IllegalArgumentException("voxel spacing " + Arrays.toString(spacingMm) + " mm is outside what Halo accepts ("
                        + MIN_SPACING_MM + " to " + (long) MAX_SPACING_MM + " mm; is the header's unit right?)");
            }
            if (!Double.isFinite(originMm[a])) throw new IllegalArgumentException("origin must be finite");
        }
        long n = (long) size[0] * size[1] * size[2];
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid of " + n + " voxels is larger than Halo supports (2^31)");
        }
        String shear = Matrix3.orthogonalityProblem(direction);
        if (shear != null) throw new IllegalArgumentException("direction matrix " + Matrix3.format(direction) + " is not orthogonal: " + shear);
        this.size = size.clone();
        this.spacingMm = spacingMm.clone();
        this.originMm = originMm.clone();
        this.direction = unitColumns(direction);
    }

    /** Direction columns scaled to unit length, so spacing alone carries lengths (files store 7-digit cosines). */
    private static double[] unitColumns(double[] m) {
        double[] out = m.clone();
        for (int c = 0; c < 3; c++) {
            double len = Math.sqrt(m[c] * m[c] + m[3 + c] * m[3 + c] + m[6 + c] * m[6 + c]);
            if (!(len > 0) || !Double.isFinite(len)) throw new IllegalArgumentException("direction column " + c + " is zero or not finite");
            if (len == 1.0) continue;
            for (int r = 0; r < 3; r++) out[3 * r + c] = m[3 * r + c] / len;
        }
        return out;
    }

    /**
     * An axis-aligned grid with identity direction.
     *
     * @param nx voxels along x
     * @param ny voxels along y
     * @param nz voxels along z
     * @param sxMm spacing along x (mm)
     * @param syMm spacing along y (mm)
     * @param szMm spacing along z (mm)
     * @return an axis-aligned grid at the origin
     */
    public static Grid of(int nx, int ny, int nz, double sxMm, double syMm, double szMm) {
        return new Grid(new int[] {nx, ny, nz}, new double[] {sxMm, syMm, szMm}, new double[3], identity());
    }

    /** {@return the 3×3 identity direction: grid axes along L, P and S} */
    public static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /**
     * A grid of the same size, spacing and direction at another origin.
     *
     * @param newOriginMm the patient position of voxel (0, 0, 0)'s centre (mm, LPS)
     * @return the moved grid
     */
    public Grid withOrigin(double[] newOriginMm) {
        return new Grid(size, spacingMm, newOriginMm, direction);
    }

    /**
     * @param axis 0, 1 or 2
     * @return voxels along that grid axis
     */
    public int size(int axis) {
        return size[axis];
    }

    /** {@return voxels along each grid axis (a copy)} */
    public int[] size() {
        return size.clone();
    }

    /**
     * @param axis 0, 1 or 2
     * @return the voxel spacing along that grid axis (mm)
     */
    public double spacingMm(int axis) {
        return spacingMm[axis];
    }

    /** {@return the voxel spacing along each grid axis (mm, a copy)} */
    public double[] spacingMm() {
        return spacingMm.clone();
    }

    /** {@return the patient position of voxel (0, 0, 0)'s centre (mm, LPS, a copy)} */
    public double[] originMm() {
        return originMm.clone();
    }

    /**
     * Row-major 3×3; column c is the unit vector of grid axis c in LPS.
     *
     * @return the direction matrix (a copy)
     */
    public double[] direction() {
        return direction.clone();
    }

    /**
     * All voxel indices of the grid, as an ImgLib2 interval: clip a grown box against it with {@code Intervals.intersect}.
     *
     * @return the interval from (0, 0, 0) to the last voxel
     */
    public net.imglib2.FinalInterval interval() {
        return new net.imglib2.FinalInterval(size[0], size[1], size[2]);
    }

    /** {@return the number of voxels} */
    public int voxelCount() {
        return size[0] * size[1] * size[2];
    }

    /** {@return one voxel's volume (mm³)} */
    public double voxelVolumeMm3() {
        return spacingMm[0] * spacingMm[1] * spacingMm[2];
    }

    /**
     * The linear index of voxel (i, j, k), x fastest, as the voxel arrays are laid out.
     *
     * @param i index along grid axis 0
     * @param j index along grid axis 1
     * @param k index along grid axis 2
     * @return i + nx·(j + ny·k)
     */
    public int index(int i, int j, int k) {
        return i + size[0] * (j + size[1] * k);
    }

    /**
     * Patient position (mm, LPS) of a continuous voxel index; integer indices are voxel centres.
     *
     * @param i continuous index along grid axis 0
     * @param j continuous index along grid axis 1
     * @param k continuous index along grid axis 2
     * @return x, y, z (mm, LPS)
     */
    public double[] indexToPatientMm(double i, double j, double k) {
        double[] s = {i * spacingMm[0], j * spacingMm[1], k * spacingMm[2]};
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = originMm[r] + direction[3 * r] * s[0] + direction[3 * r + 1] * s[1] + direction[3 * r + 2] * s[2];
        }
        return p;
    }

    /**
     * Continuous voxel index of a patient position (mm, LPS).
     *
     * @param x patient x (mm, LPS)
     * @param y patient y (mm, LPS)
     * @param z patient z (mm, LPS)
     * @return i, j, k
     */
    public double[] patientMmToIndex(double x, double y, double z) {
        double[] d = {x - originMm[0], y - originMm[1], z - originMm[2]};
        double[] inv = Matrix3.inverse(direction);
        double[] idx = new double[3];
        for (int r = 0; r < 3; r++) {
            idx[r] = (inv[3 * r] * d[0] + inv[3 * r + 1] * d[1] + inv[3 * r + 2] * d[2]) / spacingMm[r];
        }
        return idx;
    }

    /**
     * For an axis-aligned grid, the patient axis (0 = x R→L, 1 = y A→P, 2 = z I→S) that grid axis {@code axis} runs
     * along, or -1 when the grid is oblique.
     *
     * @param axis grid axis 0, 1 or 2
     * @return patient axis 0 (x, L), 1 (y, P) or 2 (z, S)
     */
    public int patientAxisOf(int axis) {
        int found = -1;
        for (int r = 0; r < 3; r++) {
            double v = Math.abs(direction[3 * r + axis]);
            if (Math.abs(v - 1) <= AXIS_TOLERANCE) found = r;
            else if (v > AXIS_TOLERANCE) return -1;
        }
        return found;
    }

    /**
     * +1 when grid axis {@code axis} points along its patient axis's positive direction, -1 when against.
     *
     * @param axis grid axis 0, 1 or 2
     * @return +1 or -1
     */
    public int patientAxisSign(int axis) {
        int r = patientAxisOf(axis);
        if (r < 0) throw new IllegalStateException("grid axis " + axis + " is oblique");
        return direction[3 * r + axis] > 0 ? 1 : -1;
    }

    /**
     * True when every grid axis runs along a patient axis (a signed permutation matrix).
     *
     * @return true for a signed permutation direction
     */
    public boolean isAxisAligned() {
        boolean[] used = new boolean[3];
        for (int a = 0; a < 3; a++) {
            int r = patientAxisOf(a);
            if (r < 0 || used[r]) return false;
            used[r] = true;
        }
        return true;
    }

    /**
     * Same size, spacing, origin and direction within a relative tolerance.
     *
     * @param other the other grid
     * @param toleranceMm the tolerance, relative to each spacing
     * @return true when the two grids lay the same voxels in the same places
     */
    public boolean sameGeometry(Grid other, double toleranceMm) {
        if (!Arrays.equals(size, other.size)) return false;
        for (int a = 0; a < 3; a++) {
            if (Math.abs(spacingMm[a] - other.spacingMm[a]) > toleranceMm) return false;
            if (Math.abs(originMm[a] - other.originMm[a]) > toleranceMm) return false;
        }
        for (int e = 0; e < 9; e++) {
            if (Math.abs(direction[e] - other.direction[e]) > 1e-6) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && Arrays.equals(size, g.size) && Arrays.equals(spacingMm, g.spacingMm)
                && Arrays.equals(originMm, g.originMm) && Arrays.equals(direction, g.direction);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(size) * 31 + Arrays.hashCode(spacingMm);
    }

    @Override
    public String toString() {
        return "Grid[size=" + size[0] + "×" + size[1] + "×" + size[2] + ", spacing=" + Arrays.toString(spacingMm)
                + " mm, origin=" + Arrays.toString(originMm) + " mm, direction=" + Arrays.toString(direction) + "]";
    }
}
