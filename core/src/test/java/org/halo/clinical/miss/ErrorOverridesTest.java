package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.TargetKind;
import org.junit.jupiter.api.Test;

/** A preset with a user's changes, and the regimens a comparison runs: the rules the CLI, cohorts and Spark share. */
class ErrorOverridesTest {
    @Test
    void componentsAddInQuadratureWithThePresetsOthers() {
        ErrorOverrides reg = new ErrorOverrides(null, 1.0, null, null, null, null, null, null, null, null, null, null, null);
        ErrorModel corrected = reg.apply(Platform.MASK_6DOF, TargetKind.INTACT, true, 15);
        double expected = Math.sqrt(1.0 + Platform.MACHINE_MM * Platform.MACHINE_MM);
        assertArrayEquals(new double[] {expected, expected, expected}, corrected.systematicMm(), 1e-12);
        ErrorModel uncorrected = reg.apply(Platform.MASK_6DOF, TargetKind.INTACT, false, 15);
        double withDistortion = Math.sqrt(1.0 + Platform.MACHINE_MM * Platform.MACHINE_MM + Platform.DISTORTION_UNCORRECTED_MM * Platform.DISTORTION_UNCORRECTED_MM);
        assertEquals(withDistortion, uncorrected.systematicMm()[0], 1e-12);
        ErrorModel alone = reg.apply(null, TargetKind.INTACT, true, 15);
        assertEquals(1.0, alone.systematicMm()[0], 1e-12, "without a preset only what is given counts");
    }

    @Test
    void nothingChangedIsThePresetAndOverridesReplaceTheirComponent() {
        ErrorModel preset = Platform.FRAME.model(TargetKind.CAVITY, true, 15);
        ErrorModel same = ErrorOverrides.NONE.apply(Platform.FRAME, TargetKind.CAVITY, true, 15);
        assertArrayEquals(preset.systematicMm(), same.systematicMm());
        assertEquals(preset.delineationMm(), same.delineationMm());
        ErrorModel changed = new ErrorOverrides(new double[] {0.5, 0.6, 0.7}, null, null, null, null, new double[] {0.4}, 1.0, null, null, 0.0,
                2.0, null, 9).apply(Platform.FRAME, TargetKind.CAVITY, true, 15);
        assertArrayEquals(new double[] {0.5, 0.6, 0.7}, changed.systematicMm());
        assertArrayEquals(new double[] {0.4, 0.4, 0.4}, changed.randomMm());
        assertEquals(1.0, changed.rotationDeg());
        assertTrue(Double.isNaN(changed.gatingMm()), "a gating threshold of 0 is no gating");
        assertEquals(2.0, changed.delineationMm());
        assertEquals(9, changed.substeps());
    }

    @Test
    void contradictionsAndBadLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ErrorOverrides(new double[] {1}, 0.4, null, null, null, null, null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ErrorOverrides(null, null, null, null, new double[] {1, 2}, null, null, null, null, null, null, null, null));
    }

    @Test
    void regimensKeepTheFractionRulesOfTheirIntent() {
        Regimen r = Regimen.parse("hsrt:5@mask-6dof", Platform.FRAME);
        assertEquals(Intent.HSRT, r.intent());
        assertEquals(5, r.fractions());
        assertEquals(Platform.MASK_6DOF, r.platform());
        assertEquals("hsrt:5@mask-6dof", r.label());
        assertEquals(Platform.FRAME, Regimen.parse("srs:1", Platform.FRAME).platform());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Regimen.parse("srs:3", null)).getMessage().contains("SRS is one fraction"));
        assertThrows(IllegalArgumentException.class, () -> Regimen.parse("hsrt:8", null));
        assertThrows(IllegalArgumentException.class, () -> new Regimen(Intent.HSRT, 1, null, "x"));
        assertNull(Intent.HSRT.fractionProblem(3));
    }
    /** The thread count chosen for the CPU path reaches the Java Monte Carlo kernel whichever device was asked for. */
    @Test
    void theCpuThreadCountReachesTheJavaKernelUnderAuto() {
        try (org.halo.compute.Backend auto = org.halo.compute.Backends.select("auto", 1, note -> { }).backend()) {
            assertEquals(1, auto.cpuThreads());
            MissEvaluator e = new MissSimulation(auto).evaluator();
            if (e instanceof JavaMissEvaluator) assertTrue(e.name().contains("1 thread"), e.name());
        }
        try (org.halo.compute.Backend cpu = org.halo.compute.Backends.select("cpu", 3, note -> { }).backend()) {
            assertEquals(3, cpu.cpuThreads());
        }
    }
}
