package org.halo.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorOverrides;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.Precision;
import org.halo.clinical.miss.Regimen;
import org.halo.clinical.miss.RowMemory;
import org.halo.cohort.FinishedCohort;
import org.halo.compute.Backend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * One question of {@code halo explore}: the page's inputs, named as {@code halo compare}'s options and checked against
 * the same ranges, turned into the same comparison, and its answer as JSON data — risks with their standard errors per
 * regimen and margin, the smallest adequate margins and the verdict, the recipe margins, each regimen's DVH bands at
 * its adequate margin and the first one's coverage map through the CTV's highest voxel. With a plan (an imported dose)
 * the dose no longer depends on a margin: each regimen has one risk, the plan's, and the margin and fall-off inputs
 * are refused. Over a finished cohort ({@link CohortExploration}) the question is the run's own for the chosen target.
 */
final class Exploration {
    /** The inputs a page may send, as the options of halo compare they stand for. */
    static final List<String> INPUTS = List.of("platform", "target", "regimens", "margins", "falloff", "g50-mm", "penumbra-mm", "isodose", "systematic-mm",
            "random-mm", "rotation-deg", "intrafraction-mm", "delineation-mm", "target-risk", "margin-resolution", "scenarios", "seed",
            CohortExploration.TARGET_INPUT);
    private static final List<String> NUMBERS = List.of("g50-mm", "penumbra-mm", "isodose", "systematic-mm", "random-mm", "rotation-deg", "intrafraction-mm",
            "delineation-mm", "target-risk", "margin-resolution", "scenarios");

