package org.halo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.geometry.MaskAlgebra;
import org.halo.image.Mask;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.PlanQuality;
import org.halo.metrics.Structure;
import org.halo.metrics.StructureComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"How a PTV covers its CTV, geometrically and (with a dose) dosimetrically: volumes, Dice, Jaccard, Hausdorff, HD95,",
            "mean surface distance, surface Dice, CTV outside the PTV, the margin realised in each direction; DVH points, coverage,",
            "Paddick and RTOG conformity, Paddick gradient index, ICRU 83 homogeneity index, V12Gy of normal tissue."})
final class MetricsCommand implements Callable<Integer> {
    @Option(names = "--ctv", required = true, paramLabel = "FILE", description = "CTV (mask).")
    Path ctvFile;

    @Option(names = "--ptv", required = true, paramLabel = "FILE", description = "PTV (mask on the same grid).")
    Path ptvFile;

    @Option(names = "--dose", paramLabel = "FILE", description = "Dose in Gy (any grid).")
    Path doseFile;

    @Option(names = "--rx-gy", paramLabel = "GY", description = "Prescription dose in Gy (needs --dose).")
    Double rxGy;

    @Option(names = "--normal", paramLabel = "FILE", description = "Normal-tissue structure (e.g. brain) for V12Gy of normal minus PTV.")
    Path normalFile;

    @Option(names = "--tolerance-mm", paramLabel = "MM", defaultValue = "1", description = "Surface Dice tolerance (default ${DEFAULT-VALUE} mm).")
    double toleranceMm;

