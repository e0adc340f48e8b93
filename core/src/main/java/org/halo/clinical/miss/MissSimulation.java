package org.halo.clinical.miss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.halo.DecimalText;
import org.halo.compute.Backend;
import org.halo.compute.BackendFailure;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * The geographic-miss Monte Carlo (docs/clinical.md, "halo miss"): sample the scenarios, build the problem, evaluate every
 * scenario on the backend's scenario kernel (or the Java one), and summarise. The same seed gives the same numbers on
 * every backend and thread count.
 */
public final class MissSimulation {
    /** Scenarios per regimen and margin unless told otherwise. */
    public static final int DEFAULT_SCENARIOS = 10_000;
    /** The seed unless told otherwise. */
    public static final long DEFAULT_SEED = 20261126L;

    private final Backend backend;
    private final MissCache cache;

    /**
     * A simulation whose runs share one cache: the rows of one comparison, target or page reuse their target's fields.
     *
     * @param backend where the distance transforms and the scenarios run
     */
    public MissSimulation(Backend backend) {
        this(backend, new MissCache());
    }

    /**
     * A simulation that shares a caller's cache (another simulation's runs on the same target).
     *
     * @param backend where the distance transforms and the scenarios run
     * @param cache the fields of earlier runs to reuse
     */
    public MissSimulation(Backend backend, MissCache cache) {
        this.backend = backend;
        this.cache = cache;
    }

    /** The default dose level x of P(CTV minimum dose ≥ x % Rx). */
    public static final double DEFAULT_MIN_DOSE_PCT = 95;

    /**
     * What to simulate. {@code isocentreMm} null means the CTV's centroid; {@code minDosePct} is the level x of the
     * reported P(CTV minimum dose ≥ x % Rx).
     */
    public record Request(MissTarget target, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed,
                          double[] isocentreMm, DoseAccumulation accumulation, TargetModel targetModel, double minDosePct,
                          Estimator estimator, Precision precision) {
        /**
         * Checks the counts and the minimum-dose level; a null accumulation is physical dose, a null model the smooth one,
         * a null estimator the default one, a null precision every scenario ({@code scenarios} is then the count, not a
         * maximum).
         *
         * @param target the CTV and its PTV
         * @param dose the dose model
         * @param model the error model
         * @param fractions the number of fractions
         * @param scenarios the number of scenarios
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param accumulation how fraction doses add up
         * @param targetModel how the target is represented
         * @param minDosePct the level x of P(CTV minimum dose ≥ x % Rx)
         * @param estimator how outcomes enter the risks
         * @param precision when to stop adding scenarios, or null for all of them
         */
        public Request {
            if (fractions < 1) throw new IllegalArgumentException("at least one fraction is needed");
            if (scenarios < 1) throw new IllegalArgumentException("at least one scenario is needed");
            if (accumulation == null) accumulation = DoseAccumulation.PHYSICAL;
            if (targetModel == null) targetModel = TargetModel.SMOOTH;
            if (!(minDosePct > 0 && minDosePct <= 200)) throw new IllegalArgumentException("the minimum-dose level must be in (0, 200] % of Rx");
            if (estimator == null) estimator = Estimator.DEFAULT;
        }

        /**
         * The default estimator.
         *
         * @param target the CTV and its PTV
         * @param dose the dose model
         * @param model the error model
         * @param fractions the number of fractions
         * @param scenarios the number of scenarios
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param accumulation how fraction doses add up
         * @param targetModel how the target is represented
         * @param minDosePct the level x of P(CTV minimum dose ≥ x % Rx)
         */
        public Request(MissTarget target, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed, double[] isocentreMm,
                       DoseAccumulation accumulation, TargetModel targetModel, double minDosePct) {
            this(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, targetModel, minDosePct, null, null);
        }

        /**
         * Every scenario.
         *
         * @param target the CTV and its PTV
         * @param dose the dose model
         * @param model the error model
         * @param fractions the number of fractions
         * @param scenarios the number of scenarios
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param accumulation how fraction doses add up
         * @param targetModel how the target is represented
         * @param minDosePct the level x of P(CTV minimum dose ≥ x % Rx)
         * @param estimator how outcomes enter the risks
         */
        public Request(MissTarget target, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed, double[] isocentreMm,
                       DoseAccumulation accumulation, TargetModel targetModel, double minDosePct, Estimator estimator) {
            this(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, targetModel, minDosePct, estimator, null);
        }

        /**
         * The smooth target model and P(minimum dose ≥ 95 % Rx).
         *
         * @param target the CTV and its PTV
         * @param dose the dose model
         * @param model the error model
         * @param fractions the number of fractions
         * @param scenarios the number of scenarios
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param accumulation how fraction doses add up
         */
        public Request(MissTarget target, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed, double[] isocentreMm,
                       DoseAccumulation accumulation) {
            this(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, TargetModel.SMOOTH, DEFAULT_MIN_DOSE_PCT);
        }

        /**
         * @param m how the target is represented
         * @return the same request with it
         */
        public Request withTargetModel(TargetModel m) {
            return new Request(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, m, minDosePct, estimator, precision);
        }

        /**
         * @param pct the level x of P(CTV minimum dose ≥ x % Rx)
         * @return the same request with it
         */
        public Request withMinDosePct(double pct) {
            return new Request(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, targetModel, pct, estimator, precision);
        }

        /**
         * @param e how outcomes enter the risks
         * @return the same request with it
         */
        public Request withEstimator(Estimator e) {
            return new Request(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, targetModel, minDosePct, e, precision);
        }

        /**
         * @param p when to stop adding scenarios (null: all of them)
         * @return the same request with it
         */
        public Request withPrecision(Precision p) {
            return new Request(target, dose, model, fractions, scenarios, seed, isocentreMm, accumulation, targetModel, minDosePct, estimator, p);
        }

        /**
         * @param n the scenarios (the count, or the maximum with a precision)
         * @return the same request with it
         */
        public Request withScenarios(int n) {
            return new Request(target, dose, model, fractions, n, seed, isocentreMm, accumulation, targetModel, minDosePct, estimator, precision);
        }

        /**
         * The delineation offset to integrate: the conditional and quasi estimators', when the model has a delineation SD.
         *
         * @return the offset's distribution, or null when every error is sampled
         */
        DelineationIntegral.Offset integratedOffset() {
            return estimator.integratesDelineation() && model.delineationMm() > 0
                    ? new DelineationIntegral.Offset(model.growthMm(), model.delineationMm()) : null;
        }
    }

