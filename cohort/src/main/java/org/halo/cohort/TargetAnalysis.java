package org.halo.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.DecimalText;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.MarginRecommendation;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.miss.ComparisonRow;
import org.halo.clinical.miss.DoseAccumulation;
import org.halo.clinical.miss.CriticalMargin;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.compute.Backend;
import org.halo.geometry.Margin;
import org.halo.geometry.SubvoxelMargin;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;

/**
 * The per-target pipeline of a cohort: measures the target, runs the margin comparison of {@code halo compare} with
 * the target's own seed, reads the planned dose where one is linked, and returns the rows of the targets and scenarios
 * tables. The same code runs in {@code halo cohort run} and in the Spark job.
 */
public final class TargetAnalysis {
    /** A target's results: its targets row and its scenarios rows, values in the order of {@link CohortTables}. */
    public record Outcome(List<Object> target, List<List<Object>> scenarios, List<String> doseProblems, Map<String, Double> stageSeconds,
                          List<RegimenMap> coverageMaps) {}

    /**
     * A regimen's coverage-probability map at its margin for the target risk.
     *
     * @param regimen the regimen's label
     * @param marginMm its smallest margin meeting the target risk (mm)
     * @param map P(under-dosed | in the true CTV) on the target's grid
     */
    public record RegimenMap(String regimen, double marginMm, Volume map) {}

    private final Study study;
    private final Backend backend;

    public TargetAnalysis(Study study, Backend backend) {
        this.study = study;
        this.backend = backend;
    }

