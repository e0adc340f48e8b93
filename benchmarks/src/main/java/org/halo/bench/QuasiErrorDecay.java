package org.halo.bench;

import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.Estimator;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.compute.Backends;
import org.halo.image.Mask;

/**
 * How fast a quasi-random estimator's error falls with the scenario count N, which the stopping rule's forecast
 * assumes (MissSimulation.QUASI_VARIANCE_DECAY): per row the spread of P(D95 &lt; 95 %) over independent seeds at
 * N, 2N and 4N, and the exponent a of N^−a that the variances fit; then the exponent over every row with a risk of
 * at least 1 % (geometric mean of the variance ratios). Spheres of 1 and 5 cc, three regimens, margins 0, 0.5 and 1 mm.
 * Usage: QuasiErrorDecay [seeds] [N] [estimator]
 */
public final class QuasiErrorDecay {
    private QuasiErrorDecay() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Estimator e = args.length > 2 ? Estimator.valueOf(args[2].toUpperCase(Locale.ROOT)) : Estimator.CONTROLLED;
        MissSimulation sim = new MissSimulation(Backends.select("cpu", null, x -> { }).backend());
        int[] counts = {n, 2 * n, 4 * n};
        System.out.printf(Locale.ROOT, "%s, %d seeds; size_cc,fractions,margin_mm,p,sd@%d,sd@%d,sd@%d,exponent%n", e.token(), seeds, counts[0], counts[1], counts[2]);
        double logRatio = 0;
        int rows = 0;
        for (double cc : new double[] {1, 5}) {
            Mask ctv = EstimatorEfficiency.sphere(cc);
            for (int fractions : new int[] {1, 3, 5}) {
                for (double marginMm : new double[] {0, 0.5, 1}) {
                    double[] sd = new double[counts.length];
                    double p = 0;
                    for (int c = 0; c < counts.length; c++) {
                        double[] v = new double[seeds];
                        for (int s = 0; s < seeds; s++) {
                            MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), new DoseModel.Exponential(null, null),
                                    Platform.MASK_6DOF_MONITORED.model(TargetKind.INTACT, true, 15), fractions, counts[c], 7919L * s + 1, null, null).withEstimator(e);
                            v[s] = sim.run(r).missD95().value();
                            if (c == counts.length - 1) p += v[s] / seeds;
                        }
                        sd[c] = new StandardDeviation().evaluate(v);
                    }
                    double exponent = Math.log(sd[0] * sd[0] / (sd[2] * sd[2])) / Math.log(4);
                    if (p >= 0.01 && sd[2] > 0) {
                        logRatio += Math.log(sd[0] * sd[0] / (sd[2] * sd[2]));
                        rows++;
                    }
                    System.out.printf(Locale.ROOT, "%s,%d,%s,%.4f,%.5f,%.5f,%.5f,%.2f%n", cc, fractions, marginMm, p, sd[0], sd[1], sd[2], exponent);
                }
            }
        }
        System.out.printf(Locale.ROOT, "variance falls as N^-%.2f over %d rows with a risk of at least 1 %% (from %d to %d scenarios)%n",
                logRatio / rows / Math.log(4), rows, counts[0], counts[2]);
    }
}