    /**
     * The backend's scenario kernel, or the Java one.
     *
     * @return the evaluator
     */
    public MissEvaluator evaluator() {
        MissEvaluator e = backend.capability(MissEvaluator.class);
        return e != null ? e : javaEvaluator();
    }


    /**
     * Runs one request.
     *
     * @param r the request
     * @return its result
     */
    public MissResult run(Request r) {
        return sweep().run(r);
    }

    /**
     * A result and where in the target its misses happen.
     *
     * @param result the run's result
     * @param coverageMap per voxel of the CTV's grid, P(dose below the request's minimum-dose level | in the true CTV)
     */
    public record Mapped(MissResult result, Volume coverageMap) {}

    /**
     * Runs one request and maps its misses ({@link CoverageMap}) at the request's minimum-dose level (at most 100 %
     * Rx): the same problem and scenarios, evaluated once for the outcomes and once more counting each point's
     * under-dosed scenarios, on the backend's scenario kernel (the counts are the same on every backend). With a
     * precision, the scenarios it takes are found first and then run as one fixed count.
     *
     * @param r the request
     * @return the result and its map
     */
    public Mapped runWithCoverageMap(Request r) {
        r = fixedCount(r);
        Sweep sweep = new Sweep();
        MissResult result = sweep.run(r);
        return new Mapped(result, map(r, sweep.last.get(0))); // the problem the run evaluated: the same points and scenarios
    }

    /**
     * The map of {@link #runWithCoverageMap} without the run's outcomes: the problem that run would evaluate, its
     * scenarios evaluated once, counting.
     *
     * @param r the request
     * @return per voxel of the CTV's grid, P(dose below the request's minimum-dose level | in the true CTV)
     */
    public Volume coverageMap(Request r) {
        Request fixed = fixedCount(r);
        MissProblem p = pinned(fixed, centroid -> problem(fixed, isocentre(fixed, centroid),
                ScenarioSampler.sample(fixed.model(), 0, fixed.scenarios(), fixed.fractions(), fixed.seed(), fixed.estimator().quasiRandom())));
        return map(fixed, p);
    }

    /** The request with its level checked and, with a precision, as the fixed count of scenarios it takes. */
    private Request fixedCount(Request r) {
        if (!(r.minDosePct() <= 100)) throw new IllegalArgumentException("the coverage map's level must be in (0, 100] % of the prescription");
        return r.precision() != null ? r.withScenarios(run(r).scenarios()).withPrecision(null) : r;
    }

