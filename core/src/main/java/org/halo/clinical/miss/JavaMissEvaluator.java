package org.halo.clinical.miss;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The scenario kernel in Java. For each scenario and each point of its true CTV (a surface point first moved by the
 * scenario's delineation offset along its normal): for each fraction, map the point through the fraction's rigid
 * transform at each drift substep, read the distance to the dose-shaping set (trilinear), turn it into dose, average
 * over substeps, accumulate over fractions. Counts and the dose histogram add the points' integer weights, so every
 * backend sums them exactly. For analytic doses, points that provably stay inside the PTV get exactly 1 without
 * reading every substep (docs/clinical.md, "What the kernel does not read"); the outcomes equal those of reading
 * everything, bit for bit.
 */
public final class JavaMissEvaluator implements MissEvaluator {
    private final int threads;
    private final boolean shortcuts;

    /** @param threads worker threads */
    public JavaMissEvaluator(int threads) {
        this(threads, true);
    }

    /**
     * With {@code shortcuts} false every substep of every point is read: the reference the shortcuts (the skip radii,
     * the all-inside cells, the Lipschitz bound of a drift segment, the surface points' lower bound) must equal exactly.
     */
    JavaMissEvaluator(int threads, boolean shortcuts) {
        this.threads = Math.max(1, threads);
        this.shortcuts = shortcuts;
    }

    @Override
    public String name() {
        return "cpu (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public ScenarioOutcomes evaluate(MissProblem p) {
        return evaluate(p, null);
    }

    /**
     * Per depth-band entry, the scenarios in which it belongs to the true CTV and receives less than {@code level}: the
     * scenarios evaluated again, counting. Points the shortcuts leave out receive the unit dose, never less than a level
     * of at most 1, so the counts are those of reading every point.
     *
     * @param p the problem
     * @param level the dose (fraction of the prescription), in (0, 1]
     * @return the count per entry
     */
    @Override
    public int[] underCounts(MissProblem p, double level) {
        checkLevel(level);
        int entries = p.points().entries();
        Queue<int[]> counts = new ConcurrentLinkedQueue<>();
        ThreadLocal<int[]> own = ThreadLocal.withInitial(() -> {
            int[] a = new int[entries];
            counts.add(a);
            return a;
        });
        ScenarioOutcomes out = ScenarioOutcomes.allocate(p.scenarios(), p.delineationIntegral() != null);
        Bulk bulk = Bulk.of(p);
        inPool(() -> IntStream.range(0, p.scenarios()).parallel().forEach(j -> {
            Scratch s = new Scratch(p, bulk, shortcuts);
            s.under = own.get();
            s.underLevel = level;
            scenario(p, j, s, out, null);
        }));
        int[] sum = new int[entries];
        for (int[] a : counts) for (int i = 0; i < entries; i++) sum[i] += a[i];
        return sum;
    }

    /**
     * Checks a coverage map's level.
     *
     * @param level the dose (fraction of the prescription)
     */
    public static void checkLevel(double level) {
        if (!(level > 0 && level <= 1)) throw new IllegalArgumentException("the coverage map's level must be in (0, 100] % of the prescription");
    }

    private void inPool(Runnable work) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public ScenarioOutcomes evaluate(MissProblem p, boolean[] knownInside) {
        ScenarioOutcomes out = ScenarioOutcomes.allocate(p.scenarios(), p.delineationIntegral() != null);
        Bulk bulk = Bulk.of(p);
        int blocks = (p.scenarios() + 15) / 16;
        Runnable all = () -> IntStream.range(0, blocks).parallel().forEach(b -> {
            Scratch s = new Scratch(p, bulk, shortcuts);
            for (int j = 16 * b; j < Math.min(p.scenarios(), 16 * b + 16); j++) scenarioOrKnown(p, j, s, out, knownInside);
        });
        if (threads == 1) {
            Scratch s = new Scratch(p, bulk, shortcuts);
            for (int j = 0; j < p.scenarios(); j++) scenarioOrKnown(p, j, s, out, knownInside);
            return out;
        }
        inPool(all);
        return out;
    }

    /** A thread's counters and the problem's constants, read once rather than for every point. */
    private static final class Scratch {
        final int[] hist = new int[ScenarioOutcomes.BINS];
        final int[] geo;
        final int n, q, nx, ny;
        final float[] dist, rel;
        final double[] tf, driftReach, move, table;
        final byte[] cellInside;
        final double sx, sy, sz, lastStep, inside, offset, invStep, df, ab, norm;
        final boolean sharp, bio, shortcuts;
        /** Substep positions along the drift, and the middle substep the Lipschitz bound starts from. */
        final double[] along;
        final int mid;
        final double[] slope;
        /** Per fraction of the current scenario: how far the distance can change between the middle substep and any other (mm). */
        final double[] segmentReach;
        /** An entry's per-fraction dose bounds in {@code levelClass}, where each fraction moved it, and which are exact. */
        final double[] fractionLow, fractionHigh, readAt;
        final boolean[] exact;
        /** Per scenario: a bound on every fraction's move of a point, as a + b·(distance from the isocentre). */
        double allMoveA, allMoveB;
        /** Whether the last surface lower bound is the point's dose itself (every fraction provably inside the PTV). */
        boolean boundIsDose;
        /** Whether every point of the current scenario has stayed inside the PTV at every substep so far. */
        boolean allInside;
        /** Per entry, the scenarios in which it received less than {@link #underLevel} (null: not counted). */
        int[] under;
        /** The dose (relative) under which {@link #under} counts an entry. */
        double underLevel = Double.NaN;
        /** The point's position after the last fraction's rigid transform (lattice units), as segmentReach computed it. */
        double movedX, movedY, movedZ;
        /** The conditional estimator's intervals (null: plain), and per distinct threshold the weight under 95 and 90 %. */
        final DelineationIntegral integral;
        final long[] under95, under90;
        /** The range of distinct thresholds the current scenario put weight under 95 % in (empty: first > last). */
        int firstRank, lastRank;

        final Bulk bulk;

        Scratch(MissProblem p, Bulk bulk, boolean shortcuts) {
            n = p.fractions();
            q = p.substeps();
            nx = p.nx();
            ny = p.ny();
            geo = new int[n * q];
            dist = p.distanceMm();
            rel = p.relativeDose();
            tf = p.transforms();
            driftReach = p.driftReachMm();
            move = p.moveBoundMm();
            table = p.falloff();
            cellInside = p.cellInside();
            sx = p.spacingMm()[0];
            sy = p.spacingMm()[1];
            sz = p.spacingMm()[2];
            lastStep = (q - 0.5) / q;
            inside = p.offsetMm() * (1 + MissProblem.TIE) + 1e-9;
            offset = p.offsetMm();
            sharp = p.sharpEdge();
            bio = p.biological();
            invStep = sharp || rel != null ? 0 : 1 / p.falloffStepMm();
            df = p.dosePerFractionGy();
            ab = p.alphaBetaGy();
            norm = bio ? n * (1 + df / ab) : n;
            this.shortcuts = shortcuts;
            slope = p.distanceSlope();
            this.bulk = shortcuts ? bulk : null;
            along = new double[q];
            for (int u = 0; u < q; u++) along[u] = (u + 0.5) / q;
            mid = q / 2;
            segmentReach = new double[n];
            fractionLow = new double[n];
            fractionHigh = new double[n];
            readAt = new double[3 * n];
            exact = new boolean[n];
            integral = p.delineationIntegral();
            under95 = integral == null ? null : new long[integral.ranks()];
            under90 = integral == null ? null : new long[integral.ranks()];
            firstRank = Integer.MAX_VALUE;
            lastRank = -1;
        }

        /** Adds an entry's weight under the levels to its threshold's interval. */
        void integrate(int entry, double dose, int w) {
            if (!(dose < 0.95)) return;
            int r = integral.entryRank()[entry];
            under95[r] += w;
            if (dose < 0.90) under90[r] += w;
            firstRank = Math.min(firstRank, r);
            lastRank = Math.max(lastRank, r);
        }

        /** The scenario's conditional miss probabilities (δ ≤ the integral's reach), and the counts cleared for the next. */
        void conditional(int j, ScenarioOutcomes out) {
            if (lastRank < 0) return;
            out.conditionalMissD95()[j] = integral.missProbability(under95, firstRank, lastRank, 0.95);
            out.conditionalMissD98At90()[j] = integral.missProbability(under90, firstRank, lastRank, 0.98);
            java.util.Arrays.fill(under95, firstRank, lastRank + 1, 0);
            java.util.Arrays.fill(under90, firstRank, lastRank + 1, 0);
            firstRank = Integer.MAX_VALUE;
            lastRank = -1;
        }

        /** The per-scenario bounds the shortcuts use. */
        void startScenario(int j) {
            double a = 0, b = 0, far = (double) Math.max(mid, q - 1 - mid) / q;
            for (int k = 0; k < n; k++) {
                int f = j * n + k, o = MissProblem.TRANSFORM * f;
                a = Math.max(a, move[2 * f] + driftReach[f] * lastStep);
                b = Math.max(b, move[2 * f + 1]);
                double l1 = slope[0] * Math.abs(tf[o + 12]) * sx + slope[1] * Math.abs(tf[o + 13]) * sy + slope[2] * Math.abs(tf[o + 14]) * sz;
                segmentReach[k] = far * l1 * (1 + 1e-9) + LIPSCHITZ_SLACK_MM;
            }
            allMoveA = a;
            allMoveB = b;
        }
    }

    /** Covers the rounding of the trilinear reads and substep positions in the Lipschitz bound (mm). */
    private static final double LIPSCHITZ_SLACK_MM = 1e-7;


    /**
     * The accumulated relative dose of every point scenario j evaluates, in evaluation order (volume points, then
     * surface points), with {@code -1} for entries the scenario leaves out (for validation against theory).
     *
     * @param p the problem
     * @param j a scenario
     * @return the doses
     */
    public static double[] pointDoses(MissProblem p, int j) {
        EvaluationPoints e = p.points();
        double[] doses = new double[e.entries() + e.surfaceCount()];
        java.util.Arrays.fill(doses, -1);
        scenario(p, j, new Scratch(p, null, true), ScenarioOutcomes.allocate(p.scenarios(), p.delineationIntegral() != null), doses);
        return doses;
    }

    /** Scenario j, or the all-inside outcome when it is known to keep every point inside the PTV. */
    private static void scenarioOrKnown(MissProblem p, int j, Scratch s, ScenarioOutcomes out, boolean[] knownInside) {
        if (knownInside == null || !knownInside[j] || !s.shortcuts || s.rel != null) {
            scenario(p, j, s, out, null);
            return;
        }
        // Every point at every substep inside: dose 1 everywhere, as the full evaluation would add it up.
        int total = p.scenarioWeight()[j];
        double unit = unitDose(s);
        java.util.Arrays.fill(s.hist, 0);
        s.hist[bin(unit)] = total;
        out.points()[j] = total;
        out.minDose()[j] = unit;
        out.d95()[j] = quantileFromTop(s.hist, 0.95 * total);
        out.d98()[j] = quantileFromTop(s.hist, 0.98 * total);
        ScenarioOutcomes.cumulativeDvh(s.hist, total, out.dvh(), j);
        out.inside()[j] = true;
    }

    /** What one scenario accumulates. */
    private static final class Tally {
        int below95, below90;
        double min = Double.POSITIVE_INFINITY;
    }

    private static void scenario(MissProblem p, int j, Scratch s, ScenarioOutcomes out, double[] doses) {
        final EvaluationPoints e = p.points();
        final int n = p.fractions(), q = p.substeps(), total = p.scenarioWeight()[j];
        final double delta = p.delineationMm()[j];
        // The conditional estimator evaluates the entries up to the integral's reach; only those up to δ are tallied.
        final double upTo = s.integral == null ? delta : Math.max(delta, s.integral.upperMm());
        final int[] start = e.cellStart();
        final float[] thr = e.threshold();
        java.util.Arrays.fill(s.hist, 0);
        java.util.Arrays.fill(s.geo, 0);
        s.startScenario(j);
        s.allInside = s.rel == null;
        Tally t = new Tally();
        int c = 0;
        Bulk b = s.bulk;
        if (b != null && doses == null) {
            // The cells every scenario includes whole, by skip radius: those its moves cannot reach, in bulk.
            double reach = s.allMoveA + s.allMoveB * b.radiusMm();
            int unreached = b.beyond(reach);
            if (unreached > 0) tally(unitDose(s), b.weightOfFirst(unreached), s, t);
            for (int i = unreached; i < b.cells().length; i++) cell(e, b.cells()[i], j, delta, upTo, s, t, null);
            for (int other : b.others()) cell(e, other, j, delta, upTo, s, t, null);
            c = b.end();
        }
        for (; c + 1 < start.length; c++) {
            if (!(thr[start[c]] <= upTo)) break; // cells come in order of their smallest threshold
            cell(e, c, j, delta, upTo, s, t, doses);
        }
        // Surface points weigh nothing: they only set the minimum, so one whose dose cannot fall below it is left out.
        boolean bounded = s.shortcuts && doses == null && s.rel == null;
        for (int i = 0; i < e.surfaceCount(); i++) {
            float skip = e.surfaceSkipMm()[i], radius = e.surfaceRadiusMm()[i], bias = e.surfaceBiasMm()[i];
            if (bounded) {
                double bound = surfaceLowerBound(j, e.surfaceXyz(), i, delta, e.surfaceNormal(), skip, radius, bias, s);
                if ((s.boundIsDose ? bound : bound - 1e-9) >= t.min) {
                    s.allInside &= s.boundIsDose;
                    continue;
                }
            }
            double dose = point(j, e.surfaceXyz(), i, delta, e.surfaceNormal(), skip, radius, bias, 0, s);
            tally(dose, 0, s, t);
            if (doses != null) doses[e.entries() + i] = dose;
        }
        double maxGeo = 0, sumGeo = 0;
        for (int k = 0; k < n; k++) {
            int worst = 0;
            for (int u = 0; u < q; u++) worst = Math.max(worst, s.geo[k * q + u]);
            double g = (double) worst / total;
            maxGeo = Math.max(maxGeo, g);
            sumGeo += g;
        }
        out.points()[j] = total;
        out.below95()[j] = t.below95;
        out.below90()[j] = t.below90;
        out.minDose()[j] = t.min;
        out.d95()[j] = quantileFromTop(s.hist, 0.95 * total);
        out.d98()[j] = quantileFromTop(s.hist, 0.98 * total);
        ScenarioOutcomes.cumulativeDvh(s.hist, total, out.dvh(), j);
        out.maxGeometricMiss()[j] = maxGeo;
        out.meanGeometricMiss()[j] = sumGeo / n;
        // Carried to larger margins: every tallied point inside throughout, and no entry above the offset under 95 %
        // (doses only grow with the margin, so such an entry stays at or above 95 % there).
        out.inside()[j] = s.allInside && (s.integral == null || s.lastRank < 0);
        if (s.integral != null) conditionalOutcomes(j, delta, s, out);
    }

    /** The conditional probabilities, with the sampled offset's 0/1 outcome above the integral's reach. */
    private static void conditionalOutcomes(int j, double delta, Scratch s, ScenarioOutcomes out) {
        s.conditional(j, out);
        if (delta > s.integral.upperMm()) {
            if (out.missD95(j)) out.conditionalMissD95()[j] += 1;
            if (out.missD98At90(j)) out.conditionalMissD98At90()[j] += 1;
        }
    }

    /**
     * The entries of cell c up to threshold {@code reach} (a prefix of the cell), of which those in the true CTV of
     * offset δ are tallied: at once when no move reaches the prefix's skip radius (each entry would get the unit dose,
     * never under a level), else one by one.
     */
    private static void cell(EvaluationPoints e, int c, int j, double delta, double reach, Scratch s, Tally t, double[] doses) {
        final int[] start = e.cellStart();
        final float[] thr = e.threshold();
        int first = start[c], count = 0, counted = 0;
        while (first + count < start[c + 1] && thr[first + count] <= reach) count++;
        while (counted < count && thr[first + counted] <= delta) counted++;
        if (count == 0) return;
        int last = first + count - 1;
        if (s.shortcuts && doses == null && unreached(s, e.prefixRadiusMm()[last], 0, e.prefixSkipMm()[last])) {
            if (counted > 0) tally(unitDose(s), e.prefixWeight()[first + counted - 1], s, t);
            return;
        }
        for (int i = first; i <= last; i++) {
            boolean in = i < first + counted;
            double dose;
            if (in) {
                dose = point(j, e.xyz(), i, 0, null, e.skipMm()[i], e.radiusMm()[i], 0, e.weight()[i], s);
            } else {
                // Above the offset an entry only matters under 95 %, and that clears the scenario's carry below.
                boolean inside = s.allInside;
                dose = levelClass(j, e.xyz(), i, e.skipMm()[i], e.radiusMm()[i], s);
                s.allInside = inside;
            }
            if (s.integral != null) s.integrate(i, dose, e.weight()[i]);
            if (!in) continue;
            tally(dose, e.weight()[i], s, t);
            if (doses != null) doses[i] = dose;
            if (s.under != null && dose < s.underLevel) s.under[i]++;
        }
    }

    /** Whether no fraction can move a point (moved first by {@code movedMm}) out of the cells whose corners all lie in the PTV. */
    private static boolean unreached(Scratch s, float radiusMm, double movedMm, float skipMm) {
        return s.allMoveA + s.allMoveB * (radiusMm + movedMm) < skipMm - movedMm - 2e-9;
    }

    /** The dose of a point every fraction leaves inside the PTV, summed as {@link #point} sums it. */
    private static double unitDose(Scratch s) {
        double acc = 0;
        for (int k = 0; k < s.n; k++) acc += s.bio ? 1.0 * (1 + s.df * 1.0 / s.ab) : 1.0;
        return acc / s.norm;
    }

    /**
     * The leading cells that every scenario includes (first threshold at most the smallest delineation offset): those
     * whose every entry it includes ({@code cells}, by their least skip radius, largest first, with the running sum of
     * their weights) and the others; {@code end} is the first cell after them.
     */
    record Bulk(int[] cells, float[] skipMm, long[] weightBefore, float radiusMm, int[] others, int end) {
        static Bulk of(MissProblem p) {
            EvaluationPoints e = p.points();
            int[] start = e.cellStart();
            float[] thr = e.threshold();
            double least = Double.POSITIVE_INFINITY;
            for (double d : p.delineationMm()) least = Math.min(least, d);
            int end = 0;
            while (end + 1 < start.length && thr[start[end]] <= least) end++;
            long[] keyed = new long[end];
            int whole = 0;
            java.util.List<Integer> others = new java.util.ArrayList<>();
            float radius = 0;
            for (int c = 0; c < end; c++) {
                int last = start[c + 1] - 1;
                if (!(thr[last] <= least)) {
                    others.add(c);
                    continue;
                }
                radius = Math.max(radius, e.prefixRadiusMm()[last]);
                keyed[whole++] = (0xffffffffL - EvaluationPoints.sortKey(e.prefixSkipMm()[last])) << 32 | c; // largest skip first
            }
            long[] order = java.util.Arrays.copyOf(keyed, whole);
            java.util.Arrays.sort(order);
            int[] cells = new int[whole];
            float[] skip = new float[whole];
            long[] before = new long[whole + 1];
            for (int i = 0; i < whole; i++) {
                cells[i] = (int) order[i];
                int last = start[cells[i] + 1] - 1;
                skip[i] = e.prefixSkipMm()[last];
                before[i + 1] = before[i] + e.prefixWeight()[last];
            }
            return new Bulk(cells, skip, before, radius, others.stream().mapToInt(Integer::intValue).toArray(), end);
        }

        /** How many of the cells have a skip radius beyond the reach (mm), as the per-point test decides it. */
        int beyond(double reachMm) {
            int lo = 0, hi = skipMm.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (reachMm < skipMm[mid] - 2e-9) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        int weightOfFirst(int count) {
            return (int) weightBefore[count];
        }
    }

    private static void tally(double dose, int w, Scratch s, Tally t) {
        if (dose < 0.95) t.below95 += w;
        if (dose < 0.90) t.below90 += w;
        if (dose < t.min) t.min = dose;
        s.hist[bin(dose)] += w;
    }

    /**
     * One point of scenario j: position {@code xyz[3i..]} moved by {@code shiftMm} along {@code normal} (surface
     * points), its skip radius, distance from the isocentre and interpolation bias, its weight; adds its weight to the
     * geometric-miss counts and returns its dose.
     */
    private static double point(int j, float[] xyz, int i, double shiftMm, float[] normal, float skipMm, float radiusMm,
                                float biasMm, int w, Scratch s) {
        final int n = s.n;
        final double moved = normal != null ? Math.abs(shiftMm) : 0;
        double acc = 0;
        if (s.shortcuts && unreached(s, radiusMm, moved, skipMm)) return unitDose(s);
        double vx = xyz[3 * i], vy = xyz[3 * i + 1], vz = xyz[3 * i + 2];
        if (normal != null) {
            vx += shiftMm * normal[3 * i];
            vy += shiftMm * normal[3 * i + 1];
            vz += shiftMm * normal[3 * i + 2];
        }
        for (int k = 0; k < n; k++) {
            double dk = fraction(j, k, vx, vy, vz, moved, skipMm, radiusMm, biasMm, w, s);
            acc += s.bio ? dk * (1 + s.df * dk / s.ab) : dk;
        }
        return acc / s.norm;
    }

    /**
     * The dose of an entry above the scenario's offset, or a bound on it on the same side of 90 % and of 95 %: all the
     * conditional estimator reads from such an entry (analytic doses). Per fraction one read at the middle substep and
     * the field's slope bound along the drift bound the fraction's dose from both sides; while the bounds straddle a
     * level, the fraction whose bounds lie furthest apart is read substep by substep ({@link #narrow}), from where the
     * middle read moved the point, until they do not or every fraction is read (the dose is then {@link #point}'s,
     * summed in the same order). The kernels that read every substep classify it alike.
     */
    private static double levelClass(int j, float[] xyz, int i, float skipMm, float radiusMm, Scratch s) {
        if (!s.shortcuts || s.rel != null) return point(j, xyz, i, 0, null, skipMm, radiusMm, 0, 0, s);
        if (unreached(s, radiusMm, 0, skipMm)) return unitDose(s);
        double vx = xyz[3 * i], vy = xyz[3 * i + 1], vz = xyz[3 * i + 2];
        for (int k = 0; k < s.n; k++) {
            double far = segmentReach(j, k, vx, vy, vz, 0, skipMm, radiusMm, 0, s), lo = 1, hi = 1;
            s.exact[k] = !(far > s.inside); // fraction() gives exactly 1 then
            if (!s.exact[k]) {
                double near = far - 2 * s.segmentReach[k]; // the middle read less the slope bound
                lo = boundDose(far, s);
                hi = near > s.inside ? boundDose(near, s) : 1;
                s.readAt[3 * k] = s.movedX;
                s.readAt[3 * k + 1] = s.movedY;
                s.readAt[3 * k + 2] = s.movedZ;
            }
            s.fractionLow[k] = s.bio ? lo * (1 + s.df * lo / s.ab) : lo;
            s.fractionHigh[k] = s.bio ? hi * (1 + s.df * hi / s.ab) : hi;
        }
        while (true) {
            double low = 0, high = 0;
            int widest = -1;
            for (int k = 0; k < s.n; k++) {
                low += s.fractionLow[k];
                high += s.fractionHigh[k];
                if (!s.exact[k] && (widest < 0 || s.fractionHigh[k] - s.fractionLow[k] > s.fractionHigh[widest] - s.fractionLow[widest])) widest = k;
            }
            low /= s.norm;
            high /= s.norm;
            if (widest < 0 || high < 0.90 - LEVEL_SLACK || low >= 0.90 + LEVEL_SLACK && high < 0.95 - LEVEL_SLACK || low >= 0.95 + LEVEL_SLACK) {
                return low;
            }
            narrow(j, widest, s);
        }
    }

    /** Reads every substep of fraction k in {@code levelClass}: its dose is then exact, summed as {@link #fraction} sums it. */
    private static void narrow(int j, int k, Scratch s) {
        double sum = 0;
        for (int u = 0; u < s.q; u++) sum += substepDose(j, k, u, s);
        double dk = sum / s.q;
        s.fractionLow[k] = s.fractionHigh[k] = s.bio ? dk * (1 + s.df * dk / s.ab) : dk;
        s.exact[k] = true;
    }

    /** The dose at one substep of an entry, as {@link #fraction} computes it, from the position segmentReach moved it to. */
    private static double substepDose(int j, int k, int u, Scratch s) {
        final int o = MissProblem.TRANSFORM * (j * s.n + k);
        double a = s.along[u];
        double x = s.readAt[3 * k] + a * s.tf[o + 12], y = s.readAt[3 * k + 1] + a * s.tf[o + 13], z = s.readAt[3 * k + 2] + a * s.tf[o + 14];
        int cell = (int) x + s.nx * ((int) y + s.ny * (int) z);
        if (s.cellInside[cell] != 0) return 1.0;
        double d = trilinear(s.dist, s.nx, s.ny, cell, x, y, z);
        boolean outside = d > s.inside;
        return s.sharp ? (outside ? 0.0 : 1.0) : falloff(s.table, s.invStep, outside ? d - s.offset : 0.0);
    }

    /** The analytic dose at a distance (mm) outside the PTV, as {@link #fraction} computes a substep's. */
    private static double boundDose(double distanceMm, Scratch s) {
        return s.sharp ? 0.0 : falloff(s.table, s.invStep, distanceMm - s.offset);
    }

    /** Keeps a bound's class clear of the levels by more than any difference of summation order. */
    private static final double LEVEL_SLACK = 1e-9;

    /** The dose of fraction k to a point at lattice position v: the mean over the drift substeps. */
    private static double fraction(int j, int k, double vx, double vy, double vz, double moved, float skipMm, float radiusMm, float biasMm, int w,
                                   Scratch s) {
        final int q = s.q, nx = s.nx, ny = s.ny, o = MissProblem.TRANSFORM * (j * s.n + k);
        final double[] tf = s.tf;
        final byte[] cellInside = s.shortcuts ? s.cellInside : null;
        double x0, y0, z0;
        if (cellInside != null) {
            if (segmentReach(j, k, vx, vy, vz, moved, skipMm, radiusMm, biasMm, s) <= s.inside) return 1.0;
            x0 = s.movedX; // past its first test, segmentReach has moved the point
            y0 = s.movedY;
            z0 = s.movedZ;
        } else {
            x0 = tf[o] * vx + tf[o + 1] * vy + tf[o + 2] * vz + tf[o + 9];
            y0 = tf[o + 3] * vx + tf[o + 4] * vy + tf[o + 5] * vz + tf[o + 10];
            z0 = tf[o + 6] * vx + tf[o + 7] * vy + tf[o + 8] * vz + tf[o + 11];
        }
        double ux = tf[o + 12], uy = tf[o + 13], uz = tf[o + 14];
        double sum = 0;
        for (int u = 0; u < q; u++) {
            double a = s.along[u];
            double x = x0 + a * ux, y = y0 + a * uy, z = z0 + a * uz;
            int cell = (int) x + nx * ((int) y + ny * (int) z);
            double dose;
            if (cellInside != null && cellInside[cell] != 0) {
                dose = 1.0; // all eight corners lie in the PTV: so does every point of the cell
            } else {
                double d = trilinear(s.dist, nx, ny, cell, x, y, z) - biasMm;
                boolean outside = d > s.inside;
                s.geo[k * q + u] += outside ? w : 0;
                if (outside) s.allInside = false;
                if (s.rel != null) dose = trilinear(s.rel, nx, ny, cell, x, y, z);
                else if (s.sharp) dose = outside ? 0.0 : 1.0;
                else dose = falloff(s.table, s.invStep, outside ? d - s.offset : 0.0);
            }
            sum += dose;
        }
        return sum / q;
    }

    /**
     * For analytic doses: an upper bound (mm) on the distance that fraction k's drift substeps read at a point, or −∞
     * when the point provably stays in cells whose corners all lie in the PTV. Cheapest test first: the fraction's move
     * bound against the skip radius, the actual move against it, one all-inside cell for the whole segment, then one
     * read at the middle substep plus the field's slope bound along the drift.
     */
    private static double segmentReach(int j, int k, double vx, double vy, double vz, double moved, float skipMm, float radiusMm, float biasMm,
                                       Scratch s) {
        final int q = s.q, nx = s.nx, ny = s.ny, f = j * s.n + k, o = MissProblem.TRANSFORM * f;
        final double[] tf = s.tf;
        double room = skipMm - moved - s.driftReach[f] * s.lastStep;
        if (s.move[2 * f] + s.move[2 * f + 1] * (radiusMm + moved) < room - 1e-9) return Double.NEGATIVE_INFINITY;
        double x0 = tf[o] * vx + tf[o + 1] * vy + tf[o + 2] * vz + tf[o + 9];
        double y0 = tf[o + 3] * vx + tf[o + 4] * vy + tf[o + 5] * vz + tf[o + 10];
        double z0 = tf[o + 6] * vx + tf[o + 7] * vy + tf[o + 8] * vz + tf[o + 11];
        s.movedX = x0;
        s.movedY = y0;
        s.movedZ = z0;
        double ux = tf[o + 12], uy = tf[o + 13], uz = tf[o + 14];
        double ex = (x0 - vx) * s.sx, ey = (y0 - vy) * s.sy, ez = (z0 - vz) * s.sz;
        if (room > 0 && ex * ex + ey * ey + ez * ez < room * room) return Double.NEGATIVE_INFINITY;
        if (sameInsideCell(s.cellInside, nx, ny, x0, y0, z0, ux, uy, uz, q)) return Double.NEGATIVE_INFINITY;
        double a = s.along[s.mid], x = x0 + a * ux, y = y0 + a * uy, z = z0 + a * uz;
        return trilinear(s.dist, nx, ny, (int) x + nx * ((int) y + ny * (int) z), x, y, z) - biasMm + s.segmentReach[k];
    }

    /**
     * A lower bound on a surface point's dose (analytic doses): per fraction, the fall-off at the largest distance its
     * drift segment can reach ({@link #segmentReach}); 1 where that stays inside the PTV. When every fraction stays
     * inside, the bound is the dose, computed as {@link #point} would.
     */
    private static double surfaceLowerBound(int j, float[] xyz, int i, double shiftMm, float[] normal, float skipMm, float radiusMm, float biasMm,
                                            Scratch s) {
        final double moved = Math.abs(shiftMm);
        double vx = xyz[3 * i] + shiftMm * normal[3 * i], vy = xyz[3 * i + 1] + shiftMm * normal[3 * i + 1];
        double vz = xyz[3 * i + 2] + shiftMm * normal[3 * i + 2];
        double acc = 0;
        s.boundIsDose = true;
        for (int k = 0; k < s.n; k++) {
            double dk = 1.0, most = segmentReach(j, k, vx, vy, vz, moved, skipMm, radiusMm, biasMm, s);
            if (most > s.inside) {
                dk = s.sharp ? 0.0 : falloff(s.table, s.invStep, most - s.offset);
                s.boundIsDose = false;
            }
            acc += s.bio ? dk * (1 + s.df * dk / s.ab) : dk;
        }
        return acc / s.norm;
    }

    /**
     * True when the first and last drift substeps fall in the same interpolation cell and its corners all lie in the
     * PTV: the substeps between lie on the segment, inside the same (convex) cell.
     */
    static boolean sameInsideCell(byte[] cellInside, int nx, int ny, double x0, double y0, double z0, double ux, double uy, double uz, int q) {
        double a = 0.5 / q, b = (q - 0.5) / q;
        double xa = x0 + a * ux, ya = y0 + a * uy, za = z0 + a * uz;
        double xb = x0 + b * ux, yb = y0 + b * uy, zb = z0 + b * uz;
        int ca = (int) xa + nx * ((int) ya + ny * (int) za);
        int cb = (int) xb + nx * ((int) yb + ny * (int) zb);
        return ca == cb && cellInside[ca] != 0;
    }

    static int bin(double dose) {
        int b = (int) (dose / ScenarioOutcomes.BIN + 1e-6);
        return Math.min(ScenarioOutcomes.BINS - 1, Math.max(0, b));
    }

    /** The largest bin edge D with at least {@code need} points at or above it: D_p = sup{D : V(d ≥ D) ≥ p·V}. */
    static double quantileFromTop(int[] hist, double need) {
        long cum = 0;
        for (int b = hist.length - 1; b >= 0; b--) {
            cum += hist[b];
            if (cum >= need) return b * ScenarioOutcomes.BIN;
        }
        return 0;
    }

    static double falloff(double[] table, double invStep, double s) {
        double t = s * invStep;
        int i = (int) t;
        if (i >= table.length - 1) return table[table.length - 1];
        return table[i] + (table[i + 1] - table[i]) * (t - i);
    }

    /**
     * Trilinear value at a lattice position. The lattice is sized so that every displaced point lies inside it with a
     * voxel to spare (see {@link MissProblem#build}), so no clamping is needed on the hot path.
     */
    static double trilinear(float[] v, int nx, int ny, int cell, double x, double y, double z) {
        double fx = x - (int) x, fy = y - (int) y, fz = z - (int) z;
        int o = cell, sy = nx, sz = nx * ny;
        double c00 = v[o] + (v[o + 1] - v[o]) * fx;
        double c10 = v[o + sy] + (v[o + sy + 1] - v[o + sy]) * fx;
        double c01 = v[o + sz] + (v[o + sz + 1] - v[o + sz]) * fx;
        double c11 = v[o + sy + sz] + (v[o + sy + sz + 1] - v[o + sy + sz]) * fx;
        double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }
}
