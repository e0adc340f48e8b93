package org.halo.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.RtStructureSetWriter;
import org.halo.io.dicom.SyntheticDicom;

/**
 * A reproducible synthetic cohort of brain-metastasis patients as DICOM: per patient a CT series (1 mm in-plane; 1, 1.5
 * or 2 mm slices), a structure set with one to five ellipsoidal targets (GTV_1 ... GTV_n, 0.1-30 cc, log-uniform) and
 * a brainstem that is not a target, a plan (one isocentre at the targets' centroid; 1 × 20 Gy or 5 × 30 Gy) and a dose
 * on a 2 mm grid (prescription inside each target's 1 mm PTV, exponential fall-off outside). For tests, the cohort
 * demo and benchmarks.
 */
public final class SyntheticCohort {
    /** One generated target: patient, ROI name, centre (mm, LPS), semi-axes (mm) and volume (cc, of the ellipsoid). */
    public record Target(String patientId, String name, double[] centreMm, double[] semiAxesMm, double volumeCc) {}

    private static final double ROOM_MM = 28;

    private SyntheticCohort() {}

    /** Writes {@code patients} patients under {@code dir} (one folder each) and returns their targets. */
    public static List<Target> write(Path dir, int patients, long seed) {
        return write(dir, patients, seed, 5);
    }

    /** As {@link #write(Path, int, long)}, with at most {@code maxTargets} targets per patient. */
    public static List<Target> write(Path dir, int patients, long seed, int maxTargets) {
        if (patients < 1 || patients > 10_000) throw new IllegalArgumentException("patients must be 1-10 000, got " + patients);
        if (maxTargets < 1 || maxTargets > 5) throw new IllegalArgumentException("targets per patient must be 1-5, got " + maxTargets);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Target> all = new ArrayList<>();
        for (int p = 1; p <= patients; p++) all.addAll(patient(dir, String.format(Locale.ROOT, "SYN%04d", p), p, 1 + rng.nextInt(maxTargets), rng));
        return all;
    }

