package org.halo.geometry;

/**
 * Exact volumes of margins around convex shapes, the references of the accuracy table: by Steiner's formula, the
 * Minkowski sum of a convex body K and a ball of radius r has volume V + S·r + M·r² + (4π/3)·r³, with S the surface
 * area of K and M the integral of its mean curvature. For ellipsoids S and M are integrated numerically (midpoint rule
 * over the angles, relative error below 1e-7); a six-direction margin element is the union of eight ellipsoid octants,
 * each contributing an eighth of its ellipsoid's V, S and M.
 */
public final class ConvexVolumes {
    private ConvexVolumes() {}

    /**
     * Volume (mm³) of an ellipsoid with semi-axes a, b, c grown by a ball of radius r (mm).
     *
     * @param a semi-axis along x (mm)
     * @param b semi-axis along y (mm)
     * @param c semi-axis along z (mm)
     * @param r the ball's radius (mm)
     * @return the volume (mm³)
     */
    public static double ellipsoidPlusBall(double a, double b, double c, double r) {
        double[] sm = surfaceAndMeanCurvature(a, b, c);
        return 4.0 / 3.0 * Math.PI * a * b * c + sm[0] * r + sm[1] * r * r + 4.0 / 3.0 * Math.PI * r * r * r;
    }

    /**
     * Volume (mm³) of a ball of radius r grown by a six-direction margin (mm: +x, −x, +y, −y, +z, −z extents): the
     * union of the eight ellipsoid octants the extents bound, plus the ball.
     *
     * @param r the ball's radius (mm)
     * @param xPlus extent along +x (mm)
     * @param xMinus extent along −x (mm)
     * @param yPlus extent along +y (mm)
     * @param yMinus extent along −y (mm)
     * @param zPlus extent along +z (mm)
     * @param zMinus extent along −z (mm)
     * @return the volume (mm³)
     */
    public static double ballPlusOctants(double r, double xPlus, double xMinus, double yPlus, double yMinus, double zPlus, double zMinus) {
        double total = 4.0 / 3.0 * Math.PI * r * r * r;
        for (double a : new double[] {xPlus, xMinus}) for (double b : new double[] {yPlus, yMinus}) for (double c : new double[] {zPlus, zMinus}) {
            double[] sm = surfaceAndMeanCurvature(a, b, c);
            total += (4.0 / 3.0 * Math.PI * a * b * c + sm[0] * r + sm[1] * r * r) / 8;
        }
        return total;
    }

    /** {surface area, ∫ mean curvature dA} of an ellipsoid. */
    static double[] surfaceAndMeanCurvature(double a, double b, double c) {
        int n = 1200;
        double dt = Math.PI / n, dp = Math.PI / n, area = 0, mean = 0;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * dt, st = Math.sin(t), ct = Math.cos(t);
            for (int j = 0; j < 2 * n; j++) {
                double p = (j + 0.5) * dp, sp = Math.sin(p), cp = Math.cos(p);
                double x = a * st * cp, y = b * st * sp, z = c * ct;
                // |∂X/∂θ × ∂X/∂φ|
                double nx = b * c * st * st * cp, ny = a * c * st * st * sp, nz = a * b * st * ct;
                double dA = Math.sqrt(nx * nx + ny * ny + nz * nz);
                double gx = x / (a * a), gy = y / (b * b), gz = z / (c * c), g = Math.sqrt(gx * gx + gy * gy + gz * gz);
                double h = -(x * x + y * y + z * z - a * a - b * b - c * c) / (2 * a * a * b * b * c * c * g * g * g);
                area += dA * dt * dp;
                mean += h * dA * dt * dp;
            }
        }
        return new double[] {area, mean};
    }
}
