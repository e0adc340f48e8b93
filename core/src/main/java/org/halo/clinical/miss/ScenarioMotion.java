package org.halo.clinical.miss;

import java.util.Arrays;
import net.imglib2.Interval;
import org.halo.image.Grid;

/**
 * How far the scenarios move points: per course and fraction the drift length and a bound on the rigid move (the
 * translation's length and ‖R − I‖, at most the sum of the three angles in radians); and the reach of the lattice
 * beyond the CTV (and the PTV) that contains every displaced point.
 */
record ScenarioMotion(double[] driftReachMm, double[] moveBoundMm, double reachMm) {
    /**
     * @param sc the scenarios
     * @param g the CTV's grid
     * @param bounds the CTV's bounding box (voxels)
     * @param isocentreMm the isocentre (mm, LPS)
     * @param maxDelin the largest outward delineation offset the points reach (mm)
     * @param shapeReach the margin (mm)
     * @param typical the error model's typical moves, which the reach covers too (null: the scenarios' alone)
     * @return the motion
     */
    static ScenarioMotion of(Scenarios sc, Grid g, Interval bounds, double[] isocentreMm, double maxDelin, double shapeReach, MotionSample typical) {
        double[] sp = g.spacingMm();
        double reachFromIso = 0;
        for (int corner = 0; corner < 8; corner++) {
            double[] p = g.indexToPatientMm((corner & 1) == 0 ? bounds.min(0) : bounds.max(0), (corner & 2) == 0 ? bounds.min(1) : bounds.max(1),
                    (corner & 4) == 0 ? bounds.min(2) : bounds.max(2));
            reachFromIso = Math.max(reachFromIso, MissProblem.dist(p, isocentreMm));
        }
        reachFromIso += maxDelin + MissProblem.norm(sp);
        double[] driftReach = new double[sc.count() * sc.fractions()], moveBound = new double[2 * driftReach.length];
        perFraction(sc, driftReach, moveBound);
        double maxDisp = typical == null ? 0 : typical.displacementMm(reachFromIso);
        for (int f = 0; f < driftReach.length; f++) maxDisp = Math.max(maxDisp, moveBound[2 * f] + driftReach[f] + moveBound[2 * f + 1] * reachFromIso);
        return new ScenarioMotion(driftReach, moveBound, maxDelin + Math.max(maxDisp, shapeReach) + 2 * MissProblem.max(sp));
    }

    /** Per course and fraction f: the drift's length (mm) into {@code driftReach[f]}, |T| (mm) and ‖R − I‖'s bound into {@code moveBound[2f..]}. */
    static void perFraction(Scenarios sc, double[] driftReach, double[] moveBound) {
        int n = sc.fractions();
        for (int j = 0; j < sc.count(); j++) {
            for (int k = 0; k < n; k++) {
                int f = j * n + k;
                double[] t = new double[3];
                for (int a = 0; a < 3; a++) t[a] = sc.systematicShiftMm()[3 * j + a] + sc.setupShiftMm()[3 * f + a];
                driftReach[f] = MissProblem.norm(Arrays.copyOfRange(sc.driftMm(), 3 * f, 3 * f + 3));
                double rb = 0; // ‖R − I‖ ≤ the sum of the three angles (rad)
                for (int a = 0; a < 3; a++) rb += Math.abs(Math.toRadians(sc.systematicRotationDeg()[3 * j + a] + sc.rotationDeg()[3 * f + a]));
                moveBound[2 * f] = MissProblem.norm(t);
                moveBound[2 * f + 1] = rb;
            }
        }
    }
}
