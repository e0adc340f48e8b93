package org.halo.image;

/** Row-major 3×3 matrix helpers for grid geometry. */
public final class Matrix3 {
    /**
     * Largest |cosine| allowed between two grid axes. Halo's transforms are exact only on grids whose axes are
     * perpendicular; this admits the rounding of cosines stored as float32 or as DICOM decimal strings (a position error
     * of at most 0.05 mm across a 500 mm field) and refuses any real shear.
     */
    public static final double ORTHOGONALITY_TOLERANCE = 1e-4;

    private Matrix3() {}

    /**
     * Null when the columns of {@code m} (row-major, any lengths) are mutually perpendicular within
     * {@link #ORTHOGONALITY_TOLERANCE}; otherwise which two axes are not, and at what angle.
     *
     * @param m row-major 3×3
     * @return why it is not orthonormal, or null when it is
     */
    public static String orthogonalityProblem(double[] m) {
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                double dot = 0, la = 0, lb = 0;
                for (int r = 0; r < 3; r++) {
                    dot += m[3 * r + a] * m[3 * r + b];
                    la += m[3 * r + a] * m[3 * r + a];
                    lb += m[3 * r + b] * m[3 * r + b];
                }
                double cos = dot / Math.sqrt(la * lb);
                if (!(Math.abs(cos) <= ORTHOGONALITY_TOLERANCE)) {
                    return String.format(java.util.Locale.ROOT, "axes %d and %d meet at %.4f° instead of 90° (|cos| %.2g, allowed %.0e)",
                            a, b, Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos)))), Math.abs(cos), ORTHOGONALITY_TOLERANCE);
                }
            }
        }
        return null;
    }

    /**
     * The matrix as text, rows in brackets, for messages that name it.
     *
     * @param m row-major 3×3
     * @return the matrix in words
     */
    public static String format(double[] m) {
        StringBuilder b = new StringBuilder("[");
        for (int r = 0; r < 3; r++) {
            b.append(r == 0 ? "[" : " [");
            for (int c = 0; c < 3; c++) b.append(c == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.6g", m[3 * r + c]));
            b.append(']');
        }
        return b.append(']').toString();
    }

    /**
     * @param m row-major 3×3
     * @return its determinant
     */
    public static double determinant(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /**
     * @param m row-major 3×3, invertible
     * @return its inverse, row-major
     */
    public static double[] inverse(double[] m) {
        double det = determinant(m);
        if (Math.abs(det) < 1e-12) throw new IllegalArgumentException("direction matrix is singular");
        return new double[] {
            (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
            (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det
        };
    }

    /**
     * Splits a 3×3 matrix whose columns are axis vectors scaled by spacing into unit directions and spacings.
     * Returns {direction[9], spacing[3]} packed as a 12-element array.
     *
     * @param scaled row-major 3×3
     * @return the 12 values
     */
    public static double[] splitColumns(double[] scaled) {
        double[] out = new double[12];
        for (int c = 0; c < 3; c++) {
            double len = Math.sqrt(scaled[c] * scaled[c] + scaled[3 + c] * scaled[3 + c] + scaled[6 + c] * scaled[6 + c]);
            out[9 + c] = len;
            for (int r = 0; r < 3; r++) out[3 * r + c] = len > 0 ? scaled[3 * r + c] / len : (r == c ? 1 : 0);
        }
        return out;
    }

    /**
     * The product a·b of two row-major 3×3 matrices.
     *
     * @param a the left factor
     * @param b the right factor
     * @param out where the product goes (9 values)
     */
    public static void product(double[] a, double[] b, double[] out) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) out[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
        }
    }

    /**
     * The product m·v of a row-major 3×3 matrix and a vector.
     *
     * @param m the matrix
     * @param v the vector (3 values)
     * @param out where the product goes (3 values)
     */
    public static void apply(double[] m, double[] v, double[] out) {
        for (int r = 0; r < 3; r++) out[r] = m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2];
    }
}