    /** A question refused, with the message for the page. */
    static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Thrown when a newer question replaced this one before it was answered. */
    static final class Superseded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Superseded() {
            super("superseded by a newer question", null, false, false);
        }
    }

    /** The inputs that shape an analytic dose around a margin's PTV: fixed by a plan. */
    static final List<String> NOT_WITH_A_PLAN = List.of("margins", "falloff", "g50-mm", "penumbra-mm", "isodose", "margin-resolution");

    /** The CTV of the question (a cohort's page changes it with its target). */
    private Mask ctv;
    /** The imported plan's dose, or null for the analytic fall-off around each margin's PTV. */
    private final DoseModel.Imported plan;
    /** A finished cohort's targets, or null for one CTV. */
    private final CohortExploration cohort;
    private final Backend backend;
    /** One per CTV: every answer reuses the CTV's fields from the answers before. */
    private MissSimulation simulation;
    /** One per CTV: the rows, coverage maps and nominal DVHs of the answers before, recalled where a question asks them again. */
    private RowMemory<MissResult> memory = new RowMemory<>(ROWS_REMEMBERED);
    private RowMemory<Map<String, Object>> mapSlices = new RowMemory<>(MAPS_REMEMBERED);
    private RowMemory<double[]> nominalDvhs = new RowMemory<>(ROWS_REMEMBERED);
    /** A few answers' worth of rows (a row holds its DVH bands: kilobytes). */
    static final int ROWS_REMEMBERED = 1024;
    /** Coverage-map slices are planes of the CTV's grid (megabytes on a CT's): a few answers' worth. */
    static final int MAPS_REMEMBERED = 8;
    /** The seed of the last answer (a cohort target's own). */
    private long lastSeed;

    Exploration(Mask ctv, Backend backend) {
        this(ctv, null, backend);
    }

    Exploration(Mask ctv, DoseModel.Imported plan, Backend backend) {
        this(ctv, plan, null, backend);
    }

    /** Any target of a finished cohort, asked under its study. */
    Exploration(FinishedCohort cohort, Backend backend) {
        this(null, null, new CohortExploration(cohort, backend), backend);
    }

    private Exploration(Mask ctv, DoseModel.Imported plan, CohortExploration cohort, Backend backend) {
        this.ctv = ctv;
        this.plan = plan;
        this.cohort = cohort;
        this.backend = backend;
        this.simulation = new MissSimulation(backend);
    }

    /** Whether the page explores a finished cohort's targets. */
    boolean hasCohort() {
        return cohort != null;
    }

    /** The cohort's targets and the study's values of the inputs (empty for one CTV). */
    Map<String, Object> targets() {
        return cohort == null ? Map.of("targets", List.of()) : cohort.targets();
    }

    /** Whether the page explores an imported plan rather than margins. */
    boolean hasPlan() {
        return plan != null;
    }

    /** The inputs checked, and with a plan none of those it fixes. */
    Map<String, String> check(Map<String, String> inputs) {
        for (String name : plan == null ? List.<String>of() : NOT_WITH_A_PLAN) {
            String v = inputs.get(name);
            if (v != null && !v.isEmpty()) throw new Refused("--" + name + ": the plan's dose is fixed (halo explore --dose), so margins and fall-off do not apply");
        }
        if (cohort != null) cohort.targetIndex(inputs);
        else if (!inputs.getOrDefault(CohortExploration.TARGET_INPUT, "").isEmpty()) {
            throw new Refused("--" + CohortExploration.TARGET_INPUT + ": only a cohort's page (halo explore --cohort) has targets to choose");
        }
        return checkInputs(inputs);
    }

    /** The inputs checked: every name known, every number finite and in its option's range. */
    static Map<String, String> checkInputs(Map<String, String> inputs) {
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            if (!INPUTS.contains(e.getKey())) throw new Refused("unknown input '" + e.getKey() + "'");
            if (e.getValue().length() > 200) throw new Refused(e.getKey() + ": too long");
        }
        for (String name : NUMBERS) {
            String v = inputs.get(name);
            if (v == null || v.isEmpty()) continue;
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                throw new Refused("--" + name + ": '" + v + "' is not a number");
            }
            OptionRanges.Range r = OptionRanges.RANGES.get("--" + name);
            if (!Double.isFinite(x) || (r != null && !r.contains(x))) throw new Refused("--" + name + ": " + Format.num(x) + " is outside " + r.text());
            if (name.equals("margin-resolution")) CompareCommand.marginResolution(x); // 0, or no finer than the library's
        }
        String seed = inputs.get("seed");
        if (seed != null && !seed.isEmpty() && !seed.matches("-?\\d{1,18}")) throw new Refused("--seed: '" + seed + "' is not a whole number");
        String falloff = inputs.get("falloff");
        if (falloff != null && !falloff.isEmpty() && !List.of("exp", "erf").contains(falloff)) throw new Refused("--falloff must be exp or erf, got '" + falloff + "'");
        return inputs;
    }

    /**
     * The answer to one question; {@code cancelled} is asked between rows and stops the work when it says so, and
     * {@code progress} hears each row as it is done ("[k/n] regimen, margin: risk").
     */
    Map<String, Object> answer(Map<String, String> in, BooleanSupplier cancelled, Consumer<String> progress) {
        if (cohort != null && cohort.changesTarget(in)) {
            ctv = cohort.target(in).target().ctv();
            simulation = new MissSimulation(backend);
            memory = new RowMemory<>(ROWS_REMEMBERED);
            mapSlices = new RowMemory<>(MAPS_REMEMBERED);
            nominalDvhs = new RowMemory<>(ROWS_REMEMBERED);
        }
        MarginComparison.Request q = cohort != null ? cohort.request(in) : pageRequest(in);
        lastSeed = q.seed();
        MarginComparison.Result result = new MarginComparison(simulation, memory).run(q, line -> {
            if (cancelled.getAsBoolean()) throw new Superseded();
            progress.accept(line);
        });
        progress.accept("DVH bands and the coverage map");
        Map<String, Object> out = json(q, result, cancelled);
        out.put("rows_recalled", result.rowsRecalled()); // asked before with the same inputs: the same result, not computed again
        return out;
    }

    /** The question of a page over one CTV, from its inputs as halo compare reads its options. */
    private MarginComparison.Request pageRequest(Map<String, String> in) {
        Platform platform = Token.parse(Platform.class, in.getOrDefault("platform", "mask-6dof-monitored"), "--platform");
        TargetKind target = Token.parse(TargetKind.class, in.getOrDefault("target", "intact"), "--target");
        ErrorOverrides overrides = new ErrorOverrides(vector(in, "systematic-mm"), null, null, null, null, vector(in, "random-mm"), opt(in, "rotation-deg"),
                null, opt(in, "intrafraction-mm"), null, opt(in, "delineation-mm"), null, null);
        List<Regimen> regimens = new ArrayList<>();
        for (String r : in.getOrDefault("regimens", "srs:1,hsrt:3,hsrt:5").split(",")) if (!r.isBlank()) regimens.add(Regimen.parse(r.trim(), platform));
        if (regimens.isEmpty()) throw new Refused("--regimens: no regimen");
        GuidelineQuery facts = GuidelineQuery.builder(Intent.SRS, 1, target, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE).volumeCc(ctv.volumeCc()).build();
        List<MarginComparison.Arm> arms = MarginComparison.Arm.of(regimens, r -> overrides.apply(r.platform(), target, true, 15), facts);
        DoseModel dose = plan != null ? plan : "erf".equals(in.get("falloff")) ? new DoseModel.ErfEdge(num(in, "penumbra-mm", 2), num(in, "isodose", 0.8))
                : new DoseModel.Exponential(opt(in, "g50-mm"), null);
        double[] margins = plan != null ? new double[] {0} : margins(in.getOrDefault("margins", "0,0.5,1,1.5,2,2.5,3"));
        MarginComparison.Request q = new MarginComparison.Request(ctv, margins, arms, dose,
                (int) num(in, "scenarios", 1000), seed(in), null, MarginComparison.Metric.P_MISS_D95,
                num(in, "target-risk", 0.05)).withPrecision(Precision.AUTO).withMarginResolution(num(in, "margin-resolution", 0));
        return q;
    }

    private Map<String, Object> json(MarginComparison.Request q, MarginComparison.Result result, BooleanSupplier cancelled) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows(result));
        out.put("plan", plan != null);
        out.put("target_risk", q.targetRisk());
        out.put("ctv_cc", Format.r3(ctv.volumeCc()));
        List<Object> arms = new ArrayList<>();
        boolean mapped = false;
        for (MarginComparison.ArmSummary a : result.arms()) {
            if (cancelled.getAsBoolean()) throw new Superseded();
            MarginComparison.Row at = adequateRow(result, a);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("regimen", a.arm().label());
            x.put("p_miss_d95", at.result().missD95().value());
            x.put("p_miss_d95_se", at.result().missD95().standardError());
            x.put("smallest_margin_meeting_target_mm", a.neededMarginMm());
            if (a.criticalMargin() != null) x.putAll(CompareCommand.criticalMarginJson(a.criticalMargin())); // a cohort's study may ask for it
            x.put("guideline_ctv_to_ptv_mm", a.guideline() == null ? null : a.guideline().ctvToPtvMm().defaultMm());
            x.put("agreement", a.agreement());
            MissResult.Recipes rec = at.result().recipes();
            x.put("recipes_mm", Map.of("van_herk", Format.r3(rec.vanHerkMm()), "finite_fractions", Format.r3(rec.finiteFractionsMm()), "stroom",
                    Format.r3(rec.stroomMm())));
            MissSimulation.Request nominal = new MissSimulation.Request(new MissTarget.WithMargin(ctv, at.marginMm()), q.dose(),
                    a.arm().model(), a.arm().fractions(), 1, q.seed(), q.isocentreMm(), null).withTargetModel(q.targetModel());
            x.put("dvh_bands_margin_mm", at.marginMm());
            x.put("dvh_bands", DvhBands.json(nominalDvhPct(nominal), at.result().dvhBands()));
            if (!mapped) {
                x.put("coverage_map", slices(simulation, q, a, at));
                mapped = true;
            }
            arms.add(x);
        }
        out.put("regimens", arms);
        out.put("verdict", plan != null ? planVerdict(result, q.targetRisk()) : result.verdict());
        return out;
    }

    /** With a plan: under which regimens its risk meets the target. */
    private static String planVerdict(MarginComparison.Result result, double targetRisk) {
        List<String> meets = new ArrayList<>(), fails = new ArrayList<>();
        for (MarginComparison.Row row : result.rows()) {
            MissResult.Probability p = row.result().missD95();
            String text = String.format(Locale.ROOT, "%s (%.2f ± %.2f %%)", row.arm().label(), 100 * p.value(), 100 * p.standardError());
            (p.value() <= targetRisk ? meets : fails).add(text);
        }
        String target = String.format(Locale.ROOT, "the target risk P(CTV D95 < 95 %% Rx) ≤ %.1f %%", 100 * targetRisk);
        if (fails.isEmpty()) return "The plan meets " + target + " under every regimen: " + String.join(", ", meets) + ".";
        if (meets.isEmpty()) return "The plan misses " + target + " under every regimen: " + String.join(", ", fails) + ".";
        return "The plan meets " + target + " under " + String.join(", ", meets) + "; it misses it under " + String.join(", ", fails) + ".";
    }

    private static List<Object> rows(MarginComparison.Result result) {
        List<Object> rows = new ArrayList<>();
        for (MarginComparison.Row row : result.rows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("regimen", row.arm().label());
            x.put("margin_mm", row.marginMm());
            x.put("p_miss_d95", row.result().missD95().value());
            x.put("p_miss_d95_se", row.result().missD95().standardError());
            rows.add(x);
        }
        return rows;
    }

    /** The regimen's row at its smallest adequate margin, or at its largest listed one where none is adequate. */
    private static MarginComparison.Row adequateRow(MarginComparison.Result result, MarginComparison.ArmSummary a) {
        MarginComparison.Row last = null;
        for (MarginComparison.Row row : result.rows()) {
            if (row.arm() != a.arm()) continue;
            if (a.neededMarginMm() != null && row.marginMm() == a.neededMarginMm()) return row;
            last = row;
        }
        return last;
    }

    private double[] nominalDvhPct(MissSimulation.Request r) {
        double[] dvh = nominalDvhs.recall(r);
        if (dvh == null) {
            dvh = simulation.nominalDvhPct(r);
            nominalDvhs.keep(r, dvh);
        }
        return dvh;
    }

    /** Three slices of the regimen's coverage map through the CTV's highest voxel, with the CTV's mask on the same slices. */
    private Map<String, Object> slices(MissSimulation simulation, MarginComparison.Request q, MarginComparison.ArmSummary a, MarginComparison.Row row) {
        double marginMm = row.marginMm();
        // The row's own scenarios, as many as its precision took: the same draw, without finding the count again.
        MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), q.dose(), a.arm().model(), a.arm().fractions(),
                row.result().scenarios(), q.seed(), q.isocentreMm(), null).withTargetModel(q.targetModel()).withEstimator(q.estimator());
        Map<String, Object> known = mapSlices.recall(r);
        if (known == null) {
            known = slices(simulation.coverageMap(r), marginMm);
            mapSlices.keep(r, known);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("regimen", a.arm().label());
        out.putAll(known);
        return out;
    }

    /** The map's slices through the CTV's highest voxel (kept rather than the map: a CT-sized grid is hundreds of megabytes). */
    private Map<String, Object> slices(Volume map, double marginMm) {
        Grid g = map.grid();
        Volume.Values v = map.values();
        int worst = -1;
        for (int i = 0; i < g.voxelCount(); i++) if (ctv.voxels()[i] != 0 && (worst < 0 || v.at(i) > v.at(worst))) worst = i;
        int[] at = {worst % g.size(0), (worst / g.size(0)) % g.size(1), worst / (g.size(0) * g.size(1))};
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("margin_mm", marginMm);
        out.put("max_in_ctv", Format.r3(v.at(worst)));
        int[][] axes = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}};
        String[] names = {"axial", "coronal", "sagittal"};
        for (int s = 0; s < 3; s++) out.put(names[s], slice(map, at, axes[s]));
        return Collections.unmodifiableMap(out);
    }

    private Map<String, Object> slice(Volume map, int[] at, int[] axes) {
        Grid g = map.grid();
        int nu = g.size(axes[0]), nv = g.size(axes[1]);
        double[] p = new double[nu * nv];
        int[] inside = new int[nu * nv];
        int[] ijk = at.clone();
        for (int vv = 0; vv < nv; vv++) for (int u = 0; u < nu; u++) {
            ijk[axes[0]] = u;
            ijk[axes[1]] = vv;
            int i = g.index(ijk[0], ijk[1], ijk[2]);
            p[u + nu * vv] = Math.round(map.values().at(i) * 1000) / 1000.0;
            inside[u + nu * vv] = ctv.voxels()[i];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("width", nu);
        out.put("height", nv);
        out.put("spacing_mm", new double[] {g.spacingMm(axes[0]), g.spacingMm(axes[1])});
        out.put("probability", p);
        out.put("ctv", inside);
        return out;
    }

    private static double[] margins(String text) {
        String[] parts = text.split(",");
        double[] m = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                m[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Refused("--margins: '" + parts[i].trim() + "' is not a number");
            }
            OptionRanges.Range r = OptionRanges.RANGES.get("--margins");
            if (!r.contains(m[i])) throw new Refused("--margins: " + Format.num(m[i]) + " is outside " + r.text());
        }
        if (m.length > 20) throw new Refused("--margins: at most 20 margins");
        return m;
    }

    private static long seed(Map<String, String> in) {
        String v = in.get("seed");
        return v == null || v.isEmpty() ? MissSimulation.DEFAULT_SEED : Long.parseLong(v);
    }

    private static Double opt(Map<String, String> in, String name) {
        String v = in.get(name);
        return v == null || v.isEmpty() ? null : Double.parseDouble(v);
    }

    private static double[] vector(Map<String, String> in, String name) {
        Double v = opt(in, name);
        return v == null ? null : new double[] {v};
    }

    private static double num(Map<String, String> in, String name, double fallback) {
        Double v = opt(in, name);
        return v == null ? fallback : v;
    }

    /** The question as the equivalent halo compare command line (for the page, and for checking it against the command). */
    String commandLine(Map<String, String> in) {
        if (cohort != null) return "halo explore --cohort: " + cohort.describe(in, lastSeed);
        StringBuilder sb = new StringBuilder("halo compare --ctv CTV");
        if (plan != null) sb.append(" --dose DOSE --rx-gy ").append(Format.num(plan.rxGy())).append(" --margins 0");
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (!e.getValue().isEmpty()) sb.append(String.format(Locale.ROOT, " --%s %s", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }
}