    private Volume map(Request r, MissProblem p) {
        int[] under;
        try {
            under = evaluator().underCounts(p, r.minDosePct() / 100);
        } catch (BackendFailure f) {
            under = javaEvaluator().underCounts(p, r.minDosePct() / 100); // the same counts
        }
        String what = String.format(Locale.ROOT, "P(dose < %s %% Rx | in true CTV), %d scenarios", DecimalText.exact(r.minDosePct()),
                r.scenarios());
        return CoverageMap.of(p, under, r.target().ctv().grid(), what);
    }

    private JavaMissEvaluator javaEvaluator() {
        return new JavaMissEvaluator(backend.cpuThreads());
    }

    /**
     * The true CTV's cumulative DVH with no error at all (the nominal plan): the request's target, dose and fractions,
     * one scenario of the zero error model, on the same dose levels as {@link MissResult.DvhBands}.
     *
     * @param r the request whose errors are set aside
     * @return the volume (%) receiving at least each dose level
     */
    public double[] nominalDvhPct(Request r) {
        Request none = new Request(r.target(), r.dose(), ErrorModel.none(), r.fractions(), 1, r.seed(), r.isocentreMm(), r.accumulation(), r.targetModel(),
                r.minDosePct(), Estimator.PLAIN);
        return run(none).dvhBands().at(50);
    }

    /**
     * A sweep over the margins of one regimen, smallest first (see {@link Sweep}).
     *
     * @return a new sweep
     */
    public Sweep sweep() {
        return new Sweep();
    }

    /**
     * Works on a request's target with its centroid, pinned for the work's lookups (one pass: the centroid, and the
     * hash every field lookup uses); the smooth model's lattice covers the error model's typical moves, so that every
     * block and seed finds the same one.
     */
    private <T> T pinned(Request r, Function<double[], T> work) {
        MotionSample typical = r.targetModel() == TargetModel.SMOOTH ? cache.motionSample(r.model()) : null;
        double[] centroid = cache.pin(r.target().ctv(), typical);
        try {
            return work.apply(centroid);
        } finally {
            cache.unpin();
        }
    }

    private static double[] isocentre(Request r, double[] centroid) {
        return r.isocentreMm() != null ? r.isocentreMm().clone() : centroid.clone();
    }

    private MissProblem problem(Request r, double[] iso, Scenarios sc) {
        return MissProblem.build(r.target(), r.dose(), iso, sc, r.model().substeps(), r.accumulation(), r.targetModel(), r.integratedOffset(), backend,
                cache);
    }

    /**
     * Runs requests that differ only in their margin, in increasing order, each exactly as {@link #run} would. A
     * scenario that kept every point inside the PTV at one margin does so at every larger margin on the same lattice
     * and points, so its all-inside outcome is carried rather than evaluated again (checked on the problem's data, so a
     * request that does not qualify is simply evaluated in full).
     */
    public final class Sweep {
        /** Per block of scenarios, the problem last evaluated and which of its scenarios stayed inside. */
        private final List<MissProblem> last = new ArrayList<>();
        private final List<boolean[]> inside = new ArrayList<>();

        private Sweep() {}

        /**
         * Runs one request, carrying the scenarios the previous (smaller) margin of the same regimen left inside.
         *
         * @param r the request
         * @return its result
         */
        public MissResult run(Request r) {
            long t0 = System.nanoTime();
            return pinned(r, centroid -> runBlocks(r, centroid, t0));
        }

        private MissResult runBlocks(Request r, double[] centroid, long t0) {
            double[] iso = isocentre(r, centroid);
            List<ScenarioOutcomes> blocks = new ArrayList<>();
            List<double[]> moves = new ArrayList<>();
            double[] lever = {centroid[0] - iso[0], centroid[1] - iso[1], centroid[2] - iso[2]};
            TranslationControl control = r.estimator().controlled() ? cache.translationControl(r.model(), r.fractions(), r.seed(), lever) : null;
            Control c = null;
            ScenarioOutcomes all = null;
            MissProblem first = null;
            String evaluator = null;
            int done = 0, corrections = 0;
            for (int end = r.precision() == null ? r.scenarios() : Math.min(r.scenarios(), Precision.firstBlock(r.estimator())); end > done; ) {
                Scenarios sc = ScenarioSampler.sample(r.model(), done, end, r.fractions(), r.seed(), r.estimator().quasiRandom());
                MissProblem p = problem(r, iso, sc);
                MissEvaluator ev = evaluator();
                try {
                    blocks.add(evaluate(ev, p, blocks.size()));
                } catch (BackendFailure f) {
                    ev = javaEvaluator(); // the device could not: the Java kernel gives the same outcomes
                    blocks.add(evaluate(ev, p, blocks.size()));
                }
                if (first == null) first = p;
                evaluator = ev.name();
                corrections += sc.corrections();
                if (control != null) moves.add(TranslationControl.meanTranslationMm(sc, lever));
                done = end;
                all = ScenarioOutcomes.concat(blocks);
                c = control == null ? null : new Control(control, concat(moves));
                end = r.precision() == null ? done : nextEnd(r, all, c, done);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            return summarise(r, first, corrections, all, c, centroid, iso, evaluator, ms);
        }

        ScenarioOutcomes evaluate(MissEvaluator ev, MissProblem p, int block) {
            boolean carry = block < last.size() && MissProblem.sameButLargerMargin(last.get(block), p);
            ScenarioOutcomes o = ev.evaluate(p, carry ? inside.get(block) : null);
            if (block < last.size()) {
                last.set(block, p);
                inside.set(block, o.inside());
            } else {
                last.add(p);
                inside.add(o.inside());
            }
            return o;
        }
    }

