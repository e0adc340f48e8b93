package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/** The deterministic oracles of docs/clinical.md, "How the model is validated". */
class MissSimulationTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    /** A ball of radius r (mm) centred in a cubic grid of the given spacing. */
    static Mask sphere(double radiusMm, double spacingMm) {
        int n = (int) Math.ceil((2 * radiusMm + 6) / spacingMm);
        Mask m = Mask.empty(Grid.of(n, n, n, spacingMm, spacingMm, spacingMm));
        double c = (n - 1) * spacingMm / 2 + 0.123 * spacingMm;
        Phantoms.addSphere(m, c, c, c, radiusMm);
        return m;
    }

    static MissResult run(Mask ctv, double marginMm, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed) {
        return new MissSimulation(CPU).run(new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), dose, model,
                fractions, scenarios, seed, null, null));
    }

    @Test
    void systematicTranslationsOnASphereFollowChiWithThreeDegreesOfFreedom() {
        Mask ctv = sphere(10, 0.5);
        ErrorModel sys = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(1.0));
        int n = 4000;
        MissResult at90 = run(ctv, 2.5, new DoseModel.SharpEdge(), sys, 1, n, 7);
        MissResult at95 = run(ctv, 2.796, new DoseModel.SharpEdge(), sys, 1, n, 7);
        // Voxel-centre geometry on a 0.5 mm grid may cover a little more than the continuous sphere: allow 0.01.
        assertEquals(0.90, at90.fullCoverage().value(), 4 * at90.fullCoverage().standardError() + 0.01, at90.fullCoverage().toString());
        assertEquals(0.95, at95.fullCoverage().value(), 4 * at95.fullCoverage().standardError() + 0.01, at95.fullCoverage().toString());
    }

    @Test
    void oneFractionAddsSystematicAndRandomInQuadrature() {
        Mask ctv = sphere(10, 0.5);
        ErrorModel m = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(0.8)).withRandomMm(ErrorModel.isotropic(0.6));
        MissResult r = run(ctv, 2.5 * Math.hypot(0.8, 0.6), new DoseModel.SharpEdge(), m, 1, 4000, 11);
        assertEquals(0.90, r.fullCoverage().value(), 4 * r.fullCoverage().standardError() + 0.01, r.fullCoverage().toString());
    }

    @Test
    void rotationAboutADistantIsocentreMovesAPointPerpendicularly() {
        ErrorModel rot = ErrorModel.none().withRotationDeg(1.0);
        int n = 20000;
        Scenarios sc = ScenarioSampler.sample(rot, n, 1, 3);
        double[] r = new double[9];
        double sumY = 0, sumY2 = 0, sumZ2 = 0, sumX = 0;
        int within = 0;
        for (int j = 0; j < n; j++) {
            MissProblem.rotation(sc.rotationDeg()[3 * j], sc.rotationDeg()[3 * j + 1], sc.rotationDeg()[3 * j + 2], r);
            // The point sits 50 mm from the isocentre along x.
            double dx = r[0] * 50 - 50, dy = r[3] * 50, dz = r[6] * 50;
            sumX += dx;
            sumY += dy;
            sumY2 += dy * dy;
            sumZ2 += dz * dz;
            if (Math.sqrt(dx * dx + dy * dy + dz * dz) <= 2.146 * 0.873) within++;
        }
        double sdY = Math.sqrt(sumY2 / n - (sumY / n) * (sumY / n)), sdZ = Math.sqrt(sumZ2 / n);
        assertEquals(0.873, sdY, 0.02);
        assertEquals(0.873, sdZ, 0.02);
        assertEquals(0, sumX / n, 0.02, "no radial component to first order");
        assertEquals(0.90, (double) within / n, 0.01);
    }

    @Test
    void randomErrorsKeepTheMeanDoseAndShrinkItsSpreadLikeOneOverRootN() {
        Mask ctv = sphere(6, 1.0);
        ErrorModel random = ErrorModel.none().withRandomMm(ErrorModel.isotropic(1.0));
        DoseModel dose = new DoseModel.Exponential(3.0, null);
        int n = 3000;
        double[][] mean = new double[2][], sd = new double[2][];
        int[] fractions = {1, 5};
        for (int f = 0; f < 2; f++) {
            Scenarios sc = ScenarioSampler.sample(random, n, fractions[f], 5);
            MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, 1.0), dose, MissSimulation.centroidMm(ctv), sc, 1,
                    DoseAccumulation.PHYSICAL, TargetModel.VOXEL_CENTRE, CPU);
            int points = p.points().entries();
            double[] s = new double[points], s2 = new double[points];
            for (int j = 0; j < n; j++) {
                double[] d = JavaMissEvaluator.pointDoses(p, j);
                for (int i = 0; i < points; i++) {
                    s[i] += d[i];
                    s2[i] += d[i] * d[i];
                }
            }
            mean[f] = new double[points];
            sd[f] = new double[points];
            for (int i = 0; i < points; i++) {
                mean[f][i] = s[i] / n;
                sd[f][i] = Math.sqrt(Math.max(0, s2[i] / n - mean[f][i] * mean[f][i]));
            }
        }
        // The boundary points (the 200 outermost by signed distance) carry the signal.
        Scenarios any = ScenarioSampler.sample(random, 1, 1, 5);
        float[] depth = MissProblem.build(new MissTarget.WithMargin(ctv, 1.0), dose, MissSimulation.centroidMm(ctv), any, 1,
                DoseAccumulation.PHYSICAL, TargetModel.VOXEL_CENTRE, CPU).points().threshold();
        Integer[] byDepth = new Integer[depth.length];
        for (int i = 0; i < depth.length; i++) byDepth[i] = i;
        java.util.Arrays.sort(byDepth, (a, b) -> Float.compare(depth[a], depth[b]) != 0 ? Float.compare(depth[a], depth[b]) : Integer.compare(a, b));
        int checked = 0;
        for (int r = depth.length - 200; r < depth.length; r++) {
            int i = byDepth[r];
            if (sd[0][i] < 0.01) continue;
            assertEquals(mean[0][i], mean[1][i], 4 * sd[0][i] / Math.sqrt(n) + 1e-3, "mean dose at point " + i);
            assertEquals(Math.sqrt(5), sd[0][i] / sd[1][i], 0.25, "spread ratio at point " + i);
            checked++;
        }
        assertTrue(checked > 50, "boundary points checked: " + checked);
    }

    /** A one-slice plate 3 mm thick under a 1 mm delineation SD (smooth model): refused, the offset in mm. */
    @Test
    void aTargetThinnerThanTheDelineationOffsetsIsRefused() {
        Mask plate = Mask.empty(Grid.of(30, 30, 9, 1, 1, 3));
        for (int y = 5; y < 25; y++) for (int x = 5; x < 25; x++) plate.voxels()[x + 30 * (y + 30 * 4)] = 1;
        ErrorModel m = ErrorModel.none().withDelineationMm(1.0);
        MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(plate, 1), new DoseModel.SharpEdge(), m, 1, 400, 7,
                null, null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MissSimulation(CPU).run(r));
        assertTrue(e.getMessage().matches("the true CTV is empty for delineation offsets below -\\d\\.\\d\\d mm, .* %.*too large for this target"),
                e.getMessage());
    }

    /** An ellipsoid of 0.1 cc (semi-axes 3.3, 3.3 and 2.5 mm) on 2 mm slices: its inside is under 2 mm deep. */
    static Mask smallEllipsoidOnThickSlices() {
        Grid g = Grid.of(24, 24, 12, 1, 1, 2);
        Mask m = Mask.empty(g);
        double cx = 11.8, cy = 12.3, cz = 11.4;
        for (int z = 0; z < 12; z++) for (int y = 0; y < 24; y++) for (int x = 0; x < 24; x++) {
            double u = (x - cx) / 3.315, v = (y - cy) / 3.255, w = (2 * z - cz) / 2.542;
            if (u * u + v * v + w * w <= 1) m.voxels()[g.index(x, y, z)] = 1;
        }
        return m;
    }

    /**
     * A target thinner than a deep inward offset, under a delineation SD that reaches beyond its inside in a few offsets
     * in a thousand: the offsets are drawn given a true CTV that is not empty (none deeper than the deepest threshold,
     * though the normal draws were), the integral's masses are the conditioned law's (closed form), and both estimators
     * give a result and agree. Before, the first scenario whose true CTV was empty refused the whole target.
     */
    @Test
    void aSmallTargetIsConditionedOnATrueCtvThatIsNotEmpty() {
        Mask ctv = smallEllipsoidOnThickSlices();
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(org.halo.clinical.guideline.TargetKind.INTACT, true, 15).withDelineationMm(0.6);
        Scenarios sc = ScenarioSampler.sample(m, 0, 4000, 1, 5, false);
        MissTarget target = new MissTarget.WithMargin(ctv, 1.0);
        DoseModel dose = new DoseModel.Exponential(null, null);
        MissProblem p = MissProblem.build(target, dose, MissSimulation.centroidMm(ctv), sc, m.substeps(), DoseAccumulation.PHYSICAL, TargetModel.SMOOTH,
                new DelineationIntegral.Offset(m.growthMm(), m.delineationMm()), CPU);
        float least = p.points().sortedThresholds()[0];
        long deeper = java.util.Arrays.stream(sc.delineationMm()).filter(d -> d < least).count();
        assertTrue(deeper > 0, "some normal draws go deeper than the target's inside (" + least + " mm)");
        for (double d : p.delineationMm()) assertTrue(d >= least, "offset " + d + " below the deepest threshold " + least);
        org.apache.commons.math3.distribution.NormalDistribution law = new org.apache.commons.math3.distribution.NormalDistribution(m.growthMm(),
                m.delineationMm());
        double empty = law.cumulativeProbability(least), upper = p.delineationIntegral().upperMm();
        assertTrue(empty > 1e-4 && empty < 0.01, "P(no true CTV) " + empty);
        double masses = java.util.Arrays.stream(p.delineationIntegral().mass()).sum();
        assertEquals((law.cumulativeProbability(upper) - empty) / (1 - empty), masses, 1e-9, "the integral's masses, given a true CTV");
        MissResult plain = new MissSimulation(CPU).run(new MissSimulation.Request(target, dose, m, 1, 4000, 5, null, null).withEstimator(Estimator.PLAIN));
        MissResult integrated = new MissSimulation(CPU).run(new MissSimulation.Request(target, dose, m, 1, 1000, 6, null, null)
                .withEstimator(Estimator.CONDITIONAL));
        double se = Math.hypot(plain.missD95().standardError(), integrated.missD95().standardError());
        assertTrue(plain.missD95().value() > 0.05, "a risk to compare: " + plain.missD95().value());
        assertEquals(plain.missD95().value(), integrated.missD95().value(), 3.5 * se, "P(D95 < 95 %), plain against integrated");
    }

    @Test
    void geographicMissNeverRisesWithTheMargin() {
        Mask ctv = sphere(10, 1.0);
        ErrorModel m = Platform.MASK_3DOF.model(org.halo.clinical.guideline.TargetKind.INTACT, true, 15);
        double lastP = 2, lastV = Double.POSITIVE_INFINITY;
        for (double margin = 0; margin <= 3; margin += 0.5) {
            MissResult r = run(ctv, margin, new DoseModel.Exponential(3.0, null), m, 3, 1500, 99);
            assertTrue(r.missD95().value() <= lastP, "P(D95<95%) at " + margin + " mm: " + r.missD95() + " after " + lastP);
            assertTrue(r.underdosedFraction().mean() <= lastV, "E[V<95] at " + margin + " mm");
            lastP = r.missD95().value();
            lastV = r.underdosedFraction().mean();
        }
    }

    @Test
    void theSameSeedGivesTheSameNumbersOnAnyThreadCount() {
        Mask ctv = sphere(8, 1.0);
        ErrorModel m = Platform.MASK_6DOF.model(org.halo.clinical.guideline.TargetKind.CAVITY, false, 25);
        MissSimulation.Request req = new MissSimulation.Request(new MissTarget.WithMargin(ctv, 1.5), new DoseModel.Exponential(null, null),
                m, 5, 800, 42, null, null);
        MissResult a = new MissSimulation(new CpuBackend(1)).run(req);
        MissResult b = new MissSimulation(new CpuBackend(3)).run(req);
        assertEquals(a.missD95(), b.missD95());
        assertEquals(a.underdosedCc(), b.underdosedCc());
        assertEquals(a.d98(), b.d98());
        MissResult c = new MissSimulation(new CpuBackend(2)).run(new MissSimulation.Request(req.target(), req.dose(), m, 5, 800, 43, null, null));
        assertTrue(!a.underdosedCc().equals(c.underdosedCc()), "another seed draws other scenarios");
    }

    @Test
    void scenarioDrawsDependOnlyOnSeedScenarioAndFraction() {
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(org.halo.clinical.guideline.TargetKind.INTACT, true, 15);
        Scenarios few = ScenarioSampler.sample(m, 10, 3, 5), many = ScenarioSampler.sample(m, 1000, 3, 5);
        assertArrayEquals(few.setupShiftMm(), java.util.Arrays.copyOf(many.setupShiftMm(), few.setupShiftMm().length));
        assertArrayEquals(few.systematicShiftMm(), java.util.Arrays.copyOf(many.systematicShiftMm(), few.systematicShiftMm().length));
    }

    @Test
    void presetsMatchTheLiteratureTotals() {
        // GK Icon total system uncertainty 1.30 ± 0.52 mm (3-D, Duggar 2019) against √3·√(per-axis variances).
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(org.halo.clinical.guideline.TargetKind.INTACT, true, 15);
        double perAxis = m.systematicMm()[0] * m.systematicMm()[0] + m.randomMm()[0] * m.randomMm()[0] + m.intrafractionMm() * m.intrafractionMm();
        double total3d = Math.sqrt(3 * perAxis);
        assertTrue(Math.abs(total3d - 1.30) < 0.52, "3-D total " + total3d);
    }
}
