package org.halo.clinical.miss;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.halo.compute.Backend;
import org.halo.geometry.SurfaceDistance;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * What the rows of one Monte Carlo owner share: the rows of a margin comparison (and of a cohort's target, and the
 * answers of one explore page) repeat the same target's distance field, the same PTVs' skip fields and the same
 * distance slopes across regimens and margins. The owner creates one and hands it to its {@link MissSimulation}; no
 * other owner sees it, so nothing is shared by accident between targets, threads of a cohort or Spark tasks.
 * Values are never written after they are computed; each kind keeps its last few.
 */
public final class MissCache {
    private static final int FIELDS = 4;
    private final ArrayDeque<FieldEntry> fields = new ArrayDeque<>();
    private final RecentValues<float[]> skipFields = new RecentValues<>();
    private final RecentValues<double[]> slopes = new RecentValues<>();
    private final RecentValues<TranslationControl> controls = new RecentValues<>();
    private final RecentValues<EvaluationPoints> points = new RecentValues<>();
    private final RecentValues<byte[]> cellsInside = new RecentValues<>();
    private final RecentValues<Integer> deepestBands = new RecentValues<>();
    private final RecentValues<SmoothTarget.Sampled> sampledTargets = new RecentValues<>();
    private final RecentValues<MotionSample> motions = new RecentValues<>();
    /** The mask a run of this thread is working on and its content hash, taken once for the whole run. */
    private final ThreadLocal<Pinned> pinned = new ThreadLocal<>();

    private record Pinned(Mask mask, int hash, MotionSample typical) {}

    private record FieldEntry(WeakReference<Mask> mask, int voxelHash, Grid lattice, double refineMm, SurfaceDistance.Field field) {}

    /** An empty cache. */
    public MissCache() {}

    /**
     * The mask's distance field on a lattice, refined within a band: computed once per mask (by identity and content),
     * lattice and band. Masks are held weakly.
     */
    SurfaceDistance.Field distanceField(Mask mask, Grid lattice, double refineMm, Backend backend) {
        Pinned p = pinned.get();
        int hash = p != null && p.mask() == mask ? p.hash() : contentHash(mask.voxels()); // a mask changed in place is a different target
        synchronized (fields) {
            for (FieldEntry e : fields) {
                if (e.mask().get() == mask && e.voxelHash() == hash && e.refineMm() == refineMm && e.lattice().equals(lattice)) return e.field();
            }
        }
        SurfaceDistance.Field f = SurfaceDistance.of(mask, lattice, refineMm, backend);
        synchronized (fields) {
            fields.addFirst(new FieldEntry(new WeakReference<>(mask), hash, lattice, refineMm, f));
            while (fields.size() > FIELDS) fields.removeLast();
        }
        return f;
    }

    /** The skip field of a lattice's PTV (by grid and content). */
    float[] skipField(Grid lattice, byte[] ptv, Supplier<float[]> compute) {
        return skipFields.get(List.of(lattice, new RecentValues.Content(ptv)), compute);
    }

    /** The slope bound of a distance field (by grid and the field's identity: the distance fields above are handed out again). */
    double[] slopes(Grid lattice, float[] distanceMm, Supplier<double[]> compute) {
        return slopes.get(List.of(lattice, new RecentValues.Identity(distanceMm)), compute);
    }

    /**
     * The evaluation points of a sampled target under a PTV's skip field (by the identity of both, which the caches
     * here hand out again) and an isocentre: the blocks of a row, and the rows of later questions, share them.
     */
    EvaluationPoints points(Object sampled, float[] skipField, Grid lattice, double[] isocentreMm, Supplier<EvaluationPoints> compute) {
        Object skip = skipField == null ? "no skip field" : new RecentValues.Identity(skipField);
        return points.get(List.of(new RecentValues.Identity(sampled), skip, lattice, Arrays.toString(isocentreMm)), compute);
    }

