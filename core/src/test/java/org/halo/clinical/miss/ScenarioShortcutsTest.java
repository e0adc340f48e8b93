package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.clinical.guideline.TargetKind;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/**
 * The Java kernel decides most points without reading every substep (skip radii, all-inside cells, the cells no move
 * reaches counted in bulk, the Lipschitz bound of a drift segment, the surface points' lower bound). Those decisions
 * must change nothing: every outcome equals, bit for bit, the kernel that reads every substep of every point.
 */
class ScenarioShortcutsTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final int SCENARIOS = 120;

    private static Mask ellipsoid(double sx, double sy, double sz, double ax, double ay, double az) {
        int nx = (int) Math.ceil((2 * ax + 12) / sx), ny = (int) Math.ceil((2 * ay + 12) / sy), nz = (int) Math.ceil((2 * az + 12) / sz);
        Mask m = Mask.empty(Grid.of(nx, ny, nz, sx, sy, sz));
        double cx = nx * sx / 2 + 0.31, cy = ny * sy / 2 - 0.17, cz = nz * sz / 2 + 0.23;
        byte[] v = m.voxels();
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
            double dx = (x * sx - cx) / ax, dy = (y * sy - cy) / ay, dz = (z * sz - cz) / az;
            if (dx * dx + dy * dy + dz * dz <= 1) v[x + nx * (y + ny * z)] = 1;
        }
        return m;
    }

    private static void assertSameOutcomes(Mask ctv, double marginMm, DoseModel dose, ErrorModel model, int fractions, DoseAccumulation acc,
                                           TargetModel targetModel, double[] isocentreMm) {
        Scenarios sc = ScenarioSampler.sample(model, SCENARIOS, fractions, 17);
        double[] iso = isocentreMm != null ? isocentreMm : MissSimulation.centroidMm(ctv);
        for (Estimator e : Estimator.values()) {
            DelineationIntegral.Offset offset = e.integratesDelineation() && model.delineationMm() > 0
                    ? new DelineationIntegral.Offset(model.growthMm(), model.delineationMm()) : null;
            MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, marginMm), dose, iso, sc, model.substeps(), acc, targetModel, offset,
                    CPU);
            ScenarioOutcomes fast = new JavaMissEvaluator(2).evaluate(p);
            ScenarioOutcomes every = new JavaMissEvaluator(1, false).evaluate(p);
            assertSame(every, fast, targetModel + ", margin " + marginMm + " mm, " + fractions + " fractions, " + dose + ", " + e.token());
        }
    }

    /** Every outcome of every scenario equal, bit for bit. */
    private static void assertSame(ScenarioOutcomes expected, ScenarioOutcomes actual, String what) {
        assertArrayEquals(expected.points(), actual.points(), what);
        assertArrayEquals(expected.below95(), actual.below95(), what);
        assertArrayEquals(expected.below90(), actual.below90(), what);
        assertArrayEquals(expected.minDose(), actual.minDose(), what);
        assertArrayEquals(expected.d95(), actual.d95(), what);
        assertArrayEquals(expected.d98(), actual.d98(), what);
        assertArrayEquals(expected.maxGeometricMiss(), actual.maxGeometricMiss(), what);
        assertArrayEquals(expected.meanGeometricMiss(), actual.meanGeometricMiss(), what);
        assertArrayEquals(expected.conditionalMissD95(), actual.conditionalMissD95(), what);
        assertArrayEquals(expected.conditionalMissD98At90(), actual.conditionalMissD98At90(), what);
    }

    private static ErrorModel preset(Platform p) {
        return p.model(TargetKind.INTACT, true, 15);
    }

    @Test
    void smoothTargetAtEveryMarginAndFractionCount() {
        Mask ctv = ellipsoid(1, 1, 1, 6, 4.5, 5);
        for (double m : new double[] {0, 0.5, 2}) {
            for (int n : new int[] {1, 3}) {
                assertSameOutcomes(ctv, m, new DoseModel.Exponential(null, null), preset(Platform.MASK_6DOF_MONITORED), n,
                        DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null);
            }
        }
    }

    @Test
    void everyDoseModelAndBiologicalAccumulation() {
        Mask ctv = ellipsoid(1, 1, 2, 5, 5, 6);
        ErrorModel model = preset(Platform.MASK_6DOF);
        assertSameOutcomes(ctv, 1, new DoseModel.SharpEdge(), model, 3, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null);
        assertSameOutcomes(ctv, 1, new DoseModel.ErfEdge(2.0, 0.8), model, 3, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null);
        assertSameOutcomes(ctv, 1, new DoseModel.Exponential(3.0, null), model, 5, new DoseAccumulation(6, 10), TargetModel.SMOOTH, null);
    }

    @Test
    void largeShiftsThatMoveDeepCellsOutOfThePtv() {
        // Cells deep in the target, whose every band every scenario includes, leave the PTV here: the bulk count and the
        // cell prefixes must then evaluate each band, not just the deepest.
        Mask ctv = ellipsoid(1, 1, 1, 7, 6, 5);
        ErrorModel large = ErrorModel.none().withRandomMm(ErrorModel.isotropic(2.5)).withSystematicMm(ErrorModel.isotropic(1.5));
        for (double m : new double[] {0, 1}) {
            assertSameOutcomes(ctv, m, new DoseModel.SharpEdge(), large, 1, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null);
            assertSameOutcomes(ctv, m, new DoseModel.ErfEdge(2.0, 0.8), large, 2, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null);
        }
    }

    @Test
    void voxelCentreModel() {
        Mask ctv = ellipsoid(0.5, 0.5, 1, 5, 4, 4.5);
        for (double m : new double[] {0, 1.5}) {
            assertSameOutcomes(ctv, m, new DoseModel.Exponential(null, null), preset(Platform.MASK_6DOF_MONITORED), 5,
                    DoseAccumulation.PHYSICAL, TargetModel.VOXEL_CENTRE, null);
        }
    }

    @Test
    void rotationsAboutADistantIsocentreAndACavityDelineation() {
        Mask ctv = Mask.empty(Grid.of(30, 30, 30, 1, 1, 1));
        Phantoms.addSphere(ctv, 15.2, 14.9, 15.1, 5);
        double[] c = MissSimulation.centroidMm(ctv);
        double[] iso = {c[0] + 40, c[1] - 20, c[2] + 10};
        ErrorModel rotating = preset(Platform.MASK_3DOF).withDelineationMm(1.0);
        assertSameOutcomes(ctv, 1, new DoseModel.Exponential(null, null), rotating, 3, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, iso);
        assertSameOutcomes(ctv, 0, new DoseModel.SharpEdge(), rotating, 1, DoseAccumulation.PHYSICAL, TargetModel.VOXEL_CENTRE, iso);
    }

    @Test
    void anImportedDoseAndAGivenPtv() {
        Mask ctv = ellipsoid(1, 1, 1, 5, 4.5, 4);
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1.2, 1.2, 2}, new double[] {-6, -6, -8}, Grid.identity());
        float[] v = new float[g.voxelCount()];
        double[] c = MissSimulation.centroidMm(ctv);
        for (int k = 0; k < 20; k++) for (int j = 0; j < 30; j++) for (int i = 0; i < 30; i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double r = Math.sqrt(Math.pow(p[0] - c[0], 2) + Math.pow(p[1] - c[1], 2) + Math.pow(p[2] - c[2], 2));
            v[g.index(i, j, k)] = (float) (24 * Math.min(1.1, Math.pow(2, -(r - 6) / 3.0)));
        }
        DoseModel imported = new DoseModel.Imported(new org.halo.metrics.DoseGrid(org.halo.image.Volume.ofFloats(g, v)), 24);
        for (TargetModel tm : TargetModel.values()) {
            assertSameOutcomes(ctv, 1, imported, preset(Platform.MASK_6DOF_MONITORED), 3, DoseAccumulation.PHYSICAL, tm, null);
        }
        Mask ptv = new org.halo.geometry.MarginExpander(CPU).expand(ctv, new org.halo.geometry.Margin.Uniform(1.5)).mask();
        Scenarios sc = ScenarioSampler.sample(preset(Platform.MASK_6DOF_MONITORED), SCENARIOS, 3, 29);
        MissProblem p = MissProblem.build(new MissTarget.WithPtv(ctv, ptv), new DoseModel.Exponential(null, null), c, sc, 5,
                DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, CPU);
        assertSame(new JavaMissEvaluator(1, false).evaluate(p), new JavaMissEvaluator(2).evaluate(p), "given PTV");
    }

    @Test
    void theShortcutsDecideMostPointsAtALargeMargin() {
        // Not a speed assertion: a check that the bulk count applies at all (a kernel that never took it would pass the others).
        Mask ctv = ellipsoid(1, 1, 1, 8, 8, 8);
        Scenarios sc = ScenarioSampler.sample(preset(Platform.MASK_6DOF_MONITORED), 10, 1, 3);
        MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, 2), new DoseModel.Exponential(null, null), MissSimulation.centroidMm(ctv),
                sc, 5, DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, CPU);
        JavaMissEvaluator.Bulk bulk = JavaMissEvaluator.Bulk.of(p);
        assertTrue(bulk.beyond(1.0) > bulk.cells().length / 2, "cells beyond 1 mm of reach: " + bulk.beyond(1.0) + " of " + bulk.cells().length);
    }

    @Test
    void theSkipFieldIsTheDistanceToTheOutsideGrownByOneNode() {
        int nx = 9, ny = 7, nz = 6;
        double[] h = {0.5, 0.45, 1.0};
        java.util.Random rnd = new java.util.Random(5);
        byte[] ptv = new byte[nx * ny * nz];
        for (int i = 0; i < ptv.length; i++) ptv[i] = (byte) (rnd.nextInt(10) < 8 ? 1 : 0);
        Grid grid = Grid.of(nx, ny, nz, h[0], h[1], h[2]);
        float[] skip = SkipField.of(new MissLattice(grid, new float[ptv.length], new float[ptv.length], ptv, 0, null), CPU, new MissCache());
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < ptv.length; c++) {
                int cx = c % nx, cy = (c / nx) % ny, cz = c / (nx * ny);
                boolean grown = false;
                for (int o = 0; o < ptv.length && !grown; o++) {
                    int ox = o % nx, oy = (o / nx) % ny, oz = o / (nx * ny);
                    grown = ptv[o] == 0 && Math.abs(ox - cx) <= 1 && Math.abs(oy - cy) <= 1 && Math.abs(oz - cz) <= 1;
                }
                if (grown) best = Math.min(best, Math.sqrt(Math.pow((cx - x) * h[0], 2) + Math.pow((cy - y) * h[1], 2) + Math.pow((cz - z) * h[2], 2)));
            }
            org.junit.jupiter.api.Assertions.assertEquals(best, skip[x + nx * (y + ny * z)], 1e-5, "node " + x + "," + y + "," + z);
        }
    }

    @Test
    void aSweepCarriesAllInsideScenariosToLargerMarginsUnchanged() {
        Mask ctv = ellipsoid(1, 1, 1, 5, 4, 4.5);
        ErrorModel model = preset(Platform.MASK_6DOF_MONITORED);
        DelineationIntegral.Offset integrated = new DelineationIntegral.Offset(model.growthMm(), model.delineationMm());
        for (TargetModel tm : TargetModel.values()) {
            for (int n : new int[] {1, 3, -3}) {
                DelineationIntegral.Offset offset = n < 0 ? integrated : null; // the conditional estimator with 3 fractions
                n = Math.abs(n);
                Scenarios sc = ScenarioSampler.sample(model, SCENARIOS, n, 23);
                MissSimulation.Sweep sweep = new MissSimulation(CPU).sweep();
                MissProblem previous = null;
                int carried = 0;
                for (double m : new double[] {0, 0.5, 1, 2, 3}) {
                    MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, m), new DoseModel.Exponential(null, null),
                            MissSimulation.centroidMm(ctv), sc, model.substeps(), DoseAccumulation.PHYSICAL, tm, offset, CPU);
                    ScenarioOutcomes every = new JavaMissEvaluator(1, false).evaluate(p);
                    if (previous != null && MissProblem.sameButLargerMargin(previous, p)) {
                        for (boolean b : every.inside()) carried += b ? 1 : 0;
                    }
                    ScenarioOutcomes swept = sweep.evaluate(new JavaMissEvaluator(2), p, 0);
                    assertSame(every, swept, tm + ", " + n + " fractions, margin " + m + " mm");
                    previous = p;
                }
                assertTrue(carried > SCENARIOS / 2, tm + ", " + n + " fractions: scenarios carried " + carried);
            }
        }
    }
}
