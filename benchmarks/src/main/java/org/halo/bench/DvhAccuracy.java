package org.halo.bench;

import java.util.Locale;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;

/**
 * Prints the DVH accuracy table of docs/metrics.md: spheres of 0.1 to 30 cc on a 1 × 1 × 2 mm grid in a linear dose
 * gradient (0.5 Gy/mm through 20 Gy, dose on an offset 2 mm grid), D95 / D98 / V100 against the closed form, for
 * exact voxel fractions and for 0/1 voxel-centre masks. Run: java -cp benchmarks/target/benchmarks.jar org.halo.bench.DvhAccuracy
 */
public final class DvhAccuracy {
    private DvhAccuracy() {}

    static double cap(double t, double r) {
        if (t >= r) return 0;
        if (t <= -r) return 1;
        double h = r - t;
        return h * h * (3 * r - h) / (4 * r * r * r);
    }

    static double dAt(double pct, double r, double cz, double rx, double g) {
        double lo = -r, hi = r;
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (cap(mid, r) > pct / 100) lo = mid;
            else hi = mid;
        }
        return rx + g * (cz + 0.5 * (lo + hi));
    }

    public static void main(String[] args) {
        double rx = 20, gradient = 0.5;
        Grid s = new Grid(new int[] {60, 60, 30}, new double[] {1, 1, 2}, new double[] {-29.7, -30.2, -29.4}, Grid.identity());
        Grid dg = new Grid(new int[] {40, 40, 40}, new double[] {2, 2, 2}, new double[] {-39.3, -40.1, -39.6}, Grid.identity());
        float[] d = new float[dg.voxelCount()];
        for (int k = 0; k < 40; k++) for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++) {
            d[dg.index(i, j, k)] = (float) (rx + gradient * dg.indexToPatientMm(i, j, k)[2]);
        }
        DoseGrid dose = new DoseGrid(Volume.ofFloats(dg, d));
        System.out.println("| volume (cc) | structure | D95 error (% of Rx) | D98 error (% of Rx) | V100 error (% of volume) | volume error (%) |");
        System.out.println("|---|---|---|---|---|---|");
        for (double cc : new double[] {0.1, 0.5, 1, 5, 30}) {
            double r = Math.cbrt(cc * 1000 * 3 / (4 * Math.PI));
            double cx = 0.21, cy = -0.13, cz = 0.37;
            Volume fractions = Phantoms.sphereFractions(s, cx, cy, cz, r, 10);
            Mask mask = Mask.empty(s);
            for (int k = 0; k < 30; k++) for (int j = 0; j < 60; j++) for (int i = 0; i < 60; i++) {
                double[] p = s.indexToPatientMm(i, j, k);
                if ((p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy) + (p[2] - cz) * (p[2] - cz) <= r * r) mask.voxels()[s.index(i, j, k)] = 1;
            }
            for (Structure st : new Structure[] {Structure.of("fractional", fractions), Structure.of("voxel-centre mask", mask)}) {
                DoseVolumeHistogram h = DoseVolumeHistogram.compute(st, dose);
                double e95 = 100 * (h.doseAtVolumePct(95) - dAt(95, r, cz, rx, gradient)) / rx;
                double e98 = 100 * (h.doseAtVolumePct(98) - dAt(98, r, cz, rx, gradient)) / rx;
                double ev = h.volumeAtLeastPct(rx) - 100 * cap(-cz, r);
                double evol = 100 * (h.volumeCc() - cc) / cc;
                System.out.printf(Locale.ROOT, "| %.1f | %s | %+.2f | %+.2f | %+.2f | %+.2f |%n", cc, st.isBinary() ? "0/1 mask" : "exact fractions", e95, e98, ev, evol);
            }
        }
    }
}
