package org.halo.compute;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The pure-Java path: a separable exact minimum-cost transform (x pass by two sweeps, y and z passes by lower
 * envelopes) over the problem's box, band-limited at the clamp, multithreaded over lines.
 *
 * <p>Passes along y and z gather {@value #BLOCK} neighbouring x-columns at a time into a contiguous scratch block, so
 * that each cache line fetched from the strided volume is used whole (the z stride is a whole slice).
 */
public final class CpuBackend implements Backend {
    static final int BLOCK = 16;
    private final int threads;

    /** The CPU path on every processor. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads worker threads, at least 1 */
    public CpuBackend(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public int cpuThreads() {
        return threads;
    }

    /** {@return the worker threads} */
    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return "cpu (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public float[] minimumCost(CostProblem p) {
        float[] field = passX(p);
        boolean moveY = finiteSomewhere(p.weightPos()[1], p.weightNeg()[1]);
        boolean moveZ = finiteSomewhere(p.weightPos()[2], p.weightNeg()[2]);
        if (moveY) passStrided(p, field, 1, null, 0, 0);
        if (moveZ) passStrided(p, field, 2, null, 0, 0);
        return field;
    }

    @Override
    public byte[] withinCostBand(CostProblem p, double lower, double upper) {
        Box b = p.box();
        byte[] out = new byte[b.voxelCount()];
        markBand(p, lower, upper, new MaskOut(out, 0, b.nx(), b.nx() * b.ny()));
        return out;
    }

    /** The last pass writes straight into the grid-sized mask. */
    @Override
    public void markCostBand(CostProblem p, double lower, double upper, byte[] gridMask) {
        Box b = p.box();
        markBand(p, lower, upper, new MaskOut(gridMask, b.x0() + p.nx() * (b.y0() + p.ny() * b.z0()), p.nx(), p.nx() * p.ny()));
    }

    /** Where box voxel (x, y, z) goes: {@code array[origin + x + y * rowStride + z * sliceStride]}. */
    private record MaskOut(byte[] array, int origin, int rowStride, int sliceStride) {}

    /** Sets to 1 the voxels whose cost lies in (lower, upper]; others are left as they are. */
    private void markBand(CostProblem p, double lower, double upper, MaskOut out) {
        Box b = p.box();
        float[] field = passX(p);
        boolean moveY = finiteSomewhere(p.weightPos()[1], p.weightNeg()[1]);
        boolean moveZ = finiteSomewhere(p.weightPos()[2], p.weightNeg()[2]);
        if (moveZ) {
            if (moveY) passStrided(p, field, 1, null, 0, 0);
            passStrided(p, field, 2, out, lower, upper);
        } else if (moveY) {
            passStrided(p, field, 1, out, lower, upper);
        } else {
            int bx = b.nx(), by = b.ny();
            parallel(by * b.nz(), row -> {
                int dst = out.origin() + (row % by) * out.rowStride() + (row / by) * out.sliceStride();
                for (int x = 0, i = row * bx; x < bx; x++, i++) if (field[i] <= upper && field[i] > lower) out.array()[dst + x] = 1;
            });
        }
    }

    private static boolean finiteSomewhere(double wPos, double wNeg) {
        return wPos != Double.POSITIVE_INFINITY || wNeg != Double.POSITIVE_INFINITY;
    }

    /** Along x: nearest site on each side by two sweeps, since the cost grows with |Δ| on each side separately. */
    private float[] passX(CostProblem p) {
        if (p.siteCosts() != null) return passXWithCosts(p);
        Box b = p.box();
        int bx = b.nx(), by = b.ny(), bz = b.nz();
        org.halo.MemoryBudget.require(4L * b.voxelCount(), "a transform over " + b.voxelCount() + " voxels");
        float[] field = new float[b.voxelCount()];
        byte site = p.siteValue();
        byte[] mask = p.mask();
        double wPos = p.weightPos()[0], wNeg = p.weightNeg()[0], clamp = p.clamp();
        int rows = by * bz;
        parallel(rows, row -> {
            int j = row % by, k = row / by;
            int src = b.x0() + p.nx() * ((b.y0() + j) + p.ny() * (b.z0() + k));
            int dst = bx * row;
            int last = Integer.MIN_VALUE / 2;
            for (int x = 0; x < bx; x++) {
                if (mask[src + x] == site) last = x;
                field[dst + x] = last < 0 ? Float.POSITIVE_INFINITY : costOrInf(x - last, wPos, wNeg, clamp);
            }
            last = Integer.MAX_VALUE / 2;
            for (int x = bx - 1; x >= 0; x--) {
                if (mask[src + x] == site) last = x;
                if (last < bx) {
                    float c = costOrInf(x - last, wPos, wNeg, clamp);
                    if (c < field[dst + x]) field[dst + x] = c;
                }
            }
        });
        return field;
    }

    /** Along x with starting costs: the lower envelope of each row's parabolas (sites start at their cost). */
    private float[] passXWithCosts(CostProblem p) {
        Box b = p.box();
        int bx = b.nx(), by = b.ny(), bz = b.nz();
        org.halo.MemoryBudget.require(4L * b.voxelCount(), "a transform over " + b.voxelCount() + " voxels");
        float[] field = new float[b.voxelCount()];
        float[] costs = p.siteCosts();
        double wPos = p.weightPos()[0], wNeg = p.weightNeg()[0], clamp = p.clamp();
        int rows = by * bz;
        int chunks = Math.min(rows, threads * 8);
        parallel(chunks, chunk -> {
            LowerEnvelope env = new LowerEnvelope(bx);
            float[] line = new float[bx];
            float[] result = new float[bx];
            int from = (int) ((long) chunk * rows / chunks), to = (int) ((long) (chunk + 1) * rows / chunks);
            for (int row = from; row < to; row++) {
                int j = row % by, k = row / by;
                int src = b.x0() + p.nx() * ((b.y0() + j) + p.ny() * (b.z0() + k));
                boolean live = false;
                for (int x = 0; x < bx; x++) {
                    line[x] = costs[src + x];
                    live |= line[x] != Float.POSITIVE_INFINITY;
                }
                int dst = bx * row;
                if (!live) {
                    java.util.Arrays.fill(field, dst, dst + bx, Float.POSITIVE_INFINITY);
                    continue;
                }
                env.transform(line, 0, bx, result, 0, wPos, wNeg, clamp);
                System.arraycopy(result, 0, field, dst, bx);
            }
        });
        return field;
    }

    private static float costOrInf(int delta, double wPos, double wNeg, double clamp) {
        double c = LowerEnvelope.cost(delta, wPos, wNeg);
        return c > clamp ? Float.POSITIVE_INFINITY : (float) c;
    }

    /**
     * Lower-envelope pass along y (axis 1) or z (axis 2), in place on the field. With {@code out} non-null this is the
     * last pass: it marks the voxels in the band (lower, upper] with 1 instead of writing values.
     */
    private void passStrided(CostProblem p, float[] field, int axis, MaskOut out, double lower, double upper) {
        Box b = p.box();
        int bx = b.nx(), by = b.ny(), bz = b.nz();
        int n = axis == 1 ? by : bz;
        int stride = axis == 1 ? bx : bx * by;
        int outer = axis == 1 ? bz : by;
        int outerStride = axis == 1 ? bx * by : bx;
        int xBlocks = (bx + BLOCK - 1) / BLOCK;
        double wPos = p.weightPos()[axis], wNeg = p.weightNeg()[axis], clamp = p.clamp();
        int tasks = outer * xBlocks;
        int chunks = Math.min(tasks, threads * 8);
        parallel(chunks, chunk -> {
            LowerEnvelope env = new LowerEnvelope(n);
            float[] lines = new float[BLOCK * n];
            float[] result = new float[n];
            byte[] bits = new byte[n];
            boolean[] live = new boolean[BLOCK];
            int from = (int) ((long) chunk * tasks / chunks), to = (int) ((long) (chunk + 1) * tasks / chunks);
            for (int t = from; t < to; t++) {
                int o = t / xBlocks;
                int x0 = (t % xBlocks) * BLOCK;
                int width = Math.min(BLOCK, bx - x0);
                int base = o * outerStride + x0;
                java.util.Arrays.fill(live, false);
                for (int i = 0; i < n; i++) {
                    int row = base + i * stride;
                    for (int c = 0; c < width; c++) {
                        float value = field[row + c];
                        lines[c * n + i] = value;
                        if (value != Float.POSITIVE_INFINITY) live[c] = true;
                    }
                }
                for (int c = 0; c < width; c++) {
                    if (out != null) {
                        if (!live[c]) continue; // nothing to mark
                        env.threshold(lines, c * n, n, bits, 0, wPos, wNeg, lower, upper);
                        // Box column (x0 + c) of outer line o, along the pass axis.
                        int at = out.origin() + x0 + c + (axis == 1 ? o * out.sliceStride() : o * out.rowStride());
                        int step = axis == 1 ? out.rowStride() : out.sliceStride();
                        byte[] a = out.array();
                        for (int i = 0; i < n; i++) if (bits[i] != 0) a[at + i * step] = 1;
                    } else {
                        if (!live[c]) continue; // stays +∞
                        env.transform(lines, c * n, n, result, 0, wPos, wNeg, clamp);
                        for (int i = 0; i < n; i++) field[base + c + i * stride] = result[i];
                    }
                }
            }
        });
    }

    private void parallel(int count, java.util.function.IntConsumer body) {
        if (threads == 1 || count == 1) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        ForkJoinPool pool = Pools.get(threads);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /** One daemon pool per thread count, shared by all CpuBackend instances. */
    private static final class Pools {
        private static final java.util.Map<Integer, ForkJoinPool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

        static ForkJoinPool get(int threads) {
            return POOLS.computeIfAbsent(threads, t -> new ForkJoinPool(t, pool -> {
                var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                w.setDaemon(true);
                w.setName("halo-cpu-" + w.getPoolIndex());
                return w;
            }, null, false));
        }
    }
}