    @Option(names = "--allow-outside", paramLabel = "zero|ignore", description = "Structure parts outside the dose grid: 0 Gy, or left out. Default: error.")
    String allowOutside;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (rxGy != null && doseFile == null) throw new IllegalArgumentException("--rx-gy needs --dose");
        if (normalFile != null && rxGy == null) throw new IllegalArgumentException("--normal needs --dose and --rx-gy");
        Mask ctv = Inputs.mask(ctvFile, null), ptv = Inputs.mask(ptvFile, null);
        if (!ctv.grid().sameGeometry(ptv.grid(), 1e-4)) {
            throw HaloException.inFile(ptvFile, "lies on a different grid from the CTV " + ctvFile + "; resample one first");
        }
        StructureComparison c;
        try {
            c = StructureComparison.compare(ctv, ptv, toleranceMm, common.backend());
        } catch (HaloException e) {
            throw e; // already names its file
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ctvFile + " / " + ptvFile + ": " + e.getMessage());
        }
        Report r = new Report(common.json);
        geometry(r, c);
        if (doseFile != null) dose(r, ctv, ptv);
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    /** Volumes, overlap, surface distances and the realised margin in each direction. */
    private void geometry(Report r, StructureComparison c) {
        r.put("ctv", ctvFile.toString()).put("ptv", ptvFile.toString())
                .put("ctv_cc", Format.r3(c.aCc())).put("ptv_cc", Format.r3(c.bCc())).put("ptv_to_ctv_ratio", Format.r3(c.bCc() / c.aCc()))
                .put("dice", Format.r3(c.dice())).put("jaccard", Format.r3(c.jaccard()))
                .put("hausdorff_mm", Format.r3(c.hausdorffMm())).put("hd95_mm", Format.r3(c.hd95Mm())).put("msd_mm", Format.r3(c.meanSurfaceDistanceMm()))
                .put("surface_dice", Format.r3(c.surfaceDice())).put("surface_dice_tolerance_mm", toleranceMm)
                .put("ctv_outside_ptv_cc", Format.r3(c.aOutsideBCc())).put("ctv_outside_ptv_pct", Format.r3(c.aOutsideBPct()));
        StructureComparison.RealizedMargin m = c.realized();
        Map<String, Object> realized = new LinkedHashMap<>();
        String[] names = {"right", "left", "anterior", "posterior", "superior", "inferior"};
        double[] v = m.values();
        for (int i = 0; i < 6; i++) realized.put(names[i], Double.isNaN(v[i]) ? null : v[i]);
        r.put("realized_margin_mm", realized);
        r.line("CTV " + ctvFile + ": " + Format.cc(c.aCc()) + "; PTV " + ptvFile + ": " + Format.cc(c.bCc())
                + String.format(Locale.ROOT, " (%.2f × the CTV)", c.bCc() / c.aCc()));
        r.line(String.format(Locale.ROOT, "  overlap:  Dice %.3f, Jaccard %.3f; CTV outside PTV %.3f cc (%.2f %%)", c.dice(), c.jaccard(), c.aOutsideBCc(), c.aOutsideBPct()));
        r.line(String.format(Locale.ROOT, "  surfaces: Hausdorff %.2f mm, HD95 %.2f mm, mean %.2f mm, surface Dice@%.1f mm %.3f",
                c.hausdorffMm(), c.hd95Mm(), c.meanSurfaceDistanceMm(), toleranceMm, c.surfaceDice()));
        if (Double.isNaN(v[0])) {
            r.line("  realised margin: needs a grid aligned with the patient axes");
        } else {
            r.line(String.format(Locale.ROOT, "  realised margin (mm): R %.2f  L %.2f  A %.2f  P %.2f  S %.2f  I %.2f%s", v[0], v[1], v[2], v[3], v[4], v[5],
                    m.reachesGridEdge() ? "  (PTV reaches the grid edge: a lower bound there)" : ""));
        }
    }

    /** The dose: DVH points of CTV and PTV, and with a prescription the plan-quality indices (and V12Gy of the normal tissue). */
    private void dose(Report r, Mask ctv, Mask ptv) {
        DoseGrid dose = Inputs.dose(doseFile);
        DoseVolumeHistogram.Outside policy = DvhCommand.outside(allowOutside);
        DoseVolumeHistogram ctvDvh = DvhCommand.dvh(Structure.of("ctv", ctv), dose, DoseVolumeHistogram.DEFAULT_BIN_GY, policy, ctvFile, common.backend());
        DoseVolumeHistogram ptvDvh = DvhCommand.dvh(Structure.of("ptv", ptv), dose, DoseVolumeHistogram.DEFAULT_BIN_GY, policy, ptvFile, common.backend());
        r.line("  dose " + doseFile + ":");
        r.line(DvhCommand.pointsLine(ctvDvh, rxGy));
        r.line(DvhCommand.pointsLine(ptvDvh, rxGy));
        Map<String, Object> ctvPoints = DvhCommand.points(ctvDvh, rxGy);
        for (Map.Entry<String, Object> e : ctvPoints.entrySet()) if (!e.getKey().equals("name")) r.put(e.getKey(), e.getValue());
        r.put("ptv_dvh", DvhCommand.points(ptvDvh, rxGy));
        if (rxGy == null) return;
        PlanQuality q = PlanQuality.of(ptvDvh, dose, rxGy);
        r.put("rx_gy", rxGy).put("coverage_ptv_v100_pct", Format.r3(q.coveragePct())).put("piv_cc", Format.r3(q.pivCc()))
                .put("paddick_ci", Format.r3(q.paddickCi())).put("rtog_ci", Format.r3(q.rtogCi()))
                .put("gradient_index", Format.r3(q.gradientIndex())).put("homogeneity_index", Format.r3(q.homogeneityIndex()));
        r.line(String.format(Locale.ROOT, "  plan quality (target = PTV, Rx %.2f Gy): coverage %.1f %%, PIV %.3f cc, Paddick CI %.3f, RTOG CI %.3f, GI %.2f, HI %.3f",
                rxGy, q.coveragePct(), q.pivCc(), q.paddickCi(), q.rtogCi(), q.gradientIndex(), q.homogeneityIndex()));
        if (normalFile == null) return;
        Mask tissue = MaskAlgebra.subtract(Inputs.mask(normalFile, null), ptv);
        DoseVolumeHistogram n = DvhCommand.dvh(Structure.of("normal", tissue), dose, DoseVolumeHistogram.DEFAULT_BIN_GY, policy, normalFile, common.backend());
        r.put("v12_gy_cc", Format.r3(n.volumeAtLeastCc(12)));
        r.line(String.format(Locale.ROOT, "  V12Gy of %s minus PTV: %.3f cc", normalFile.getFileName(), n.volumeAtLeastCc(12)));
    }
}
