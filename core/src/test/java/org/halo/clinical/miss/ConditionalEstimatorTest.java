package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.halo.clinical.guideline.TargetKind;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/**
 * The conditional estimator (the delineation offset integrated) against the plain one and a closed form
 * (docs/clinical.md, "The estimator"): unbiased, never noisier, and with an honest standard error.
 */
class ConditionalEstimatorTest {
    static final CpuBackend CPU = new CpuBackend(2);

    static MissResult run(Mask ctv, double marginMm, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed, Estimator e) {
        return new MissSimulation(CPU).run(new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), dose, model, fractions,
                scenarios, seed, null, null).withEstimator(e));
    }

    /** One case of the comparisons: a target, a regimen's errors and fractions, a margin. */
    /**
     * On the five targets × three regimens, an estimator at 1 024 scenarios agrees with the plain one at 4 000 (seeds
     * from {@code seedBase}, independent per row and estimator) for every metric within 3.5 combined standard errors,
     * and the z-scores' RMS is at most 1.5.
     */
    static void agreeWithPlain(Estimator e, long seedBase) {
        List<Double> z = new ArrayList<>();
        List<Case> cases = cases(new double[] {0.5, 1, 1.5});
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            DoseModel dose = new DoseModel.Exponential(null, null);
            MissResult p = run(c.ctv(), c.marginMm(), dose, c.model(), c.fractions(), 4000, seedBase + 2 * i, Estimator.PLAIN);
            MissResult q = run(c.ctv(), c.marginMm(), dose, c.model(), c.fractions(), 1024, seedBase + 1 + 2 * i, e);
            assertEquals(e, q.estimator());
            for (MarginComparison.Metric metric : MarginComparison.Metric.values()) {
                MissResult.Probability a = metric.of(p), b = metric.of(q);
                double se = Math.hypot(a.standardError(), b.standardError());
                double zi = se == 0 ? 0 : (b.value() - a.value()) / se;
                z.add(zi);
                System.out.printf("%-30s %-20s plain %.4f ± %.4f  %s %.4f ± %.4f  z %+.2f%n", c.name(), metric.token(), a.value(), a.standardError(),
                        e.token(), b.value(), b.standardError(), zi);
                assertTrue(Math.abs(zi) <= 3.5, c.name() + " " + metric.token() + ": z = " + zi);
            }
        }
        double rms = Math.sqrt(z.stream().mapToDouble(v -> v * v).sum() / z.size());
        System.out.printf("%s: z RMS over %d rows: %.2f%n", e.token(), z.size(), rms);
        assertTrue(rms <= 1.5, "z RMS " + rms);
    }

    /**
     * Per case, over 50 seeds at 256 scenarios: the spread of an estimator's P(D95 &lt; 95 %) over its mean reported
     * standard error is within 0.8–1.25, and that spread is smaller than another estimator's on the same seeds.
     */
    static void honestAndLessNoisy(Estimator e, Estimator other, List<Case> cases) {
        for (Case c : cases) {
            int seeds = 50;
            double[] mine = new double[seeds], theirs = new double[seeds];
            double meanSe = 0;
            for (int s = 0; s < seeds; s++) {
                MissResult r = run(c.ctv(), c.marginMm(), new DoseModel.Exponential(null, null), c.model(), c.fractions(), 256, 1000 + s, e);
                mine[s] = r.missD95().value();
                meanSe += r.missD95().standardError() / seeds;
                theirs[s] = run(c.ctv(), c.marginMm(), new DoseModel.Exponential(null, null), c.model(), c.fractions(), 256, 1000 + s, other).missD95().value();
            }
            double spread = new StandardDeviation().evaluate(mine), otherSpread = new StandardDeviation().evaluate(theirs);
            System.out.printf("%s: %s spread over %d seeds %.4f, mean reported SE %.4f, ratio %.2f; %s spread %.4f%n", c.name(), e.token(), seeds, spread,
                    meanSe, spread / meanSe, other.token(), otherSpread);
            assertTrue(spread / meanSe >= 0.8 && spread / meanSe <= 1.25, c.name() + ": spread " + spread + " against SE " + meanSe);
            assertTrue(spread < otherSpread, c.name() + ": " + e.token() + " spread " + spread + ", " + other.token() + " " + otherSpread);
        }
    }

    /** The closed form with a delineation offset (sharp edge, one fraction, a systematic translation), within 1 point plus 3 SE. */
    static void closedFormWithADelineationOffset(Estimator e) {
        for (double[] c : new double[][] {{6, 1, 0.5, 0.5}, {10, 1, 0.7, 1.0}}) {
            Mask ctv = GridIndependenceTest.ball(c[0], new double[] {0.5, 0.5, 0.5}, new double[] {c[0] + 3.137, c[0] + 3.291, c[0] + 3.419});
            ErrorModel m = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(c[2])).withDelineationMm(c[3]);
            MissResult q = run(ctv, c[1], new DoseModel.SharpEdge(), m, 1, 4096, 5, e);
            double expected = delineatedLensRisk(c[0], c[1], c[2], c[3]);
            System.out.printf("r %s m %s σ %s σd %s: closed form %.4f, %s %.4f ± %.4f%n", c[0], c[1], c[2], c[3], expected, e.token(), q.missD95().value(),
                    q.missD95().standardError());
            assertEquals(expected, q.missD95().value(), 3 * q.missD95().standardError() + 0.01);
        }
    }

    record Case(String name, Mask ctv, ErrorModel model, int fractions, double marginMm) {}

    static Mask ellipsoid(double[] semiAxesMm, double spacingMm) {
        int n = (int) Math.ceil((2 * Math.max(semiAxesMm[0], Math.max(semiAxesMm[1], semiAxesMm[2])) + 8) / spacingMm);
        Mask m = Mask.empty(Grid.of(n, n, n, spacingMm, spacingMm, spacingMm));
        double c = (n - 1) * spacingMm / 2 + 0.137 * spacingMm;
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
            double dx = (x * spacingMm - c) / semiAxesMm[0], dy = (y * spacingMm - c) / semiAxesMm[1], dz = (z * spacingMm - c) / semiAxesMm[2];
            if (dx * dx + dy * dy + dz * dz <= 1) m.voxels()[x + n * (y + n * z)] = 1;
        }
        return m;
    }

    /** A spherical shell: a resection cavity's rim. */
    static Mask shell(double outerMm, double innerMm, double spacingMm) {
        Mask m = MissSimulationTest.sphere(outerMm, spacingMm);
        int n = m.grid().size(0);
        double c = (n - 1) * spacingMm / 2 + 0.123 * spacingMm;
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
            double dx = x * spacingMm - c, dy = y * spacingMm - c, dz = z * spacingMm - c;
            if (dx * dx + dy * dy + dz * dz <= innerMm * innerMm) m.voxels()[x + n * (y + n * z)] = 0;
        }
        return m;
    }

    static List<Case> cases(double[] margins) {
        List<Mask> targets = List.of(MissSimulationTest.sphere(3, 1), MissSimulationTest.sphere(6, 1), MissSimulationTest.sphere(10, 1),
                ellipsoid(new double[] {9, 6, 4}, 1), shell(15, 5, 1));
        String[] names = {"sphere 3 mm", "sphere 6 mm", "sphere 10 mm", "ellipsoid 9×6×4 mm", "shell 15/5 mm (cavity)"};
        List<Case> out = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            TargetKind kind = t == 4 ? TargetKind.CAVITY : TargetKind.INTACT;
            out.add(new Case(names[t] + ", SRS 1 fx", targets.get(t), Platform.MASK_6DOF.model(kind, true, 15), 1, margins[0]));
            out.add(new Case(names[t] + ", HSRT 3 fx", targets.get(t), Platform.MASK_6DOF.model(kind, false, 15), 3, margins[1]));
            out.add(new Case(names[t] + ", HSRT 5 fx", targets.get(t), Platform.MASK_3DOF.model(kind, false, 15), 5, margins[2]));
        }
        return out;
    }

    /**
     * The closed form with a delineation offset: a sphere r whose true surface lies δ ~ N(0, σd) outside the drawn one
     * (true radius r + δ), a sharp-edged PTV r + m, one fraction, a systematic translation of SD σ per axis: a miss
     * when more than 5 % of the true CTV lies outside, i.e. when the shift exceeds the lens's critical shift for r + δ.
     */
    static double delineatedLensRisk(double r, double m, double sigma, double sigmaD) {
        int steps = 4000; // the midpoint rule: the integrand jumps to 1 where the true CTV outgrows the PTV
        double h = 12 * sigmaD / steps, sum = 0;
        for (int i = 0; i < steps; i++) {
            double d = -6 * sigmaD + (i + 0.5) * h;
            sum += Math.exp(-d * d / (2 * sigmaD * sigmaD)) / (sigmaD * Math.sqrt(2 * Math.PI)) * missGiven(r + d, r + m, sigma) * h;
        }
        return sum;
    }

    private static double missGiven(double trueR, double ptvR, double sigma) {
        double v = 4 / 3.0 * Math.PI * trueR * trueR * trueR;
        if (GridIndependenceTest.outsideVolume(trueR, ptvR, 0) / v > 0.05) return 1;
        UnivariateFunction g = s -> GridIndependenceTest.outsideVolume(trueR, ptvR, s) / v - 0.05;
        double sStar = new org.apache.commons.math3.analysis.solvers.BrentSolver(1e-12).solve(200, g, Math.max(0, ptvR - trueR) + 1e-9, ptvR + trueR);
        return 1 - GridIndependenceTest.chi3(sStar / sigma);
    }

    /**
     * The integral against brute force: per scenario, the plain kernel at every distinct threshold below the reach (the
     * same scenarios with their offset set there), weighted by the normal's mass up to the next threshold (given a
     * true CTV that is not empty), plus the sampled outcome above the reach. Equal to rounding, scenario by scenario.
     */
    @Test
    void eachScenariosProbabilityIsThePlainOutcomeIntegratedOverTheOffset() {
        Mask ctv = shell(8, 3, 1);
        ErrorModel m = Platform.MASK_3DOF.model(TargetKind.INTACT, false, 15);
        int n = 60;
        Scenarios drawn = ScenarioSampler.sample(m, n, 3, 11);
        double[] delta = drawn.delineationMm().clone();
        for (int j = 0; j < 5; j++) delta[j] = DelineationIntegral.upperMm(m.growthMm(), m.delineationMm()) + 0.1 + 0.2 * j; // above the reach
        Scenarios sc = new Scenarios(n, drawn.fractions(), drawn.seed(), drawn.systematicShiftMm(), drawn.systematicRotationDeg(), delta,
                drawn.setupShiftMm(), drawn.rotationDeg(), drawn.driftMm(), drawn.gatingCorrections(), drawn.delineationMeanMm(), drawn.delineationSdMm());
        MissTarget target = new MissTarget.WithMargin(ctv, 1.0);
        DoseModel dose = new DoseModel.Exponential(null, null);
        double[] iso = MissSimulation.centroidMm(ctv);
        MissProblem withIntegral = MissProblem.build(target, dose, iso, sc, m.substeps(), DoseAccumulation.PHYSICAL, TargetModel.SMOOTH,
                new DelineationIntegral.Offset(m.growthMm(), m.delineationMm()), CPU);
        DelineationIntegral integral = withIntegral.delineationIntegral();
        ScenarioOutcomes conditional = new JavaMissEvaluator(2).evaluate(withIntegral);
        ScenarioOutcomes sampled = new JavaMissEvaluator(2).evaluate(MissProblem.build(target, dose, iso, sc, m.substeps(),
                DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, CPU));
        NormalDistribution offset = new NormalDistribution(m.growthMm(), m.delineationMm());
        double[] d95 = new double[n], d98 = new double[n];
        float[] t = integral.thresholdMm();
        // The offsets given a true CTV (OffsetLaw): this shell is under 3 mm deep, so its law is conditioned on δ ≥ t[0].
        double empty = offset.cumulativeProbability(t[0]);
        assertTrue(empty > 1e-12, "a conditioned law: " + empty);
        for (int r = 0; r < t.length && t[r] < integral.upperMm(); r++) {
            double mass = (offset.cumulativeProbability(Math.min(r + 1 < t.length ? t[r + 1] : Double.POSITIVE_INFINITY, integral.upperMm()))
                    - offset.cumulativeProbability(t[r])) / (1 - empty);
            double[] at = new double[n];
            java.util.Arrays.fill(at, t[r]);
            Scenarios there = new Scenarios(n, sc.fractions(), sc.seed(), sc.systematicShiftMm(), sc.systematicRotationDeg(), at, sc.setupShiftMm(),
                    sc.rotationDeg(), sc.driftMm(), sc.gatingCorrections(), sc.delineationMeanMm(), sc.delineationSdMm());
            ScenarioOutcomes o = new JavaMissEvaluator(2).evaluate(MissProblem.build(target, dose, iso, there, m.substeps(),
                    DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, CPU));
            for (int j = 0; j < n; j++) {
                if (o.missD95(j)) d95[j] += mass;
                if (o.missD98At90(j)) d98[j] += mass;
            }
        }
        int above = 0, partial = 0;
        for (int j = 0; j < n; j++) {
            if (sc.delineationMm()[j] > integral.upperMm()) {
                above++;
                if (sampled.missD95(j)) d95[j] += 1;
                if (sampled.missD98At90(j)) d98[j] += 1;
            }
            if (d95[j] > 1e-6 && d95[j] < 1 - 1e-6) partial++;
            assertEquals(d95[j], conditional.conditionalMissD95()[j], 1e-9, "scenario " + j + ", D95");
            assertEquals(d98[j], conditional.conditionalMissD98At90()[j], 1e-9, "scenario " + j + ", D98");
        }
        assertTrue(partial > 5, "scenarios whose outcome depends on the offset: " + partial);
        assertEquals(5, above, "scenarios above the reach");
        System.out.printf("integral vs brute force: %d scenarios, %d above the reach, %d with a partial probability, %d thresholds%n", n, above, partial,
                t.length);
    }

    /** The other outputs are the plain estimator's on the same scenarios; the plain estimator is the earlier release's, to the bit. */
    @Test
    void thePlainEstimatorIsUnchangedAndTheOtherOutputsAreShared() {
        int n = 17;
        Mask ctv = Mask.empty(Grid.of(n, n, n, 1, 1, 1));
        double c = (n - 1) / 2.0 + 0.123;
        Phantoms.addSphere(ctv, c, c, c, 5);
        ErrorModel m = Platform.MASK_3DOF.model(TargetKind.CAVITY, false, 15);
        MissResult plain = run(ctv, 1.0, new DoseModel.Exponential(null, null), m, 3, 1500, 77, Estimator.PLAIN);
        MissResult conditional = run(ctv, 1.0, new DoseModel.Exponential(null, null), m, 3, 1500, 77, Estimator.CONDITIONAL);
        // The counts halo 0.1.0 (before the conditional estimator) gives for this request.
        assertEquals(655 / 1500.0, plain.missD95().value(), 1e-15);
        assertEquals(609 / 1500.0, plain.missD98At90().value(), 1e-15);
        assertEquals(202 / 1500.0, plain.fullCoverage().value(), 1e-15);
        assertEquals(0.08214189197530862, plain.underdosedCc().mean(), 1e-15);
        assertEquals(Estimator.PLAIN, plain.estimator());
        assertEquals(Estimator.CONDITIONAL, conditional.estimator());
        assertEquals(plain.fullCoverage(), conditional.fullCoverage());
        assertEquals(plain.minDoseAtLeast(), conditional.minDoseAtLeast());
        assertEquals(plain.anyGeometricMiss(), conditional.anyGeometricMiss());
        assertEquals(plain.underdosedCc(), conditional.underdosedCc());
        assertEquals(plain.d95(), conditional.d95());
        MissResult noDelineation = run(ctv, 1.0, new DoseModel.Exponential(null, null), m.withDelineationMm(0), 3, 500, 77, Estimator.CONDITIONAL);
        assertEquals(Estimator.PLAIN, noDelineation.estimator(), "nothing to integrate: the outcomes are 0/1");
    }

    /**
     * Unbiased: on five targets × three regimens, the conditional estimate (1 000 scenarios) agrees with the plain one (4 000)
     * (another seed) within 3.5 combined standard errors per row, and the z-scores' RMS is at most 1.5; on every row
     * its per-scenario spread is smaller than the 0/1 outcome's.
     */
    @Test
    void agreesWithThePlainEstimatorAndIsNeverNoisier() {
        List<Double> z = new ArrayList<>();
        List<Case> cases = cases(new double[] {0.5, 1, 1.5});
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            DoseModel dose = new DoseModel.Exponential(null, null);
            // Independent seeds per row and estimator: rows sharing a seed share their errors, and so their deviations.
            MissResult p = run(c.ctv(), c.marginMm(), dose, c.model(), c.fractions(), 4000, 1000 + 2 * i, Estimator.PLAIN);
            MissResult q = run(c.ctv(), c.marginMm(), dose, c.model(), c.fractions(), 1000, 1001 + 2 * i, Estimator.CONDITIONAL);
            for (MarginComparison.Metric metric : List.of(MarginComparison.Metric.P_MISS_D95, MarginComparison.Metric.P_MISS_D98_90)) {
                MissResult.Probability a = metric.of(p), b = metric.of(q);
                double se = Math.hypot(a.standardError(), b.standardError());
                double zi = se == 0 ? 0 : (b.value() - a.value()) / se;
                z.add(zi);
                System.out.printf("%-30s %-14s plain %.4f ± %.4f  conditional %.4f ± %.4f  z %+.2f  spread ratio %.2f%n", c.name(), metric.token(), a.value(),
                        a.standardError(), b.value(), b.standardError(), zi, a.standardError() * Math.sqrt(4000) / (b.standardError() * Math.sqrt(1000)));
                assertTrue(Math.abs(zi) <= 3.5, c.name() + " " + metric.token() + ": z = " + zi);
                if (a.value() > 0.01 && a.value() < 0.99) {
                    assertTrue(b.standardError() * Math.sqrt(1000) < a.standardError() * Math.sqrt(4000), c.name() + ": the conditional is noisier");
                }
            }
        }
        double rms = Math.sqrt(z.stream().mapToDouble(v -> v * v).sum() / z.size());
        System.out.printf("z RMS over %d rows: %.2f%n", z.size(), rms);
        assertTrue(rms <= 1.5, "z RMS " + rms);
    }

    /** The reported standard error is the spread of the estimate over independent seeds (ratio within 0.8–1.25, 50 seeds). */
    @Test
    void theStandardErrorIsTheSpreadOverSeeds() {
        for (Case c : List.of(cases(new double[] {0.5, 1, 1.5}).get(3), cases(new double[] {0.5, 1, 1.5}).get(5))) {
            int seeds = 50;
            double[] v = new double[seeds];
            double meanSe = 0;
            for (int s = 0; s < seeds; s++) {
                MissResult r = run(c.ctv(), c.marginMm(), new DoseModel.Exponential(null, null), c.model(), c.fractions(), 300, 1000 + s,
                        Estimator.CONDITIONAL);
                v[s] = r.missD95().value();
                meanSe += r.missD95().standardError() / seeds;
            }
            double spread = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(v);
            System.out.printf("%s: spread over %d seeds %.4f, mean reported SE %.4f, ratio %.2f%n", c.name(), seeds, spread, meanSe, spread / meanSe);
            assertTrue(spread / meanSe >= 0.8 && spread / meanSe <= 1.25, c.name() + ": spread " + spread + " against SE " + meanSe);
        }
    }

    /**
     * The closed form with a delineation offset (sharp edge, one fraction, a systematic translation): both estimators
     * agree with each other on the same scenarios and with the continuous closed form to the depth bands' resolution.
     */
    @Test
    void theClosedFormWithADelineationOffset() {
        for (double[] c : new double[][] {{6, 1, 0.5, 0.5}, {6, 0, 0.5, 0.5}, {10, 1, 0.7, 1.0}}) {
            Mask ctv = GridIndependenceTest.ball(c[0], new double[] {0.5, 0.5, 0.5}, new double[] {c[0] + 3.137, c[0] + 3.291, c[0] + 3.419});
            ErrorModel m = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(c[2])).withDelineationMm(c[3]);
            MissResult p = run(ctv, c[1], new DoseModel.SharpEdge(), m, 1, 20000, 5, Estimator.PLAIN);
            MissResult q = run(ctv, c[1], new DoseModel.SharpEdge(), m, 1, 20000, 5, Estimator.CONDITIONAL);
            double expected = delineatedLensRisk(c[0], c[1], c[2], c[3]);
            System.out.printf("r %s m %s σ %s σd %s: closed form %.4f, plain %.4f ± %.4f, conditional %.4f ± %.4f%n", c[0], c[1], c[2], c[3], expected,
                    p.missD95().value(), p.missD95().standardError(), q.missD95().value(), q.missD95().standardError());
            // Same scenarios: the difference's error is at most the plain one's.
            assertEquals(p.missD95().value(), q.missD95().value(), 3.5 * p.missD95().standardError());
            assertEquals(expected, q.missD95().value(), 3 * q.missD95().standardError() + 0.01);
        }
    }

    /**
     * Precision-driven stopping: each row stops once its D95 and D98 standard errors reach max(0.005, √(p(1−p)/N)) (or
     * at N), takes fewer scenarios than N where the conditional estimator is much less noisy, and agrees with the plain
     * estimator at a fixed count; a precision-driven row is the first blocks of the same draws.
     */
    @Test
    void precisionDrivenRowsStopWhenPreciseEnoughAndAgree() {
        List<Case> cases = cases(new double[] {0.5, 1, 1.5});
        int max = 2000, fewer = 0;
        for (int i : new int[] {1, 4, 7, 9, 12}) {
            Case c = cases.get(i);
            DoseModel dose = new DoseModel.Exponential(null, null);
            MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(c.ctv(), c.marginMm()), dose, c.model(),
                    c.fractions(), max, 3000 + i, null, null).withPrecision(Precision.AUTO);
            MissResult q = new MissSimulation(CPU).run(r);
            MissResult p = run(c.ctv(), c.marginMm(), dose, c.model(), c.fractions(), 8000, 4000 + i, Estimator.PLAIN);
            for (MissResult.Probability x : List.of(q.missD95(), q.missD98At90())) {
                assertTrue(q.scenarios() == max || x.standardError() <= Precision.AUTO.targetAt(x.value(), max) + 1e-12,
                        c.name() + ": stopped at " + q.scenarios() + " with " + x);
            }
            double z = (q.missD95().value() - p.missD95().value()) / Math.hypot(q.missD95().standardError(), p.missD95().standardError());
            System.out.printf("%-30s precision auto: %.4f ± %.4f from %d scenarios; plain %.4f ± %.4f from 8000; z %+.2f%n", c.name(), q.missD95().value(),
                    q.missD95().standardError(), q.scenarios(), p.missD95().value(), p.missD95().standardError(), z);
            assertTrue(Math.abs(z) <= 3.5, c.name() + ": z = " + z);
            assertTrue(q.scenarios() % Precision.firstBlock(q.estimator()) == 0 || q.scenarios() == max);
            if (q.scenarios() < max) fewer++;
            MissResult same = new MissSimulation(CPU).run(r.withScenarios(q.scenarios()).withPrecision(null));
            assertEquals(same.missD95().value(), q.missD95().value(), 1e-9, "the blocks are the first scenarios of one draw");
        }
        assertTrue(fewer >= 3, "rows that stopped before the maximum: " + fewer);
    }

    /** A comparison that decides on the geometric-miss risk stops only once that risk is precise enough too. */
    @Test
    void aComparisonOnTheGeometricMissStopsOnItsPrecision() {
        Case c = cases(new double[] {0.5, 1, 1.5}).get(4);
        MarginComparison.Arm arm = new MarginComparison.Arm("hsrt", org.halo.clinical.guideline.Intent.HSRT, c.fractions(), c.model(), null);
        for (MarginComparison.Metric metric : List.of(MarginComparison.Metric.P_MISS_D95, MarginComparison.Metric.P_ANY_GEOMETRIC_MISS)) {
            MarginComparison.Request q = new MarginComparison.Request(c.ctv(), new double[] {1.0}, List.of(arm), new DoseModel.Exponential(null, null),
                    2000, 77, null, metric, 0.05).withPrecision(Precision.AUTO);
            MissResult r = new MarginComparison(new MissSimulation(CPU)).run(q, null).rows().get(0).result();
            MissResult.Probability geo = r.anyGeometricMiss();
            boolean precise = geo.standardError() <= Precision.AUTO.targetAt(geo.value(), 2000) + 1e-12;
            System.out.printf("%s: %d scenarios, geometric miss %.4f ± %.4f%n", metric.token(), r.scenarios(), geo.value(), geo.standardError());
            if (metric == MarginComparison.Metric.P_ANY_GEOMETRIC_MISS) assertTrue(precise || r.scenarios() == 2000, "stopped at " + r.scenarios());
            else assertTrue(!precise, "the D95 risk alone stops before the geometric miss is as precise: the test would not tell");
        }
    }
}