    private static List<Target> patient(Path dir, String id, int index, int count, SplittableRandom rng) {
        List<Target> targets = new ArrayList<>();
        while (targets.size() < count) {
            double cc = Math.exp(Math.log(0.1) + rng.nextDouble() * Math.log(300));
            double r = Math.cbrt(3 * cc * 1000 / (4 * Math.PI));
            double[] ratio = {0.8 + 0.45 * rng.nextDouble(), 0.8 + 0.45 * rng.nextDouble(), 0.8 + 0.45 * rng.nextDouble()};
            double scale = Math.cbrt(ratio[0] * ratio[1] * ratio[2]);
            double[] axes = {r * ratio[0] / scale, r * ratio[1] / scale, r * ratio[2] / scale};
            double[] centre = {-45 + 90 * rng.nextDouble(), -50 + 80 * rng.nextDouble(), -20 + 50 * rng.nextDouble()};
            if (overlaps(centre, axes, targets)) continue;
            targets.add(new Target(id, "GTV_" + (targets.size() + 1), centre, axes, 4.0 / 3 * Math.PI * axes[0] * axes[1] * axes[2] / 1000));
        }
        double[] brainstem = {0, 25, -35};
        double[] lo = {brainstem[0] - 12, brainstem[1] - 12, brainstem[2] - 18}, hi = {brainstem[0] + 12, brainstem[1] + 12, brainstem[2] + 18};
        for (Target t : targets) {
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], t.centreMm()[a] - t.semiAxesMm()[a]);
                hi[a] = Math.max(hi[a], t.centreMm()[a] + t.semiAxesMm()[a]);
            }
        }
        double slice = new double[] {1, 1.5, 2}[index % 3];
        double[] spacing = {1, 1, slice};
        int[] size = new int[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            origin[a] = Math.floor(lo[a] - ROOM_MM) + 0.25;
            size[a] = (int) Math.ceil((hi[a] + ROOM_MM - origin[a]) / spacing[a]) + 1;
        }
        Grid ct = new Grid(size, spacing, origin, Grid.identity());
        Path folder = dir.resolve(id);
        SyntheticDicom.Identity who = SyntheticDicom.Identity.of(id);
        SyntheticDicom.writeCt(folder.resolve("CT"), who, ct);
        CtSeries series = CtSeries.read(folder.resolve("CT"));
        List<RtStructureSetWriter.Structure> structures = new ArrayList<>();
        for (Target t : targets) structures.add(new RtStructureSetWriter.Structure(t.name(), new int[] {255, 0, 0}, "GTV", ellipsoid(ct, t.centreMm(), t.semiAxesMm())));
        structures.add(new RtStructureSetWriter.Structure("BrainStem", new int[] {0, 128, 255}, "ORGAN", ellipsoid(ct, brainstem, new double[] {9, 9, 15})));
        Path rs = folder.resolve("RS.dcm");
        String rsUid = RtStructureSetWriter.write(rs, series, structures, "Synthetic").sopInstanceUid();
        double[] iso = new double[3];
        for (Target t : targets) for (int a = 0; a < 3; a++) iso[a] += t.centreMm()[a] / targets.size();
        boolean single = index % 2 == 1;
        String plan = SyntheticDicom.writePlan(folder.resolve("RP.dcm"), who, rsUid, single ? 1 : 5, single ? 20 : 30, List.of(iso));
        Grid doseGrid = new Grid(new int[] {(int) Math.ceil(size[0] / 2.0), (int) Math.ceil(size[1] / 2.0), (int) Math.ceil(size[2] * slice / 2.0)},
                new double[] {2, 2, 2}, origin, Grid.identity());
        SyntheticDicom.writeDose(folder.resolve("RD.dcm"), who, plan, doseGrid, dose(doseGrid, targets, single ? 20 : 30));
        return targets;
    }

    private static boolean overlaps(double[] c, double[] axes, List<Target> others) {
        double r = Math.max(axes[0], Math.max(axes[1], axes[2]));
        for (Target t : others) {
            double ro = Math.max(t.semiAxesMm()[0], Math.max(t.semiAxesMm()[1], t.semiAxesMm()[2]));
            double d = Math.sqrt(sq(c[0] - t.centreMm()[0]) + sq(c[1] - t.centreMm()[1]) + sq(c[2] - t.centreMm()[2]));
            if (d < r + ro + 12) return true;
        }
        return false;
    }

    /** The voxels whose centres lie in the ellipsoid. */
    static Mask ellipsoid(Grid g, double[] c, double[] axes) {
        Mask m = Mask.empty(g);
        byte[] v = m.voxels();
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            if (sq((p[0] - c[0]) / axes[0]) + sq((p[1] - c[1]) / axes[1]) + sq((p[2] - c[2]) / axes[2]) <= 1) v[g.index(i, j, k)] = 1;
        }
        return m;
    }

    /** Prescription inside each target grown by 1 mm, 2^(−s/G50) outside at distance s (G50 from the target's size). */
    private static float[] dose(Grid g, List<Target> targets, double rxGy) {
        float[] d = new float[g.voxelCount()];
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double best = 0;
            for (Target t : targets) {
                double[] a = t.semiAxesMm();
                double rho = Math.sqrt(sq((p[0] - t.centreMm()[0]) / a[0]) + sq((p[1] - t.centreMm()[1]) / a[1]) + sq((p[2] - t.centreMm()[2]) / a[2]));
                double rEff = Math.cbrt(a[0] * a[1] * a[2]);
                double s = (rho - 1) * rEff - 1;
                double g50 = Math.max(2, rEff * 0.7);
                best = Math.max(best, s <= 0 ? 1.05 : Math.pow(2, -s / g50));
            }
            d[g.index(i, j, k)] = (float) (rxGy * best);
        }
        return d;
    }

    private static double sq(double v) {
        return v * v;
    }
}