    /**
     * Where the next block of a precision-driven run ends: {@code done} when the D95 and D98 risks (and the geometric
     * miss, when asked) are precise enough or the maximum is reached, else at the count their standard errors call for
     * ({@link #forecastGrowth}, in whole first blocks, at least one more block and at most twice {@code done}).
     */
    static int nextEnd(Request r, ScenarioOutcomes o, Control c, int done) {
        double need = done;
        List<MissResult.Probability> risks = new ArrayList<>(risks(r, o, c));
        if (r.precision().geometricMiss()) risks.add(geometricMiss(r, o));
        for (MissResult.Probability p : risks) {
            double target = r.precision().targetAt(p.value(), r.scenarios());
            if (p.standardError() > target) need = Math.max(need, done * forecastGrowth(p.standardError() / target, r.estimator()));
        }
        if (need <= done || done >= r.scenarios()) return done;
        // At most double: a standard error from few scenarios is itself uncertain, and a forecast from it can overshoot.
        int block = Precision.firstBlock(r.estimator());
        long blocks = (long) Math.ceil(Math.max(Math.min(need, 2.0 * done), done + block) / block);
        return (int) Math.min(r.scenarios(), blocks * block);
    }

    /**
     * How many times more scenarios the next block asks for, for a standard error above its target by a factor: the
     * 1/√N law's square with a tenth to spare for independent scenarios. A quasi-random row's error falls about as
     * fast (QuasiErrorDecay), but its standard error comes from a few replicates and is itself uncertain, so its
     * forecast aims short, the factor to the power {@link #QUASI_FORECAST_POWER}: a block short costs one more block
     * of the first block's size, an overshoot every scenario beyond the need.
     */
    static double forecastGrowth(double errorOverTarget, Estimator e) {
        return e.quasiRandom() ? Math.pow(errorOverTarget, QUASI_FORECAST_POWER) : errorOverTarget * errorOverTarget * 1.1;
    }

    /** The power of a quasi-random row's error over its target that its next block grows by (the 1/√N law's is 2). */
    static final double QUASI_FORECAST_POWER = 1.5;

    /** P(more than 1 % of the true CTV outside the PTV in any fraction), as the result reports it. */
    private static MissResult.Probability geometricMiss(Request r, ScenarioOutcomes o) {
        return share(r, o, j -> o.maxGeometricMiss()[j] > 0.01);
    }

    /** The share of scenarios with an outcome, with its standard error: binomial, or over the quasi-random replicates. */
    private static MissResult.Probability share(Request r, ScenarioOutcomes o, IntPredicate outcome) {
        int n = o.points().length;
        if (r.estimator().quasiRandom()) return MissResult.Probability.ofReplicates(indicator(o, outcome), ScrambledSobol.REPLICATES);
        return MissResult.Probability.of(IntStream.range(0, n).filter(outcome).count(), n);
    }

    /**
     * The controlled estimator's control and its scenarios' mean translations (mm), in scenario order.
     *
     * @param control the control variate's expectation
     * @param translationMm per scenario, |T|
     */
    record Control(TranslationControl control, double[] translationMm) {}

