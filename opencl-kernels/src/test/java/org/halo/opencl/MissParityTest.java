package org.halo.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DelineationIntegral;
import org.halo.clinical.miss.DoseAccumulation;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.JavaMissEvaluator;
import org.halo.clinical.miss.MissEvaluator;
import org.halo.clinical.miss.MissProblem;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.ScenarioOutcomes;
import org.halo.clinical.miss.ScenarioSampler;
import org.halo.clinical.miss.Scenarios;
import org.halo.clinical.miss.TargetModel;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.junit.jupiter.api.Test;

/**
 * The scenario kernel on OpenCL against the Java kernel: the same draws, so identical outcomes, bit for bit. The checks
 * run in a child JVM ({@link ChildJvm}): PoCL, the CPU driver CI tests on, has crashed the JVM on this kernel now and then
 * (docs/gpu.md), and a crash must not hide the parity result or take the other test classes down with it.
 */
class MissParityTest {
    private static OpenClBackend gpu;

    @Test
    void theKernelMatchesTheJavaKernelExactly() throws Exception {
        String reason = OpenClBackend.unavailableReason();
        assumeTrue(reason == null, "no OpenCL here: " + reason);
        ChildJvm.runMain(MissParityTest.class, 3);
    }

    /** The child: every check, on the first OpenCL device with double precision (exit 3 when there is none). */
    public static void main(String[] args) {
        gpu = OpenClBackend.openFirst();
        if (gpu == null) System.exit(3);
        try {
            MissParityTest t = new MissParityTest();
            for (TargetModel m : TargetModel.values()) {
                t.analyticDosesMatchTheJavaKernelExactly(m);
                t.importedDoseAndGivenPtvMatchTooAndTheSimulationUsesTheKernel(m);
                t.theConditionalEstimatorMatchesToo(m);
            }
            gpu.close();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("PARITY OK");
        System.exit(0);
    }

    static Mask ctv() {
        Mask m = Mask.empty(new Grid(new int[] {36, 34, 20}, new double[] {0.9, 0.9, 1.5}, new double[] {-15, -14, -14}, Grid.identity()));
        Phantoms.addSphere(m, 16.1, 15.3, 14.2, 7);
        Phantoms.addSphere(m, 20.5, 17.0, 17.0, 4);
        return m;
    }

    static void assertSameOutcomes(MissProblem p) {
        MissEvaluator e = gpu.capability(MissEvaluator.class);
        assertNotNull(e);
        ScenarioOutcomes a = new JavaMissEvaluator(2).evaluate(p), b = e.evaluate(p);
        assertArrayEquals(a.points(), b.points());
        assertArrayEquals(a.below95(), b.below95());
        assertArrayEquals(a.below90(), b.below90());
        assertArrayEquals(a.minDose(), b.minDose());
        assertArrayEquals(a.d95(), b.d95());
        assertArrayEquals(a.d98(), b.d98());
        assertArrayEquals(a.maxGeometricMiss(), b.maxGeometricMiss());
        assertArrayEquals(a.meanGeometricMiss(), b.meanGeometricMiss());
        assertArrayEquals(a.dvh(), b.dvh(), "each scenario's cumulative DVH");
        assertArrayEquals(a.conditionalMissD95(), b.conditionalMissD95(), "the conditional estimator's P(D95 miss) per scenario");
        assertArrayEquals(a.conditionalMissD98At90(), b.conditionalMissD98At90(), "the conditional estimator's P(D98 miss) per scenario");
        for (double level : new double[] {0.95, 0.9}) {
            assertArrayEquals(new JavaMissEvaluator(2).underCounts(p, level), e.underCounts(p, level), "the coverage map's counts at " + level);
        }
    }

    static MissProblem problem(MissTarget t, DoseModel d, ErrorModel m, int fractions, DoseAccumulation acc, TargetModel model) {
        Scenarios sc = ScenarioSampler.sample(m, 300, fractions, 17);
        return MissProblem.build(t, d, MissSimulation.centroidMm(t.ctv()), sc, m.substeps(), acc, model, new CpuBackend(2));
    }

    void analyticDosesMatchTheJavaKernelExactly(TargetModel model) {
        Mask ctv = ctv();
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(TargetKind.CAVITY, false, 15);
        for (DoseModel d : new DoseModel[] {new DoseModel.Exponential(null, null), new DoseModel.ErfEdge(2, 0.8), new DoseModel.SharpEdge()}) {
            assertSameOutcomes(problem(new MissTarget.WithMargin(ctv, 1.0), d, m, 5, DoseAccumulation.PHYSICAL, model));
        }
        assertSameOutcomes(problem(new MissTarget.WithMargin(ctv, 0), new DoseModel.Exponential(3.0, null),
                Platform.MASK_NO_IGRT.model(TargetKind.INTACT, true, 30), 3, new DoseAccumulation(9, 10), model));
        assertSameOutcomes(problem(new MissTarget.WithMargin(ctv, 2), new DoseModel.SharpEdge(),
                ErrorModel.none().withSystematicMm(ErrorModel.isotropic(1.0)), 1, DoseAccumulation.PHYSICAL, model));
    }

    /** The delineation offset integrated: the entries above each scenario's offset, the per-threshold counts, the integral. */
    void theConditionalEstimatorMatchesToo(TargetModel model) {
        Mask ctv = ctv();
        for (ErrorModel m : new ErrorModel[] {Platform.MASK_6DOF_MONITORED.model(TargetKind.CAVITY, false, 15),
            Platform.MASK_3DOF.model(TargetKind.INTACT, true, 15).withGrowthMm(0.3)}) {
            for (double margin : new double[] {0, 1.0}) {
                Scenarios sc = ScenarioSampler.sample(m, 300, 3, 19);
                MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, margin), new DoseModel.Exponential(null, null),
                        MissSimulation.centroidMm(ctv), sc, m.substeps(), DoseAccumulation.PHYSICAL, model,
                        new DelineationIntegral.Offset(m.growthMm(), m.delineationMm()), new CpuBackend(2));
                assertNotNull(p.delineationIntegral());
                assertSameOutcomes(p);
            }
        }
    }

    void importedDoseAndGivenPtvMatchTooAndTheSimulationUsesTheKernel(TargetModel model) {
        Mask ctv = ctv();
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1.2, 1.2, 2}, new double[] {-18, -18, -20}, Grid.identity());
        float[] v = new float[g.voxelCount()];
        double[] c = MissSimulation.centroidMm(ctv);
        for (int k = 0; k < 20; k++) for (int j = 0; j < 30; j++) for (int i = 0; i < 30; i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double r = Math.sqrt(Math.pow(p[0] - c[0], 2) + Math.pow(p[1] - c[1], 2) + Math.pow(p[2] - c[2], 2));
            v[g.index(i, j, k)] = (float) (24 * Math.min(1.1, Math.pow(2, -(r - 9) / 3.0)));
        }
        DoseModel dose = new DoseModel.Imported(new DoseGrid(Volume.ofFloats(g, v)), 24);
        Mask ptv = new org.halo.geometry.MarginExpander(new CpuBackend(2)).expand(ctv, new org.halo.geometry.Margin.Uniform(1.5)).mask();
        assertSameOutcomes(problem(new MissTarget.WithPtv(ctv, ptv), dose, Platform.MASK_3DOF.model(TargetKind.INTACT, true, 15), 3,
                DoseAccumulation.PHYSICAL, model));
        assertTrue(new MissSimulation(gpu).evaluator().name().startsWith("opencl"), "the simulation runs on the device's kernel");
    }
}
