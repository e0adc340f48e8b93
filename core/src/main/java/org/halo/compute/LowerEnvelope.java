package org.halo.compute;

/**
 * One-dimensional minimum convolution of a sampled function with a convex, possibly asymmetric parabola:
 * out[x] = min<sub>q</sub> f[q] + c(x − q), with c(Δ) = wPos·Δ² for Δ &gt; 0 and wNeg·Δ² for Δ &lt; 0.
 *
 * <p>Felzenszwalb and Huttenlocher's lower envelope (Theory of Computing 8:415, 2012), generalised to two weights:
 * translates of one convex function cross at most once, so the envelope algorithm holds unchanged; only the crossing
 * point differs (three cases, by where it falls relative to the two sites). Sites with f = +∞ are skipped rather than
 * carried as sentinels, so nothing is ever added to an infinite value. Crossings are computed in double precision.
 * One instance per thread: it owns its scratch arrays.
 */
final class LowerEnvelope {
    private final int[] v;
    private final double[] z;
    private final double[] fv;

    LowerEnvelope(int maxLength) {
        v = new int[maxLength];
        z = new double[maxLength + 1];
        fv = new double[maxLength];
    }

    static double cost(int delta, double wPos, double wNeg) {
        if (delta == 0) return 0;
        double d = delta;
        return (delta > 0 ? wPos : wNeg) * d * d;
    }

    /**
     * Transforms the {@code n} consecutive samples {@code f[off + i]} into {@code out[outOff + i]}: each output is the
     * smallest sample plus the asymmetric parabola cost of its distance ({@code wPos} ahead, {@code wNeg} behind).
     * Results above {@code clamp} become +∞. {@link #threshold} writes a 0/1 band instead of values.
     *
     * @return false when the line held no finite sample (the output is then all +∞)
     */
    boolean transform(float[] f, int off, int n, float[] out, int outOff, double wPos, double wNeg, double clamp) {
        int k = build(f, off, n, wPos, wNeg);
        if (k < 0) {
            for (int i = 0; i < n; i++) out[outOff + i] = Float.POSITIVE_INFINITY;
            return false;
        }
        int j = 0;
        for (int x = 0; x < n; x++) {
            while (j < k && z[j + 1] < x) j++;
            double value = fv[j] + cost(x - v[j], wPos, wNeg);
            out[outOff + x] = value > clamp ? Float.POSITIVE_INFINITY : (float) value;
        }
        return true;
    }

    /** As {@link #transform} but writes 1 where the result lies in (lower, upper], else 0. */
    void threshold(float[] f, int off, int n, byte[] mask, int maskOff, double wPos, double wNeg, double lower, double upper) {
        int k = build(f, off, n, wPos, wNeg);
        if (k < 0) {
            for (int i = 0; i < n; i++) mask[maskOff + i] = 0;
            return;
        }
        int j = 0;
        for (int x = 0; x < n; x++) {
            while (j < k && z[j + 1] < x) j++;
            double value = fv[j] + cost(x - v[j], wPos, wNeg);
            mask[maskOff + x] = value <= upper && value > lower ? (byte) 1 : 0;
        }
    }

    /** Builds the envelope of the finite samples; returns the index of its last parabola, or -1 if none. */
    private int build(float[] f, int off, int n, double wPos, double wNeg) {
        int k = -1;
        boolean symmetric = wPos == wNeg;
        for (int q = 0; q < n; q++) {
            double fq = f[off + q];
            if (fq == Double.POSITIVE_INFINITY) continue;
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                s = symmetric ? crossSymmetric(v[k], fv[k], q, fq, wPos) : crossing(v[k], fv[k], q, fq, wPos, wNeg);
                if (s > z[k]) break;
                k--;
            }
            k++;
            v[k] = q;
            fv[k] = fq;
            z[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
        }
        return k;
    }

    private static double crossSymmetric(int p, double fp, int q, double fq, double w) {
        return ((fq + w * q * (double) q) - (fp + w * p * (double) p)) / (2.0 * w * (q - p));
    }

    /**
     * The point from which site q (to the right of p) is at least as low as site p. D(x) = h_q(x) − h_p(x) does not
     * increase, so it is found in the region where D changes sign: left of p (both costs use wNeg), between p and q
     * (p uses wPos, q uses wNeg), or right of q (both use wPos). Only integer x are ever evaluated, so where an
     * infinite weight makes the switch happen exactly at a site, any point strictly between two integers will do.
     */
    static double crossing(int p, double fp, int q, double fq, double wPos, double wNeg) {
        double len = q - p;
        double df = fq - fp;
        double atP = df + wNeg * len * len; // D(p)
        if (atP <= 0) return 0.5 * (p + q) + df / (2.0 * wNeg * len);
        double atQ = df - wPos * len * len; // D(q)
        if (atQ > 0) return 0.5 * (p + q) + df / (2.0 * wPos * len);
        if (wNeg == Double.POSITIVE_INFINITY) return q - 0.5;
        if (wPos == Double.POSITIVE_INFINITY) return p + 0.5;
        if (wNeg == wPos) return p + (wNeg * len * len + df) / (2.0 * wNeg * len);
        // (wNeg − wPos)t² − 2·wNeg·len·t + (wNeg·len² + df) = 0 for t = x − p in (0, len]; D(p) > 0 ≥ D(q).
        double a = wNeg - wPos;
        double b = -2.0 * wNeg * len;
        double c = atP;
        double disc = Math.max(0.0, b * b - 4.0 * a * c);
        double qq = 0.5 * (-b + Math.sqrt(disc));
        double t1 = c / qq;
        double t = (t1 >= 0 && t1 <= len) ? t1 : qq / a;
        return p + Math.min(len, Math.max(0.0, t));
    }
}