    /** Which interpolation cells of a lattice lie wholly in a PTV (by grid and the PTV's content). */
    byte[] cellInside(Grid lattice, byte[] ptv, Supplier<byte[]> compute) {
        return cellsInside.get(List.of(lattice, new RecentValues.Content(ptv)), compute);
    }

    /** A target's sampled volume and surface over a range of depth bands (by the distance field's identity and the bands). */
    SmoothTarget.Sampled sampled(SurfaceDistance.Field field, int deepBand, int topBand, Supplier<SmoothTarget.Sampled> compute) {
        return sampledTargets.get(List.of(new RecentValues.Identity(field), deepBand, topBand), compute);
    }

    /** The deepest band of a distance field (by the field's identity). */
    int deepestBand(float[] signedMm, Supplier<Integer> compute) {
        return deepestBands.get(new RecentValues.Identity(signedMm), compute);
    }

    /** The typical single-fraction moves of an error model. */
    MotionSample motionSample(ErrorModel m) {
        return motions.get(m, () -> MotionSample.of(m));
    }

    /** The typical moves this thread's run gave {@link #pin} for a mask, or null (another mask, or none given). */
    MotionSample typicalMotion(Mask mask) {
        Pinned p = pinned.get();
        return p != null && p.mask() == mask ? p.typical() : null;
    }

    /** The mean translation's control for an error model, fraction count, seed and lever: every margin of a regimen shares it. */
    TranslationControl translationControl(ErrorModel m, int fractions, long seed, double[] leverMm) {
        return controls.get(TranslationControl.key(m, fractions, seed, leverMm), () -> TranslationControl.of(m, fractions, seed, leverMm));
    }

    /**
     * Starts a run on a mask in this thread: one pass over its voxels gives both its centroid and the content hash
     * the run's problems then look their fields up by (a run does not change its mask). {@link #unpin} ends it.
     *
     * @param mask the run's CTV
     * @param typical the run's error model's typical moves, which its lattices then cover (null: none)
     * @return its centroid (mm, LPS), as {@link MissSimulation#centroidMm} gives it
     */
    double[] pin(Mask mask, MotionSample typical) {
        byte[] v = mask.voxels();
        int chunk = 1 << 20, chunks = (v.length + chunk - 1) / chunk;
        int nx = mask.grid().size(0), ny = mask.grid().size(1);
        int[] part = new int[chunks];
        long[][] sums = new long[chunks][];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int h = 1;
            long si = 0, sj = 0, sk = 0, n = 0;
            for (int i = c * chunk, end = Math.min(v.length, i + chunk); i < end; i++) {
                h = 31 * h + v[i];
                if (v[i] == 0) continue;
                si += i % nx;
                sj += i / nx % ny;
                sk += i / (nx * ny);
                n++;
            }
            part[c] = h;
            sums[c] = new long[] {si, sj, sk, n};
        });
        int h = v.length;
        long si = 0, sj = 0, sk = 0, n = 0;
        for (int c = 0; c < chunks; c++) {
            h = 31 * h + part[c];
            si += sums[c][0];
            sj += sums[c][1];
            sk += sums[c][2];
            n += sums[c][3];
        }
        if (n == 0) throw new IllegalArgumentException("the CTV is empty");
        pinned.set(new Pinned(mask, h, typical));
        return mask.grid().indexToPatientMm((double) si / n, (double) sj / n, (double) sk / n);
    }

    /** Ends this thread's run: later lookups hash their masks again. */
    void unpin() {
        pinned.remove();
    }

    /** A hash of every voxel, chunks in parallel: a clinical grid is tens of millions of voxels, read once per row. */
    static int contentHash(byte[] v) {
        int chunk = 1 << 20, chunks = (v.length + chunk - 1) / chunk;
        int[] part = new int[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int h = 1;
            for (int i = c * chunk, end = Math.min(v.length, i + chunk); i < end; i++) h = 31 * h + v[i];
            part[c] = h;
        });
        int h = v.length;
        for (int p : part) h = 31 * h + p;
        return h;
    }
}
