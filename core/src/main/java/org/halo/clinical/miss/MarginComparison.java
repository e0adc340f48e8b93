package org.halo.clinical.miss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.halo.DecimalText;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.guideline.Guideline;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.MarginRecommendation;
import org.halo.image.Mask;

/**
 * Runs the miss model for every (regimen, margin) pair with common random numbers (the same seed for every margin),
 * finds per regimen the smallest listed margin that meets the target risk, sets the guideline's recommendation beside
 * it, and says in plain words whether the HSRT margin can equal the SRS margin for this target.
 */
public final class MarginComparison {
    /** Which probability the target risk applies to. */
    public enum Metric implements Token {
        /** The probability that the CTV's D95 falls below 95 % of the prescription. */
        P_MISS_D95("p_miss_d95", "P(CTV D95 < 95 % Rx)"),
        /** The probability that the CTV's D98 falls below 90 % of the prescription. */
        P_MISS_D98_90("p_miss_d98_90", "P(CTV D98 < 90 % Rx)"),
        /** The probability that more than 1 % of the CTV lies outside the PTV in some fraction. */
        P_ANY_GEOMETRIC_MISS("p_any_geometric_miss", "P(> 1 % of the CTV outside the PTV)");

        private final String token, label;

        Metric(String token, String label) {
            this.token = token;
            this.label = label;
        }

        public String token() {
            return token;
        }

        /** @return the probability in words */
        public String label() {
            return label;
        }

        /**
         * @param r a Monte Carlo result
         * @return this probability of it
         */
        public MissResult.Probability of(MissResult r) {
            return switch (this) {
                case P_MISS_D95 -> r.missD95();
                case P_MISS_D98_90 -> r.missD98At90();
                case P_ANY_GEOMETRIC_MISS -> r.anyGeometricMiss();
            };
        }
    }

    /** One regimen: its name, SRS or HSRT, fractions, error model, and the guideline query for the same platform (or null). */
    /** One regimen of a comparison: its label, intent and fractions, error model, and the guideline query for it (null: none). */
    public record Arm(String label, Intent intent, int fractions, ErrorModel model, GuidelineQuery guidelineQuery) {
        /**
         * The arms of a comparison, one per regimen, for the same target: each regimen's error model from {@code errors},
         * and where the regimen has a platform, {@code target}'s facts asked of the guideline for that regimen and
         * platform (the command line and the cohort build their arms here).
         *
         * @param regimens the regimens
         * @param errors each regimen's error model
         * @param target the target's facts for the guideline (its regimen and platform are replaced per arm)
         * @return the arms
         */
        public static List<Arm> of(List<Regimen> regimens, Function<Regimen, ErrorModel> errors, GuidelineQuery target) {
            List<Arm> arms = new ArrayList<>();
            for (Regimen r : regimens) {
                Platform p = r.platform();
                GuidelineQuery q = p == null ? null : target.withRegimen(r.intent(), r.fractions(), p.immobilisation(), p.igrt(), p.monitoring());
                arms.add(new Arm(r.label(), r.intent(), r.fractions(), errors.apply(r), q));
            }
            return List.copyOf(arms);
        }
    }

    /**
     * One regimen at one margin.
     *
     * @param arm the regimen
     * @param marginMm the margin (mm)
     * @param result the Monte Carlo's result
     */
    public record Row(Arm arm, double marginMm, MissResult result) {}

    /**
     * Per regimen: the smallest listed margin meeting the target (null if none does), the guideline's answer, and where
     * the request asks for it, the margin for the target risk between the listed ones with its interval (else null).
     */
    public record ArmSummary(Arm arm, Double neededMarginMm, MarginRecommendation guideline, String agreement, CriticalMargin criticalMargin) {}

