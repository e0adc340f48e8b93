package org.halo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.Estimator;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.Platform;
import org.halo.compute.Backends;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;

/**
 * Precision per second of the Monte Carlo's estimators (Monte Carlo issue): on spheres of 0.2, 1, 5 and 20 cc, three
 * regimens and the cohort's margins 0-2 mm, a baseline and a candidate estimator (plain and conditional unless told) at
 * the same fixed scenario count, alternated in one sitting. Per row the figure is time × SE² (the row's kernel time
 * from the sweep, its reported standard error of P(D95 &lt; 95 %), root mean square over the rounds); the gain is the
 * baseline's figure over the candidate's. Not JMH: each sweep is seconds and the figure needs the standard error
 * beside the time.
 * Usage: EstimatorEfficiency [scenarios] [rounds] [target kind] [device] [sizes, cc, comma-separated] [baseline] [candidate]
 */
public final class EstimatorEfficiency {
    private EstimatorEfficiency() {}

    static Mask sphere(double cc) {
        double r = Math.cbrt(3 * cc * 1000 / (4 * Math.PI));
        int n = (int) Math.ceil(2 * r + 8);
        Mask m = Mask.empty(Grid.of(n, n, n, 1, 1, 1));
        Phantoms.addSphere(m, n / 2.0 + 0.137, n / 2.0 - 0.219, n / 2.0 + 0.311, r);
        return m;
    }

    public static void main(String[] args) {
        int scenarios = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        TargetKind kind = args.length > 2 ? TargetKind.valueOf(args[2].toUpperCase(Locale.ROOT)) : TargetKind.INTACT;
        MissSimulation sim = new MissSimulation(Backends.select(args.length > 3 ? args[3] : "cpu", null, n -> { }).backend());
        double[] margins = {0, 0.5, 1, 1.5, 2};
        Platform platform = Platform.MASK_6DOF_MONITORED;
        int[][] regimens = {{1}, {3}, {5}};
        System.out.printf(Locale.ROOT, "%s, %s, %d scenarios per row, %d rounds, reach %.1f SD%n", platform.token(), kind.token(), scenarios, rounds,
                org.halo.clinical.miss.DelineationIntegral.REACH_SD);
        Estimator base = args.length > 5 ? Token.parse(Estimator.class, args[5], "baseline") : Estimator.PLAIN;
        Estimator candidate = args.length > 6 ? Token.parse(Estimator.class, args[6], "candidate") : Estimator.CONDITIONAL;
        String b = base.token(), c = candidate.token();
        System.out.println("size_cc,fractions,margin_mm,p_" + b + ",se_" + b + ",ms_" + b + ",p_" + c + ",se_" + c + ",ms_" + c + ",variance_ratio,time_ratio,gain");
        warmUp(sim, platform, kind);
        List<Double> all = new ArrayList<>();
        String sizes = args.length > 4 ? args[4] : "0.2,1,5,20";
        for (String size : sizes.split(",")) {
            double cc = Double.parseDouble(size);
            Mask ctv = sphere(cc);
            for (int[] f : regimens) {
                MarginComparison.Arm arm = new MarginComparison.Arm("r", f[0] == 1 ? Intent.SRS : Intent.HSRT, f[0],
                        platform.model(kind, true, 15), null);
                double[][] plain = new double[margins.length][3], cond = new double[margins.length][3];
                run(sim, ctv, new double[] {0}, arm, 100, Estimator.PLAIN, 7); // the target's distance field, built once for both
                for (int round = 0; round < rounds; round++) {
                    add(plain, run(sim, ctv, margins, arm, scenarios, base, round), rounds);
                    add(cond, run(sim, ctv, margins, arm, scenarios, candidate, round), rounds);
                }
                for (int i = 0; i < margins.length; i++) {
                    double vr = Math.pow(plain[i][1] / cond[i][1], 2), tr = cond[i][2] / plain[i][2];
                    double gain = cond[i][1] == 0 ? Double.NaN : vr / tr;
                    if (plain[i][0] >= 0.01 && !Double.isNaN(gain)) all.add(gain);
                    System.out.printf(Locale.ROOT, "%s,%d,%s,%.4f,%.4f,%.0f,%.4f,%.4f,%.0f,%.2f,%.2f,%.2f%n", cc, f[0], margins[i], plain[i][0], plain[i][1],
                            plain[i][2], cond[i][0], cond[i][1], cond[i][2], vr, tr, gain);
                }
            }
        }
        double log = 0;
        for (double g : all) log += Math.log(g);
        System.out.printf(Locale.ROOT, "geometric mean gain over %d rows with a baseline risk of at least 1 %%: %.2f%n", all.size(), Math.exp(log / all.size()));
    }

    private static void warmUp(MissSimulation sim, Platform platform, TargetKind kind) {
        MarginComparison.Arm arm = new MarginComparison.Arm("w", Intent.HSRT, 3, platform.model(kind, true, 15), null);
        for (Estimator e : Estimator.values()) run(sim, sphere(1), new double[] {0, 1}, arm, 500, e, 99);
    }

    /** Per margin: the risk, its SE and the row's time (ms). Seeds differ per round and estimator, so rounds are independent. */
    private static double[][] run(MissSimulation sim, Mask ctv, double[] margins, MarginComparison.Arm arm, int scenarios, Estimator e, int round) {
        MarginComparison.Request q = new MarginComparison.Request(ctv, margins, List.of(arm), new DoseModel.Exponential(null, null), scenarios,
                1000L * round + e.ordinal(), null, MarginComparison.Metric.P_MISS_D95, 0.05).withEstimator(e);
        MarginComparison.Result r = new MarginComparison(sim).run(q, null);
        double[][] out = new double[margins.length][];
        for (int i = 0; i < margins.length; i++) {
            MissResult x = r.rows().get(i).result();
            out[i] = new double[] {x.missD95().value(), x.missD95().standardError(), x.elapsedMs()};
        }
        return out;
    }

    /** Averages the rounds: risks and times as means, standard errors as root mean squares. */
    private static void add(double[][] sum, double[][] one, int rounds) {
        for (int i = 0; i < sum.length; i++) {
            sum[i][0] += one[i][0] / rounds;
            sum[i][1] = Math.sqrt(sum[i][1] * sum[i][1] + one[i][1] * one[i][1] / rounds);
            sum[i][2] += one[i][2] / rounds;
        }
    }
}
