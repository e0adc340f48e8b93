package org.halo.bench;

import java.util.List;
import java.util.Locale;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.miss.CriticalMargin;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.Precision;
import org.halo.clinical.miss.TargetModel;
import org.halo.compute.Backends;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;

/**
 * Whether the margin for the target risk's 95 % interval covers the margin it estimates (docs/clinical.md, "The margin
 * for the target risk"): a sphere of radius 6 mm off the lattice of a 1 mm grid, random σ 1 mm, one fraction, a sharp
 * dose edge, target risk 5 %. The reference is the same model's margin at a far smaller standard error; then, over
 * independent seeds, the study's settings (precision auto, at most {@code scenarios}) at a fine resolution, counting
 * how often the interval holds the reference. Not JMH: the figure is a coverage, not a time.
 * Usage: CriticalMarginCoverage [seeds] [scenarios] [resolution mm] [device]
 */
public final class CriticalMarginCoverage {
    private CriticalMarginCoverage() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        double resolution = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        MissSimulation sim = new MissSimulation(Backends.select(args.length > 3 ? args[3] : "cpu", null, n -> { }).backend());
        Mask ctv = Mask.empty(Grid.of(20, 20, 20, 1, 1, 1));
        Phantoms.addSphere(ctv, 9.137, 9.291, 9.419, 6);
        MarginComparison.Arm arm = new MarginComparison.Arm("srs:1", Intent.SRS, 1, ErrorModel.none().withRandomMm(ErrorModel.isotropic(1)), null);
        MarginComparison comparison = new MarginComparison(sim);
        double[] margins = {1, 1.5, 2, 2.5};
        long t0 = System.nanoTime();
        CriticalMargin reference = comparison.run(request(ctv, margins, arm, 400_000, 1L, Precision.of(0.0005), 0.01), null).arms().get(0).criticalMargin();
        System.out.printf(Locale.ROOT, "reference (SE 0.05 points, resolution 0.01 mm): %.4f mm (interval %.4f–%.4f), %.0f s%n", reference.marginMm(),
                reference.lowMm(), reference.highMm(), (System.nanoTime() - t0) / 1e9);
        System.out.println("seed,margin_mm,low_mm,high_mm,covers,evaluations,seconds");
        int covered = 0;
        double width = 0, errorSq = 0;
        for (int s = 1; s <= seeds; s++) {
            long t = System.nanoTime();
            CriticalMargin c = comparison.run(request(ctv, margins, arm, scenarios, 1000L + s, Precision.AUTO, resolution), null).arms().get(0).criticalMargin();
            // Each end is the upper end of a bracket one resolution wide: the crossing it stands for lies in (end − resolution, end].
            boolean covers = c.lowMm() - resolution < reference.marginMm() && reference.marginMm() <= c.highMm();
            if (covers) covered++;
            width += c.highMm() - c.lowMm() + resolution;
            errorSq += Math.pow(c.marginMm() - reference.marginMm(), 2);
            System.out.printf(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%b,%d,%.2f%n", 1000 + s, c.marginMm(), c.lowMm(), c.highMm(), covers, c.evaluations(),
                    (System.nanoTime() - t) / 1e9);
        }
        System.out.printf(Locale.ROOT, "coverage %d/%d = %.1f %%; mean interval width %.3f mm; RMS error of the margin %.3f mm%n", covered, seeds,
                100.0 * covered / seeds, width / seeds, Math.sqrt(errorSq / seeds));
    }

    private static MarginComparison.Request request(Mask ctv, double[] margins, MarginComparison.Arm arm, int scenarios, long seed, Precision precision,
                                                    double resolution) {
        return new MarginComparison.Request(ctv, margins, List.of(arm), new DoseModel.SharpEdge(), scenarios, seed, null, MarginComparison.Metric.P_MISS_D95,
                0.05, TargetModel.SMOOTH, MissSimulation.DEFAULT_MIN_DOSE_PCT, null, precision, resolution);
    }
}