    /**
     * A comparison.
     *
     * @param metric the probability the target risk applies to
     * @param targetRisk the acceptable probability
     * @param rows every regimen at every margin
     * @param arms per regimen its smallest adequate margin and the guideline's
     * @param verdict whether HSRT can use the SRS margin, in words
     * @param rowsRecalled how many of the rows the comparison's memory held (0 without one)
     */
    public record Result(Metric metric, double targetRisk, List<Row> rows, List<ArmSummary> arms, String verdict, int rowsRecalled) {}

    private final MissSimulation simulation;
    private final RowMemory<MissResult> memory;

    /** @param simulation the Monte Carlo */
    public MarginComparison(MissSimulation simulation) {
        this(simulation, null);
    }

    /**
     * @param simulation the Monte Carlo
     * @param memory results of earlier comparisons over the same target, recalled rather than computed again and added
     *               to; null for none
     */
    public MarginComparison(MissSimulation simulation, RowMemory<MissResult> memory) {
        this.simulation = simulation;
        this.memory = memory;
    }

    /**
     * What to compare, built once by whoever asks (the command line, the cohort, the Spark job): the CTV, the margins,
     * the regimens, the dose model and the Monte Carlo's settings.
     *
     * @param ctv the CTV
     * @param marginsMm the margins (mm, increasing)
     * @param arms the regimens
     * @param dose the dose model
     * @param scenarios scenarios per regimen and margin
     * @param seed the seed (the same scenarios at every margin of a regimen)
     * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
     * @param metric the probability the target risk applies to
     * @param targetRisk the acceptable probability, in (0, 1)
     * @param targetModel how the target is represented
     * @param minDosePct the level x of the reported P(CTV minimum dose ≥ x % Rx)
     */
    public record Request(Mask ctv, double[] marginsMm, List<Arm> arms, DoseModel dose, int scenarios, long seed, double[] isocentreMm,
                          Metric metric, double targetRisk, TargetModel targetModel, double minDosePct, Estimator estimator, Precision precision,
                          double marginResolutionMm) {
        /**
         * Checks the margins, the regimens and the target risk; a null target model is the smooth one, a null estimator
         * the default one ({@link Estimator#DEFAULT}), a null precision every scenario.
         *
         * @param ctv the CTV
         * @param marginsMm the margins (mm, increasing)
         * @param arms the regimens
         * @param dose the dose model
         * @param scenarios scenarios per regimen and margin
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param metric the probability the target risk applies to
         * @param targetRisk the acceptable probability, in (0, 1)
         * @param targetModel how the target is represented
         * @param minDosePct the level x of the reported P(CTV minimum dose ≥ x % Rx)
         * @param estimator how outcomes enter the risks
         * @param precision when to stop adding scenarios ({@code scenarios} is then the maximum), or null for all of them
         * @param marginResolutionMm how finely to find each regimen's margin for the target risk between the listed
         *                           margins (mm, {@value MarginComparison#MIN_RESOLUTION_MM}–{@value MarginComparison#MAX_RESOLUTION_MM}), or 0 for the listed margins only
         */
        public Request {
            checkMargins(marginsMm);
            checkResolution(marginResolutionMm);
            if (arms.isEmpty()) throw new IllegalArgumentException("at least one regimen is needed");
            if (!(targetRisk > 0 && targetRisk < 1)) throw new IllegalArgumentException("the target risk must be in (0, 1)");
            if (targetModel == null) targetModel = TargetModel.SMOOTH;
            if (estimator == null) estimator = Estimator.DEFAULT;
            marginsMm = marginsMm.clone();
            arms = List.copyOf(arms);
        }

        /**
         * The listed margins only: no margin for the target risk between them.
         *
         * @param ctv the CTV
         * @param marginsMm the margins (mm, increasing)
         * @param arms the regimens
         * @param dose the dose model
         * @param scenarios scenarios per regimen and margin
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param metric the probability the target risk applies to
         * @param targetRisk the acceptable probability, in (0, 1)
         * @param targetModel how the target is represented
         * @param minDosePct the level x of the reported P(CTV minimum dose ≥ x % Rx)
         * @param estimator how outcomes enter the risks
         * @param precision when to stop adding scenarios, or null for all of them
         */
        public Request(Mask ctv, double[] marginsMm, List<Arm> arms, DoseModel dose, int scenarios, long seed, double[] isocentreMm, Metric metric,
                       double targetRisk, TargetModel targetModel, double minDosePct, Estimator estimator, Precision precision) {
            this(ctv, marginsMm, arms, dose, scenarios, seed, isocentreMm, metric, targetRisk, targetModel, minDosePct, estimator, precision, 0);
        }

        /**
         * The smooth target model and P(minimum dose ≥ 95 % Rx).
         *
         * @param ctv the CTV
         * @param marginsMm the margins (mm, increasing)
         * @param arms the regimens
         * @param dose the dose model
         * @param scenarios scenarios per regimen and margin
         * @param seed the seed
         * @param isocentreMm the isocentre (mm, LPS), or null for the CTV's centroid
         * @param metric the probability the target risk applies to
         * @param targetRisk the acceptable probability, in (0, 1)
         */
        public Request(Mask ctv, double[] marginsMm, List<Arm> arms, DoseModel dose, int scenarios, long seed, double[] isocentreMm, Metric metric,
                       double targetRisk) {
            this(ctv, marginsMm, arms, dose, scenarios, seed, isocentreMm, metric, targetRisk, TargetModel.SMOOTH, MissSimulation.DEFAULT_MIN_DOSE_PCT,
                    null, null);
        }

        /**
         * @param e how outcomes enter the risks
         * @return the same request with it
         */
        public Request withEstimator(Estimator e) {
            return new Request(ctv, marginsMm, arms, dose, scenarios, seed, isocentreMm, metric, targetRisk, targetModel, minDosePct, e, precision,
                    marginResolutionMm);
        }

        /**
         * @param p when to stop adding scenarios (null: all of them)
         * @return the same request with it
         */
        public Request withPrecision(Precision p) {
            return new Request(ctv, marginsMm, arms, dose, scenarios, seed, isocentreMm, metric, targetRisk, targetModel, minDosePct, estimator, p,
                    marginResolutionMm);
        }

        /**
         * @param mm how finely to find each regimen's margin for the target risk (mm), or 0 for the listed margins only
         * @return the same request with it
         */
        public Request withMarginResolution(double mm) {
            return new Request(ctv, marginsMm, arms, dose, scenarios, seed, isocentreMm, metric, targetRisk, targetModel, minDosePct, estimator, precision,
                    mm);
        }

        /** The simulation of one regimen at one margin. */
        MissSimulation.Request at(Arm arm, double marginMm) {
            return new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), dose, arm.model(), arm.fractions(), scenarios, seed, isocentreMm,
                    DoseAccumulation.PHYSICAL, targetModel, minDosePct, estimator, metric == Metric.P_ANY_GEOMETRIC_MISS && precision != null
                    ? precision.withGeometricMiss() : precision);
        }
    }

    /**
     * Every regimen at every margin: per regimen one sweep over the margins, smallest first, with the same scenarios.
     *
     * @param q what to compare
     * @param progress hears a line per row, or null
     * @return the comparison
     */
    public Result run(Request q, Consumer<String> progress) {
        double[] marginsMm = q.marginsMm();
        List<Arm> arms = q.arms();
        Metric metric = q.metric();
        double targetRisk = q.targetRisk();
        List<Row> rows = new ArrayList<>();
        List<ArmSummary> summaries = new ArrayList<>();
        int done = 0, recalled = 0, total = arms.size() * marginsMm.length;
        for (Arm arm : arms) {
            Double needed = null;
            MissSimulation.Sweep sweep = simulation.sweep();
            Map<Double, MissResult.Probability> listed = new LinkedHashMap<>();
            for (double m : marginsMm) {
                Answer a = answer(sweep, q.at(arm, m));
                MissResult r = a.result();
                rows.add(new Row(arm, m, r));
                listed.put(m, metric.of(r));
                done++;
                if (a.recalled()) recalled++;
                if (progress != null) progress.accept(String.format(Locale.ROOT, "[%d/%d] %s", done, total, line(arm, m, metric, a)));
                if (needed == null && metric.of(r).value() <= targetRisk) needed = m;
            }
            CriticalMargin critical = q.marginResolutionMm() > 0 ? criticalMargin(q, arm, listed, progress) : null;
            MarginRecommendation g = arm.guidelineQuery() == null ? null : Guideline.standard().recommend(arm.guidelineQuery());
            summaries.add(new ArmSummary(arm, needed, g, agreement(needed, g, marginsMm), critical));
        }
        return new Result(metric, targetRisk, rows, summaries, verdict(rows, summaries, metric, targetRisk), recalled);
    }

    /** Bisects between the regimen's listed margins with the same scenarios (seed) for its margin for the target risk. */
    private CriticalMargin criticalMargin(Request q, Arm arm, Map<Double, MissResult.Probability> listed, Consumer<String> progress) {
        MissSimulation.Sweep sweep = simulation.sweep();
        return new CriticalMarginSearch(listed, m -> {
            Answer a = answer(sweep, q.at(arm, m));
            if (progress != null) progress.accept("[finding the margin for the target risk] " + line(arm, m, q.metric(), a));
            return q.metric().of(a.result());
        }).find(q.targetRisk(), q.marginResolutionMm());
    }

    /** A row's result, and whether it was recalled rather than computed. */
    private record Answer(MissResult result, boolean recalled) {}

    /** A row recalled from the memory, or computed (and kept there). */
    private Answer answer(MissSimulation.Sweep sweep, MissSimulation.Request r) {
        MissResult known = memory == null ? null : memory.recall(r);
        if (known != null) return new Answer(known, true);
        MissResult result = sweep.run(r);
        if (memory != null) memory.keep(r, result);
        return new Answer(result, false);
    }

    private static String line(Arm arm, double marginMm, Metric metric, Answer a) {
        return String.format(Locale.ROOT, "%s, margin %s mm: %s = %.2f %% (%s)", arm.label(), DecimalText.exact(marginMm), metric.token(),
                100 * metric.of(a.result()).value(), a.recalled() ? "recalled" : String.format(Locale.ROOT, "%.1f s", a.result().elapsedMs() / 1000));
    }

    private static String agreement(Double needed, MarginRecommendation g, double[] margins) {
        if (g == null) return "no guideline platform given";
        double rule = g.ctvToPtvMm().defaultMm();
        if (needed == null) return "the guideline gives " + DecimalText.exact(rule) + " mm; no listed margin up to " + DecimalText.exact(margins[margins.length - 1]) + " mm meets the risk target";
        if (Math.abs(needed - rule) < 1e-9) return "agrees: the guideline's " + DecimalText.exact(rule) + " mm is also the smallest margin meeting the risk target";
        if (needed > rule) return "DISAGREES: the guideline's " + DecimalText.exact(rule) + " mm misses the risk target here; the model needs " + DecimalText.exact(needed) + " mm";
        return "the model meets the risk target at " + DecimalText.exact(needed) + " mm, below the guideline's " + DecimalText.exact(rule) + " mm";
    }

    private static String verdict(List<Row> rows, List<ArmSummary> arms, Metric metric, double target) {
        ArmSummary srs = arms.stream().filter(a -> a.arm().intent() == Intent.SRS).findFirst().orElse(null);
        List<ArmSummary> hsrt = arms.stream().filter(a -> a.arm().intent() == Intent.HSRT).toList();
        String t = String.format(Locale.ROOT, "%s ≤ %.1f %%", metric.label(), 100 * target);
        if (srs == null || hsrt.isEmpty()) {
            StringBuilder sb = new StringBuilder("Smallest margin with " + t + ": ");
            for (ArmSummary a : arms) sb.append(a.arm().label()).append(" ").append(a.neededMarginMm() == null ? "none listed" : DecimalText.exact(a.neededMarginMm()) + " mm").append("; ");
            return sb.toString().trim();
        }
        if (srs.neededMarginMm() == null) {
            return "No listed margin keeps SRS (" + srs.arm().label() + ") at " + t + "; extend the margin list or improve the platform.";
        }
        double ms = srs.neededMarginMm();
        StringBuilder sb = new StringBuilder("SRS (" + srs.arm().label() + ") needs " + DecimalText.exact(ms) + " mm for " + t + ". ");
        boolean allSame = true;
        for (ArmSummary h : hsrt) {
            MissResult.Probability atSrs = riskAt(rows, h.arm(), ms, metric);
            String risk = String.format(Locale.ROOT, "%.2f ± %.2f %%", 100 * atSrs.value(), 100 * atSrs.standardError());
            if (h.neededMarginMm() != null && h.neededMarginMm() <= ms) {
                sb.append("HSRT ").append(h.arm().label()).append(" CAN use the SRS margin: at ").append(DecimalText.exact(ms)).append(" mm its risk is ").append(risk);
                if (h.neededMarginMm() < ms) {
                    sb.append(", and it meets the target already at ").append(DecimalText.exact(h.neededMarginMm())).append(" mm");
                    allSame = false;
                }
                sb.append(". ");
            } else {
                allSame = false;
                sb.append("HSRT ").append(h.arm().label()).append(" can NOT use the SRS margin: at ").append(DecimalText.exact(ms)).append(" mm its risk is ").append(risk)
                        .append(h.neededMarginMm() == null ? "; no listed margin meets the target. " : "; it needs " + DecimalText.exact(h.neededMarginMm()) + " mm. ");
            }
        }
        if (allSame) sb.append("For this target the HSRT margin equals the SRS margin.");
        return sb.toString().trim();
    }

    private static MissResult.Probability riskAt(List<Row> rows, Arm arm, double margin, Metric metric) {
        for (Row r : rows) if (r.arm() == arm && r.marginMm() == margin) return metric.of(r.result());
        throw new IllegalStateException("no row for " + arm.label() + " at " + margin);
    }

    /** The finest and the coarsest resolution a request may ask its margin for the target risk at (mm). */
    public static final double MIN_RESOLUTION_MM = 0.01, MAX_RESOLUTION_MM = 1;

    /**
     * What is wrong with a margin resolution, for the caller to name its own input: "must be 0 (the listed margins only)
     * or 0.01-1 mm, got x"; null when it is 0 or in that range.
     *
     * @param mm the resolution (mm)
     * @return the problem, or null
     */
    public static String resolutionProblem(double mm) {
        if (mm == 0 || mm >= MIN_RESOLUTION_MM && mm <= MAX_RESOLUTION_MM) return null;
        return "must be 0 (the listed margins only) or " + DecimalText.exact(MIN_RESOLUTION_MM) + "-" + DecimalText.exact(MAX_RESOLUTION_MM) + " mm, got "
                + DecimalText.exact(mm);
    }

    private static void checkResolution(double mm) {
        String problem = resolutionProblem(mm);
        if (problem != null) throw new IllegalArgumentException("the margin resolution " + problem);
    }

    private static void checkMargins(double[] m) {
        if (m.length == 0) throw new IllegalArgumentException("at least one margin is needed");
        for (int i = 0; i < m.length; i++) {
            if (!(m[i] >= 0) || Double.isInfinite(m[i]) || m[i] > 20) throw new IllegalArgumentException("margins must be 0-20 mm, got " + m[i]);
            if (i > 0 && m[i] <= m[i - 1]) throw new IllegalArgumentException("margins must increase, got " + m[i - 1] + " then " + m[i]);
        }
    }

}