    /** Per regimen with a margin meeting the target risk, the coverage map there, from the target's own seed. */
    private List<RegimenMap> coverageMaps(MissSimulation simulation, PatientTargets.Loaded t, MarginComparison.Result result, long seed, double[] iso) {
        List<RegimenMap> maps = new ArrayList<>();
        for (MarginComparison.ArmSummary a : result.arms()) {
            if (a.neededMarginMm() == null) continue;
            // The row's own scenarios, as many as its precision took: the same draw, without finding the count again.
            int scenarios = result.rows().stream().filter(row -> row.arm() == a.arm() && row.marginMm() == a.neededMarginMm()).findFirst()
                    .map(row -> row.result().scenarios()).orElse(study.scenarios());
            MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(t.ctv(), a.neededMarginMm()), study.dose(), a.arm().model(),
                    a.arm().fractions(), scenarios, seed, iso, DoseAccumulation.PHYSICAL, study.targetModel(), MissSimulation.DEFAULT_MIN_DOSE_PCT,
                    study.estimator(), null);
            maps.add(new RegimenMap(a.arm().label(), a.neededMarginMm(), simulation.coverageMap(r)));
        }
        return maps;
    }

    /** The comparison's regimens for this target: each with its error model and the guideline query for its platform. */
    public List<MarginComparison.Arm> arms(double ctvCc, double distanceToIsocentreMm) {
        // The target's facts; each arm asks them for its own regimen and platform.
        GuidelineQuery target = GuidelineQuery.builder(Intent.SRS, 1, study.target(), Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE)
                .volumeCc(ctvCc).distanceToIsocentreMm(distanceToIsocentreMm).expectedBeamOnMin(study.beamOnMin())
                .mriDistortionCorrected(study.mriDistortionCorrected()).build();
        return MarginComparison.Arm.of(study.regimens(), study::errorModel, target);
    }

    /**
     * The comparison the study runs for one target: its margins, regimens and dose model, the target's own seed, the
     * plan's isocentre (the centroid without one). {@code halo explore --cohort} asks the same of a finished cohort's target.
     *
     * @param entry the target's manifest row
     * @param t the target
     * @return the request
     */
    public MarginComparison.Request request(Manifest.Entry entry, PatientTargets.Loaded t) {
        double[] iso = entry.isocentreMm();
        long seed = TargetSeed.of(study.seed(), entry.patientId(), t.name());
        return new MarginComparison.Request(t.ctv(), study.marginsMm(), arms(t.ctv().volumeCc(), distanceToIsocentreMm(t, iso)), study.dose(),
                study.scenarios(), seed, iso, study.metric(), study.targetRisk(), study.targetModel(), MissSimulation.DEFAULT_MIN_DOSE_PCT,
                study.estimator(), study.precision(), study.marginResolutionMm());
    }

    private static double distanceToIsocentreMm(PatientTargets.Loaded t, double[] iso) {
        double[] c = MissSimulation.centroidMm(t.ctv());
        return iso == null ? 0 : Math.sqrt(sq(c[0] - iso[0]) + sq(c[1] - iso[1]) + sq(c[2] - iso[2]));
    }

    public Outcome run(Manifest.Entry entry, PatientTargets patient, PatientTargets.Loaded t, String studyHash) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        double[] centroid = MissSimulation.centroidMm(t.ctv());
        double[] iso = entry.isocentreMm();
        double distance = distanceToIsocentreMm(t, iso);
        double cc = t.ctv().volumeCc();
        MarginComparison.Request request = request(entry, t);
        long seed = request.seed();
        MissSimulation simulation = new MissSimulation(backend); // one per target: its rows and maps share the target's fields
        MarginComparison.Result result = new MarginComparison(simulation).run(request, null);
        seconds.put("monte_carlo_s", (System.nanoTime() - t0) / 1e9);

        long t1 = System.nanoTime();
        List<String> doseProblems = new ArrayList<>();
        double[] dose = plannedDose(patient, t, entry.rxGy(), doseProblems);
        seconds.put("dose_s", (System.nanoTime() - t1) / 1e9);

        MarginComparison.ArmSummary srs = result.arms().stream().filter(a -> a.arm().intent() == Intent.SRS).findFirst().orElse(null);
        Double srsMargin = srs == null ? null : srs.neededMarginMm();
        Map<Double, Double> subvoxelCc = new LinkedHashMap<>();
        if (study.subvoxel()) {
            long t2 = System.nanoTime();
            for (double m : study.marginsMm()) subvoxelCc.put(m, new SubvoxelMargin(backend).expand(t.ctv(), new Margin.Uniform(m), null).volumeCc());
            seconds.put("subvoxel_s", (System.nanoTime() - t2) / 1e9);
        }
        List<List<Object>> scenarios = new ArrayList<>();
        Boolean allHsrt = null;
        for (MarginComparison.Row row : result.rows()) {
            MarginComparison.ArmSummary a = summary(result, row.arm());
            Boolean canUse = null;
            if (row.arm().intent() == Intent.HSRT && srsMargin != null) {
                canUse = a.neededMarginMm() != null && a.neededMarginMm() <= srsMargin;
            }
            List<Object> v = key(entry, t);
            v.add(studyHash);
            v.addAll(ComparisonRow.of(row).values());
            v.add(a.neededMarginMm());
            CriticalMargin c = a.criticalMargin();
            v.addAll(Arrays.asList(c == null ? null : c.marginMm(), c == null ? null : c.lowMm(), c == null ? null : c.highMm()));
            v.add(canUse);
            MarginRecommendation g = a.guideline();
            v.add(g == null ? null : g.gtvToCtvMm().defaultMm());
            v.add(g == null ? null : g.ctvToPtvMm().defaultMm());
            v.add(g == null ? null : g.totalMm().defaultMm());
            v.add(g == null ? null : String.join(";", g.rules().stream().map(MarginRecommendation.FiredRule::id).toList()));
            v.add(subvoxelCc.get(row.marginMm()));
            scenarios.add(v);
        }
        for (MarginComparison.ArmSummary a : result.arms()) {
            if (a.arm().intent() == Intent.HSRT && srsMargin != null) {
                boolean can = a.neededMarginMm() != null && a.neededMarginMm() <= srsMargin;
                allHsrt = allHsrt == null ? can : allHsrt && can;
            }
        }
        List<Object> target = key(entry, t);
        double[] sp = t.grid().spacingMm();
        target.addAll(Arrays.asList(studyHash, seed, patient.referenceKind(), String.join(";", patient.skippedNames()),
                DecimalText.exact(sp[0]) + ";" + DecimalText.exact(sp[1]) + ";" + DecimalText.exact(sp[2]), cc, t.contourCc(), 2 * Math.cbrt(3 * cc * 1000 / (4 * Math.PI)),
                centroid[0], centroid[1], centroid[2], iso == null ? null : iso[0], iso == null ? null : iso[1], iso == null ? null : iso[2], distance,
                entry.rxGy(), entry.fractions(), dose == null ? null : dose[0], dose == null ? null : dose[1], dose == null ? null : dose[2],
                dose == null || Double.isNaN(dose[3]) ? null : dose[3], srsMargin, allHsrt, result.verdict()));
        for (String c : entry.extra().keySet()) target.add(entry.extra().get(c));
        long t3 = System.nanoTime();
        List<RegimenMap> maps = study.coverageMaps() ? coverageMaps(simulation, t, result, seed, iso) : List.of();
        if (study.coverageMaps()) seconds.put("coverage_map_s", (System.nanoTime() - t3) / 1e9);
        return new Outcome(target, scenarios, doseProblems, seconds, maps);
    }

    /** CTV D95, D98, Dmean (Gy) and V100 (%, NaN without a prescription) of the planned dose, as halo metrics gives them; null without a dose. */
    private double[] plannedDose(PatientTargets patient, PatientTargets.Loaded t, Double rxGy, List<String> problems) {
        DoseGrid d;
        try {
            d = patient.dose();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return null;
        }
        if (d == null) return null;
        try {
            DoseVolumeHistogram h = DoseVolumeHistogram.compute(Structure.of(t.name(), t.ctv()), d, DoseVolumeHistogram.DEFAULT_BIN_GY,
                    DoseVolumeHistogram.DEFAULT_SUBDIVISIONS, DoseVolumeHistogram.Outside.ERROR, backend);
            return new double[] {h.doseAtVolumePct(95), h.doseAtVolumePct(98), h.meanGy(), rxGy == null ? Double.NaN : h.volumeAtLeastPct(rxGy)};
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static MarginComparison.ArmSummary summary(MarginComparison.Result r, MarginComparison.Arm arm) {
        for (MarginComparison.ArmSummary a : r.arms()) if (a.arm() == arm) return a;
        throw new IllegalStateException("no summary for " + arm.label());
    }

    static List<Object> key(Manifest.Entry e, PatientTargets.Loaded t) {
        List<Object> v = new ArrayList<>();
        v.add(e.patientId());
        v.add(e.source().toString());
        v.add(t.name());
        return v;
    }

    private static double sq(double v) {
        return v * v;
    }

}