    private static double[] concat(List<double[]> parts) {
        double[] out = new double[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /** The D95 and D98 risks of some outcomes, with their standard errors, as the result reports them. */
    private static List<MissResult.Probability> risks(Request r, ScenarioOutcomes o, Control c) {
        if (c != null) {
            double[] d95 = o.conditionalMissD95() != null ? o.conditionalMissD95() : indicator(o, o::missD95);
            double[] d98 = o.conditionalMissD98At90() != null ? o.conditionalMissD98At90() : indicator(o, o::missD98At90);
            return List.of(c.control().risk(d95, c.translationMm()), c.control().risk(d98, c.translationMm()));
        }
        if (o.conditionalMissD95() == null) return List.of(share(r, o, o::missD95), share(r, o, o::missD98At90));
        if (r.estimator().quasiRandom()) {
            return List.of(MissResult.Probability.ofReplicates(o.conditionalMissD95(), ScrambledSobol.REPLICATES),
                    MissResult.Probability.ofReplicates(o.conditionalMissD98At90(), ScrambledSobol.REPLICATES));
        }
        return List.of(MissResult.Probability.ofMean(o.conditionalMissD95()), MissResult.Probability.ofMean(o.conditionalMissD98At90()));
    }

    private static double[] indicator(ScenarioOutcomes o, IntPredicate outcome) {
        return IntStream.range(0, o.points().length).mapToDouble(j -> outcome.test(j) ? 1 : 0).toArray();
    }

    static MissResult summarise(Request r, MissProblem p, int corrections, ScenarioOutcomes o, Control c, double[] centroid, double[] iso, String evaluator,
                                double ms) {
        int n = o.points().length;
        double level = r.minDosePct() / 100;
        double[] underFrac = new double[n], underCc = new double[n];
        for (int j = 0; j < n; j++) {
            underFrac[j] = (double) o.below95()[j] / o.points()[j];
            underCc[j] = o.below95()[j] * p.weightCc();
        }
        ErrorModel m = r.model();
        double sys = Math.sqrt(rms2(m.systematicMm()) + m.delineationMm() * m.delineationMm());
        double rand = Math.sqrt(rms2(m.randomMm()) + m.intrafractionMm() * m.intrafractionMm());
        double pen = r.dose().recipePenumbraMm();
        double rot = Math.hypot(m.systematicRotationDeg(), m.rotationDeg());
        double d = distance(centroid, iso);
        MissResult.Recipes recipes = new MissResult.Recipes(sys, rand, pen, rot, d, MarginRecipes.vanHerk(sys, rand, pen),
                MarginRecipes.finiteFractions(sys, rand, pen, r.fractions()), MarginRecipes.stroom(sys, rand), MarginRecipes.parker(sys, rand),
                MarginRecipes.changRotation(Math.hypot(sys, rand), rot, d));
        List<String> warnings = new ArrayList<>(p.warnings());
        List<MissResult.Probability> risks = risks(r, o, c);
        return new MissResult(n, r.fractions(), r.seed(), p.substeps(), risks.get(0), risks.get(1),
                share(r, o, o::fullCoverage), geometricMiss(r, o), r.minDosePct(), share(r, o, j -> o.minDose()[j] >= level - 1e-9),
                MissResult.Distribution.of(underFrac),
                MissResult.Distribution.of(underCc), MissResult.Distribution.of(o.d95()), MissResult.Distribution.of(o.d98()),
                MissResult.Distribution.of(o.minDose()), (double) corrections / (n * (double) r.fractions()), p.ctvCc(), p.ptvCc(),
                p.g50Mm(), p.pointCount(), p.targetModel(), recipes, m, iso, evaluator, ms, warnings, MissResult.DvhBands.of(o.dvh(), n),
                c != null ? Estimator.CONTROLLED : r.estimator().quasiRandom() ? Estimator.QUASI
                        : o.conditionalMissD95() != null ? Estimator.CONDITIONAL : Estimator.PLAIN);
    }

    /**
     * Mean patient position (mm) of the CTV's voxel centres.
     *
     * @param ctv the CTV
     * @return its centroid (mm, LPS)
     */
    public static double[] centroidMm(Mask ctv) {
        Grid g = ctv.grid();
        byte[] v = ctv.voxels();
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        // Integer sums per slice, so the slices may run in parallel and still add up to the same numbers.
        long[][] sums = new long[nz][];
        IntStream.range(0, nz).parallel().forEach(k -> {
            long si = 0, sj = 0, n = 0;
            for (int j = 0, idx = k * nx * ny; j < ny; j++) {
                for (int i = 0; i < nx; i++, idx++) {
                    if (v[idx] == 0) continue;
                    si += i;
                    sj += j;
                    n++;
                }
            }
            sums[k] = new long[] {si, sj, n};
        });
        long si = 0, sj = 0, sk = 0, n = 0;
        for (int k = 0; k < nz; k++) {
            si += sums[k][0];
            sj += sums[k][1];
            sk += (long) k * sums[k][2];
            n += sums[k][2];
        }
        if (n == 0) throw new IllegalArgumentException("the CTV is empty");
        return g.indexToPatientMm((double) si / n, (double) sj / n, (double) sk / n);
    }

    private static double rms2(double[] v) {
        return (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / 3;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
}
