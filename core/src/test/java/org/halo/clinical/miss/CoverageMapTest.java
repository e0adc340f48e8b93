package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.junit.jupiter.api.Test;

/**
 * The coverage-probability map against what must hold: a margin larger than every shift misses nowhere; symmetric
 * errors on a sphere give a radially symmetric map; and its volume integral over the CTV is the mean under-dosed volume
 * of the same scenarios.
 */
class CoverageMapTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    static MissSimulation.Mapped run(Mask ctv, double marginMm, ErrorModel m, int scenarios, TargetModel model) {
        return new MissSimulation(CPU).runWithCoverageMap(new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm),
                new DoseModel.SharpEdge(), m, 1, scenarios, 3, null, null, model, 95));
    }

    @Test
    void aMarginLargerThanEveryShiftMissesNowhere() {
        Mask ctv = MissSimulationTest.sphere(5, 1.0);
        // Shifts of SD 0.2 mm per axis: 300 of them stay far inside a 3 mm margin.
        MissSimulation.Mapped m = run(ctv, 3, ErrorModel.none().withSystematicMm(ErrorModel.isotropic(0.2)), 300, TargetModel.SMOOTH);
        assertEquals(0, m.result().missD95().value(), 0);
        assertEquals(0, m.coverageMap().range()[1], 0, "zeros everywhere");
        assertTrue(m.coverageMap().grid().sameGeometry(ctv.grid(), 1e-9), "the map lies on the CTV's grid");
    }

    @Test
    void symmetricErrorsOnASphereGiveARadiallySymmetricMap() {
        Mask ctv = MissSimulationTest.sphere(6, 1.0);
        MissSimulation.Mapped m = run(ctv, 0.5, ErrorModel.none().withSystematicMm(ErrorModel.isotropic(1.0)), 3000, TargetModel.SMOOTH);
        Grid g = ctv.grid();
        double c = (g.size(0) - 1) / 2.0 + 0.123; // the sphere's centre, in voxels, as MissSimulationTest places it
        Volume.Values v = m.coverageMap().values();
        // The shell 4-6 mm from the centre, split into the six half-spaces ±x, ±y, ±z: each half's mean is the same.
        double[] sum = new double[6];
        int[] n = new int[6];
        double inner = 0, outer = 0;
        int nInner = 0, nOuter = 0;
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double dx = i - c, dy = j - c, dz = k - c, r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            double p = v.at(g.index(i, j, k));
            if (r < 3) {
                inner += p;
                nInner++;
            }
            if (r < 4 || r > 6) continue;
            if (r > 5.5) {
                outer += p;
                nOuter++;
            }
            double[] d = {dx, dy, dz};
            for (int a = 0; a < 3; a++) {
                int half = 2 * a + (d[a] > 0 ? 0 : 1);
                if (Math.abs(d[a]) >= Math.max(Math.abs(d[(a + 1) % 3]), Math.abs(d[(a + 2) % 3]))) {
                    sum[half] += p;
                    n[half]++;
                }
            }
        }
        double mean = 0;
        for (int h = 0; h < 6; h++) mean += sum[h] / n[h] / 6;
        for (int h = 0; h < 6; h++) assertEquals(mean, sum[h] / n[h], 0.03, "half-space " + h + " of the shell against their mean " + mean);
        assertTrue(outer / nOuter > inner / nInner + 0.1, "misses happen at the edge, not in the middle: " + outer / nOuter + " against " + inner / nInner);
    }

    @Test
    void theMapsVolumeIntegralOverTheCtvIsTheMeanUnderdosedVolume() {
        Mask ctv = MissSimulationTest.sphere(5, 1.0);
        ErrorModel m = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(0.8)).withRandomMm(ErrorModel.isotropic(0.5));
        MissSimulation.Mapped mapped = run(ctv, 0.5, m, 1000, TargetModel.VOXEL_CENTRE);
        Volume.Values v = mapped.coverageMap().values();
        double integral = 0;
        for (int i = 0; i < ctv.voxels().length; i++) if (ctv.voxels()[i] != 0) integral += v.at(i);
        integral *= ctv.grid().voxelVolumeMm3() / 1000;
        double mean = mapped.result().underdosedCc().mean();
        assertTrue(mean > 0.01, "some under-dose to map: " + mean);
        assertEquals(mean, integral, 1e-6 * Math.max(1, mean), "∫ map over the CTV (cc) = mean under-dosed volume (cc)");
        assertEquals(0, mapped.coverageMap().values().at(0), 0, "a corner no point reaches holds 0");
    }

    /**
     * A map asked with a precision finds its scenario count first; asked with the count a precision run took (as halo
     * explore and a cohort ask it, from the row they already have), it is the same map of the same scenarios; so is the
     * map asked alone, without the run's outcomes.
     */
    @Test
    void theCountAPrecisionRunTookGivesTheSameMap() {
        Mask ctv = MissSimulationTest.sphere(5, 1.0);
        ErrorModel m = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(0.6)).withRandomMm(ErrorModel.isotropic(0.4)).withDelineationMm(0.5);
        for (Estimator e : Estimator.values()) {
            MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(ctv, 0.5), new DoseModel.Exponential(null, null), m, 3,
                    2000, 11, null, null, TargetModel.SMOOTH, 95, e, Precision.of(0.02));
            MissSimulation.Mapped found = new MissSimulation(CPU).runWithCoverageMap(r);
            int n = new MissSimulation(CPU).run(r).scenarios();
            assertTrue(n < 2000, e + ": the precision stopped early (" + n + ")");
            MissSimulation.Mapped given = new MissSimulation(CPU).runWithCoverageMap(r.withScenarios(n).withPrecision(null));
            assertEquals(n, found.result().scenarios());
            Volume.Values a = found.coverageMap().values(), b = given.coverageMap().values();
            for (int i = 0; i < found.coverageMap().valueCount(); i++) assertEquals(a.at(i), b.at(i), 0, e.token() + " voxel " + i);
            assertEquals(found.result().missD95().value(), given.result().missD95().value(), 0, e.token());
            Volume alone = new MissSimulation(CPU).coverageMap(r);
            for (int i = 0; i < alone.valueCount(); i++) assertEquals(a.at(i), alone.values().at(i), 0, e.token() + " map alone, voxel " + i);
        }
    }

    @Test
    void aLevelAboveThePrescriptionIsRefused() {
        Mask ctv = MissSimulationTest.sphere(4, 1.0);
        MissSimulation.Request above = new MissSimulation.Request(new MissTarget.WithMargin(ctv, 1), new DoseModel.SharpEdge(), ErrorModel.none(), 1, 10, 3,
                null, null, TargetModel.SMOOTH, 110);
        assertThrows(IllegalArgumentException.class, () -> new MissSimulation(CPU).runWithCoverageMap(above));
        assertThrows(IllegalArgumentException.class, () -> new MissSimulation(CPU).coverageMap(above));
        assertEquals(2, CoverageMap.including(new double[] {-1, 0, 0.5, 2}, 0.1), "offsets at or above the threshold include the point");
        assertEquals(4, CoverageMap.including(new double[] {-1, 0, 0.5, 2}, -1), "a threshold equal to an offset includes it");
    }
}
