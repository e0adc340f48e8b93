package org.halo.geometry;

import org.halo.image.Grid;

/**
 * A CTV→PTV margin in millimetres along the patient axes (LPS: x right→left, y anterior→posterior,
 * z inferior→superior). The structuring element is the set of displacements within the margin: a ball, an
 * axis-aligned ellipsoid, or the union of eight ellipsoid octants with the six directional extents as semi-axes.
 */
public sealed interface Margin {
    /** The same margin in every direction. */
    record Uniform(double mm) implements Margin {
        /**
         * Checks the margin: finite and not negative.
         *
         * @param mm the margin (mm)
         */
        public Uniform {
            check(mm, "margin");
        }
    }

    /** An ellipsoid with semi-axes along patient x (right–left), y (anterior–posterior) and z (superior–inferior). */
    record PerAxis(double xMm, double yMm, double zMm) implements Margin {
        /**
         * Checks each margin: finite and not negative.
         *
         * @param xMm semi-axis along patient x (mm)
         * @param yMm semi-axis along patient y (mm)
         * @param zMm semi-axis along patient z (mm)
         */
        public PerAxis {
            check(xMm, "x margin");
            check(yMm, "y margin");
            check(zMm, "z margin");
        }
    }

    /** Six extents, one per patient direction; the element is the union of the eight octants they bound. */
    record Directional(double rightMm, double leftMm, double anteriorMm, double posteriorMm, double superiorMm, double inferiorMm)
            implements Margin {
        /**
         * Checks each margin: finite and not negative.
         *
         * @param rightMm extent to the patient's right (mm)
         * @param leftMm extent to the patient's left (mm)
         * @param anteriorMm extent anterior (mm)
         * @param posteriorMm extent posterior (mm)
         * @param superiorMm extent superior (mm)
         * @param inferiorMm extent inferior (mm)
         */
        public Directional {
            check(rightMm, "right margin");
            check(leftMm, "left margin");
            check(anteriorMm, "anterior margin");
            check(posteriorMm, "posterior margin");
            check(superiorMm, "superior margin");
            check(inferiorMm, "inferior margin");
        }
    }

    /** The largest margin Halo grows: beyond it a value is a typing error, and the work would not fit in memory. */
    double MAX_MM = 500;

    private static void check(double mm, String what) {
        if (!(mm >= 0) || Double.isInfinite(mm)) throw new IllegalArgumentException(what + " must be a finite number of mm ≥ 0, got " + mm);
        if (mm > MAX_MM) throw new IllegalArgumentException(what + " of " + mm + " mm is larger than Halo grows (at most " + (int) MAX_MM + " mm)");
    }

    /**
     * Parses "2", "5,5,8" (x,y,z) or "R,L,A,P,S,I" (mm).
     *
     * @param text the text
     * @return the margin
     */
    public static Margin parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("margin '" + text + "' is not a list of numbers in mm");
            }
        }
        switch (v.length) {
            case 1: return new Uniform(v[0]);
            case 3: return new PerAxis(v[0], v[1], v[2]);
            case 6: return new Directional(v[0], v[1], v[2], v[3], v[4], v[5]);
            default: throw new IllegalArgumentException("margin takes 1 value (mm), 3 (x,y,z) or 6 (R,L,A,P,S,I), got " + v.length);
        }
    }

    /**
     * Largest extent in any direction, mm.
     *
     * @return the largest extent (mm)
     */
    default double maxMm() {
        double[] e = patientExtentsMm();
        double m = 0;
        for (double x : e) m = Math.max(m, x);
        return m;
    }

    /**
     * Extents toward +x (left), −x (right), +y (posterior), −y (anterior), +z (superior), −z (inferior), mm.
     *
     * @return the six extents (mm)
     */
    default double[] patientExtentsMm() {
        if (this instanceof Uniform u) return new double[] {u.mm(), u.mm(), u.mm(), u.mm(), u.mm(), u.mm()};
        if (this instanceof PerAxis p) return new double[] {p.xMm(), p.xMm(), p.yMm(), p.yMm(), p.zMm(), p.zMm()};
        Directional d = (Directional) this;
        return new double[] {d.leftMm(), d.rightMm(), d.posteriorMm(), d.anteriorMm(), d.superiorMm(), d.inferiorMm()};
    }

    /**
     * The margin seen from the inside, for shrinking: the surface moves in by each side's own extent.
     *
     * @return the mirrored margin
     */
    default Margin mirrored() {
        if (this instanceof Directional d) {
            return new Directional(d.leftMm(), d.rightMm(), d.posteriorMm(), d.anteriorMm(), d.inferiorMm(), d.superiorMm());
        }
        return this;
    }

    /**
     * Extents along each grid axis, {toward +index, toward −index} per axis, mm.
     *
     * @throws IllegalArgumentException when the margin is not uniform and the grid's axes are not the patient axes
     * @param grid the grid
     * @return per grid axis, the extents towards lower and higher indices (mm)
     */
    default double[][] gridExtentsMm(Grid grid) {
        double[][] out = new double[3][2];
        if (this instanceof Uniform u) {
            for (double[] a : out) { a[0] = u.mm(); a[1] = u.mm(); }
            return out;
        }
        if (!grid.isAxisAligned()) {
            throw new IllegalArgumentException("a per-axis or directional margin needs a grid whose axes run along the patient axes; "
                    + "this grid is oblique (direction " + java.util.Arrays.toString(grid.direction()) + "): resample it first or use a uniform margin");
        }
        double[] e = patientExtentsMm();
        for (int a = 0; a < 3; a++) {
            int r = grid.patientAxisOf(a);
            int sign = grid.patientAxisSign(a);
            double towardPlus = e[2 * r], towardMinus = e[2 * r + 1];
            out[a][0] = sign > 0 ? towardPlus : towardMinus;
            out[a][1] = sign > 0 ? towardMinus : towardPlus;
        }
        return out;
    }
}
