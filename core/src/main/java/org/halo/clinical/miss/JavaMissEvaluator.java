package org.halo.clinical.miss;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The scenario kernel in Java. For each scenario and each point of its true CTV (a surface point first moved by the
 * scenario's delineation offset along its normal): for each fraction, map the point through the fraction's rigid
 * transform at each drift substep, read the distance to the dose-shaping set (trilinear), turn it into dose, average
 * over substeps, accumulate over fractions. Counts and the dose histogram add the points' integer weights, so every
 * backend sums them exactly. A point that the fraction's displacement bound cannot move out of the PTV gets exactly 1
 * without reading anything (analytic models only).
 */
public final class JavaMissEvaluator implements MissEvaluator {
    private final int threads;

    public JavaMissEvaluator(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public String name() {
        return "cpu (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public ScenarioOutcomes evaluate(MissProblem p) {
        ScenarioOutcomes out = ScenarioOutcomes.allocate(p.scenarios());
        int blocks = (p.scenarios() + 15) / 16;
        Runnable all = () -> IntStream.range(0, blocks).parallel().forEach(b -> {
            Scratch s = new Scratch(p);
            for (int j = 16 * b; j < Math.min(p.scenarios(), 16 * b + 16); j++) scenario(p, j, s, out);
        });
        if (threads == 1) {
            Scratch s = new Scratch(p);
            for (int j = 0; j < p.scenarios(); j++) scenario(p, j, s, out);
            return out;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(all).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
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
        final boolean sharp, bio;

        Scratch(MissProblem p) {
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
        }
    }

    /**
     * The accumulated relative dose of every point scenario j evaluates, in evaluation order (volume points, then
     * surface points), with {@code -1} for entries the scenario leaves out (for validation against theory).
     */
    public static double[] pointDoses(MissProblem p, int j) {
        EvaluationPoints e = p.points();
        double[] doses = new double[e.entries() + e.surfaceCount()];
        java.util.Arrays.fill(doses, -1);
        scenario(p, j, new Scratch(p), ScenarioOutcomes.allocate(p.scenarios()), doses);
        return doses;
    }

    static void scenario(MissProblem p, int j, Scratch s, ScenarioOutcomes out) {
        scenario(p, j, s, out, null);
    }

    /** What one scenario accumulates. */
    private static final class Tally {
        int below95, below90;
        double min = Double.POSITIVE_INFINITY;
    }

    private static void scenario(MissProblem p, int j, Scratch s, ScenarioOutcomes out, double[] doses) {
        final EvaluationPoints e = p.points();
        final int n = p.fractions(), q = p.substeps(), total = p.scenarioWeight()[j];
        final double delta = p.delineationMm()[j], deep = delta - e.layerMm();
        final int[] start = e.cellStart();
        final float[] thr = e.threshold();
        java.util.Arrays.fill(s.hist, 0);
        java.util.Arrays.fill(s.geo, 0);
        Tally t = new Tally();
        for (int c = 0; c + 1 < start.length; c++) {
            int first = start[c], merged = 0, count = 0;
            if (!(thr[first] <= delta)) break; // cells come in order of their smallest threshold
            while (first + merged < start[c + 1] && thr[first + merged] <= deep) merged++;
            count = merged;
            while (first + count < start[c + 1] && thr[first + count] <= delta) count++;
            if (count == 0) continue;
            int from = first + merged;
            if (merged > 0) { // the entries deeper than the layer under the true surface, as one point
                int m = from - 1;
                point(p, j, e.mergedXyz(), m, 0, null, e.mergedSkipMm()[m], e.mergedRadiusMm()[m], 0, e.mergedWeight()[m], s, t);
            }
            for (int i = from; i < first + count; i++) {
                double dose = point(p, j, e.xyz(), i, 0, null, e.skipMm()[i], e.radiusMm()[i], 0, e.weight()[i], s, t);
                if (doses != null) doses[i] = dose;
            }
        }
        for (int i = 0; i < e.surfaceCount(); i++) {
            double dose = point(p, j, e.surfaceXyz(), i, delta, e.surfaceNormal(), e.surfaceSkipMm()[i], e.surfaceRadiusMm()[i], e.surfaceBiasMm()[i], 0,
                    s, t);
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
        out.maxGeometricMiss()[j] = maxGeo;
        out.meanGeometricMiss()[j] = sumGeo / n;
    }

    /**
     * One point of scenario j: position {@code xyz[3i..]} moved by {@code shiftMm} along {@code normal} (surface
     * points), its skip radius, distance from the isocentre and interpolation bias, its weight; adds to the tally and
     * returns its dose.
     */
    private static double point(MissProblem p, int j, float[] xyz, int i, double shiftMm, float[] normal, float skipMm, float radiusMm,
                                float biasMm, int w, Scratch s, Tally t) {
        final int n = s.n, q = s.q, nx = s.nx, ny = s.ny;
        final float[] dist = s.dist, rel = s.rel;
        final double[] tf = s.tf, driftReach = s.driftReach, move = s.move, table = s.table;
        final int[] geo = s.geo;
        final byte[] cellInside = s.cellInside;
        final double sx = s.sx, sy = s.sy, sz = s.sz, lastStep = s.lastStep, inside = s.inside, offset = s.offset;
        final boolean sharp = s.sharp, bio = s.bio;
        final double invStep = s.invStep, df = s.df, ab = s.ab, norm = s.norm;
        double vx = xyz[3 * i], vy = xyz[3 * i + 1], vz = xyz[3 * i + 2], moved = 0;
        if (normal != null) {
            vx += shiftMm * normal[3 * i];
            vy += shiftMm * normal[3 * i + 1];
            vz += shiftMm * normal[3 * i + 2];
            moved = Math.abs(shiftMm);
        }
        double acc = 0;
        for (int k = 0; k < n; k++) {
            int f = j * n + k;
            double dk;
            double room = skipMm - moved - driftReach[f] * lastStep;
            if (move[2 * f] + move[2 * f + 1] * (radiusMm + moved) < room - 1e-9) {
                dk = 1.0; // the fraction's displacement bound keeps this point inside the PTV's inner cells
            } else {
                int o = MissProblem.TRANSFORM * f;
                double x0 = tf[o] * vx + tf[o + 1] * vy + tf[o + 2] * vz + tf[o + 9];
                double y0 = tf[o + 3] * vx + tf[o + 4] * vy + tf[o + 5] * vz + tf[o + 10];
                double z0 = tf[o + 6] * vx + tf[o + 7] * vy + tf[o + 8] * vz + tf[o + 11];
                double ex = (x0 - vx) * sx, ey = (y0 - vy) * sy, ez = (z0 - vz) * sz;
                double ux = tf[o + 12], uy = tf[o + 13], uz = tf[o + 14];
                if (room > 0 && ex * ex + ey * ey + ez * ez < room * room) {
                    dk = 1.0; // no substep can leave the cells whose corners all lie in the PTV
                } else if (cellInside != null && sameInsideCell(cellInside, nx, ny, x0, y0, z0, ux, uy, uz, q)) {
                    dk = 1.0; // the drift stays in one cell whose corners all lie in the PTV
                } else {
                    double sum = 0;
                    for (int u = 0; u < q; u++) {
                        double a = (u + 0.5) / q;
                        double x = x0 + a * ux, y = y0 + a * uy, z = z0 + a * uz;
                        int cell = (int) x + nx * ((int) y + ny * (int) z);
                        double dose;
                        if (cellInside != null && cellInside[cell] != 0) {
                            dose = 1.0; // all eight corners lie in the PTV: so does every point of the cell
                        } else {
                            double d = trilinear(dist, nx, ny, cell, x, y, z) - biasMm;
                            boolean outside = d > inside;
                            geo[k * q + u] += outside ? w : 0;
                            if (rel != null) dose = trilinear(rel, nx, ny, cell, x, y, z);
                            else if (sharp) dose = outside ? 0.0 : 1.0;
                            else dose = falloff(table, invStep, outside ? d - offset : 0.0);
                        }
                        sum += dose;
                    }
                    dk = sum / q;
                }
            }
            acc += bio ? dk * (1 + df * dk / ab) : dk;
        }
        double dose = acc / norm;
        if (dose < 0.95) t.below95 += w;
        if (dose < 0.90) t.below90 += w;
        if (dose < t.min) t.min = dose;
        s.hist[bin(dose)] += w;
        return dose;
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
