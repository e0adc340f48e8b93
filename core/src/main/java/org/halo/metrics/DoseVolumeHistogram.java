package org.halo.metrics;

import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.image.Grid;

/**
 * A dose-volume histogram with partial volumes. Each voxel of the structure is sampled at s × s × s points spread
 * evenly inside it, and the dose is interpolated trilinearly at each point in patient coordinates, so a structure
 * and a dose on different grids (or a coarse dose over a small target) are handled. Occupancy: fractional structures
 * weight each point by the voxel's fraction; binary masks get partial volumes at the boundary by reading the 0/1 mask
 * as a trilinearly interpolated indicator and keeping the points where it is at least ½ (the boundary then lies
 * midway between inside and outside voxel centres, in every direction).
 *
 * <p>Bins are {@code binGy} wide (0.01 Gy by default); points read off the histogram interpolate linearly inside a
 * bin. Each sample's volume is spread over the dose range its sub-box spans (local gradient), see {@code sample}.
 * Mean, minimum and maximum are taken over the sample points (which all lie inside the structure).
 */
public final class DoseVolumeHistogram {
    /** What to do with sample points outside the dose grid. */
    public enum Outside {
        /** Refuse the structure ({@link OutsideDoseGrid}). */
        ERROR,
        /** Leave the points out, and report their volume. */
        IGNORE,
        /** Count them at 0 Gy. */
        ZERO
    }

    /** A structure reaches beyond the dose grid and {@link Outside#ERROR} was asked for: where, for the caller to word. */
    public static final class OutsideDoseGrid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The structure's name. */
        private final String structure;
        /** A sample point outside the grid (mm, LPS). */
        private final double[] positionMm;

        OutsideDoseGrid(String structure, double[] positionMm) {
            super(String.format(java.util.Locale.ROOT, "structure '%s' reaches outside the dose grid (at %.1f, %.1f, %.1f mm)", structure,
                    positionMm[0], positionMm[1], positionMm[2]));
            this.structure = structure;
            this.positionMm = positionMm.clone();
        }

        /** @return the structure's name */
        public String structure() {
            return structure;
        }

        /** @return a sample point outside the grid, patient coordinates (mm, LPS) */
        public double[] positionMm() {
            return positionMm.clone();
        }
    }

    /** The default bin width (Gy). */
    public static final double DEFAULT_BIN_GY = 0.01;
    /** The default sample points per voxel and axis inside a structure. */
    public static final int DEFAULT_SUBDIVISIONS = 2;
    /** Points per axis in voxels at the structure's boundary, where the surface must be located inside the voxel. */
    static final int BOUNDARY_SUBDIVISIONS = 4;

    private final String name;
    private final double binGy;
    private final double[] binCc;
    private final double totalCc;
    private final double minGy, maxGy, meanGy;
    private final double outsideCc;

    private DoseVolumeHistogram(String name, double binGy, double[] binCc, double totalCc, double minGy, double maxGy, double meanGy, double outsideCc) {
        this.name = name;
        this.binGy = binGy;
        this.binCc = binCc;
        this.totalCc = totalCc;
        this.minGy = minGy;
        this.maxGy = maxGy;
        this.meanGy = meanGy;
        this.outsideCc = outsideCc;
    }

    /**
     * The DVH at the default bins and subdivisions, refusing a structure that reaches outside the dose grid, on the CPU.
     *
     * @param s the structure
     * @param dose the dose
     * @return the histogram
     */
    public static DoseVolumeHistogram compute(Structure s, DoseGrid dose) {
        return compute(s, dose, DEFAULT_BIN_GY, DEFAULT_SUBDIVISIONS, Outside.ERROR);
    }

    /**
     * The DVH on the CPU.
     *
     * @param s the structure
     * @param dose the dose
     * @param binGy the bin width (Gy)
     * @param subdivisions sample points per voxel and axis inside the structure
     * @param outside what to do with points outside the dose grid
     * @return the histogram
     */
    public static DoseVolumeHistogram compute(Structure s, DoseGrid dose, double binGy, int subdivisions, Outside outside) {
        return compute(s, dose, binGy, subdivisions, outside, null);
    }

    /**
     * As {@link #compute(Structure, DoseGrid, double, int, Outside)}, on the backend's {@link DvhSampler} when it has
     * one (OpenCL), else in Java. A backend failure falls back to Java with the same result.
     *
     * @param s the structure
     * @param dose the dose
     * @param binGy the bin width (Gy)
     * @param subdivisions sample points per voxel and axis inside the structure
     * @param outside what to do with points outside the dose grid
     * @param backend where the sampling runs (a device sampler where it offers one)
     * @return the histogram
     */
    public static DoseVolumeHistogram compute(Structure s, DoseGrid dose, double binGy, int subdivisions, Outside outside,
                                              org.halo.compute.Backend backend) {
        DvhSampler sampler = backend == null ? null : backend.capability(DvhSampler.class);
        if (sampler != null) {
            try {
                DoseVolumeHistogram d = onSampler(s, dose, binGy, subdivisions, outside, sampler);
                if (d != null) return d;
            } catch (org.halo.compute.BackendFailure e) {
                // the Java path below gives the same answer
            }
        }
        return inJava(s, dose, binGy, subdivisions, outside);
    }

    /** Bins of {@code binGy} up to the dose maximum, refused with both numbers when there would be too many. */
    static int binCount(double maxDoseGy, double binGy) {
        double bins = Math.ceil(maxDoseGy / binGy) + 2;
        if (!(bins <= MAX_BINS)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "a dose up to %.4g Gy in bins of %.3g Gy needs %.3g bins, more than %d: use wider bins",
                    maxDoseGy, binGy, bins, MAX_BINS));
        }
        return (int) bins;
    }

    static final int MAX_BINS = 10_000_000;

    private static DoseVolumeHistogram onSampler(Structure s, DoseGrid dose, double binGy, int subdivisions, Outside outside, DvhSampler sampler) {
        if (!(binGy > 0)) throw new IllegalArgumentException("bin width must be positive");
        Grid g = s.grid();
        Interval bounds = s.support().bounds();
        if (bounds == null) throw new IllegalArgumentException("structure '" + s.name() + "' is empty");
        double maxDose = 0;
        for (float d : dose.values()) maxDose = Math.max(maxDose, d);
        int bins = binCount(maxDose, binGy);
        int sub = Math.max(1, subdivisions);
        DvhSampler.Sums r = sampler.sample(new DvhSampler.Job(s.occupancy(), g.size(), g.originMm(), g.direction(), g.spacingMm(), bounds,
                s.isBinary(), sub, Math.max(sub, BOUNDARY_SUBDIVISIONS), dose.values(), dose.grid().size(), dose.grid().originMm(),
                dose.inverseScaled(), binGy, bins, maxDose, outside));
        if (r.outsideError()) return null; // the Java path reports where
        if (r.totalCc() <= 0) throw new IllegalArgumentException("structure '" + s.name() + "' is empty" + (r.outsideCc() > 0 ? " inside the dose grid" : ""));
        return normalised(s, outside, binGy, r.binCc(), r.totalCc(), r.minGy(), r.maxGy(), r.doseCc() / r.totalCc(), r.outsideCc());
    }

    private static DoseVolumeHistogram inJava(Structure s, DoseGrid dose, double binGy, int subdivisions, Outside outside) {
        if (!(binGy > 0)) throw new IllegalArgumentException("bin width must be positive");
        Grid g = s.grid();
        float[] occ = s.occupancy();
        int sub = Math.max(1, subdivisions);
        int subEdge = Math.max(sub, BOUNDARY_SUBDIVISIONS);
        double maxDose = 0;
        for (float d : dose.values()) maxDose = Math.max(maxDose, d);
        int bins = binCount(maxDose, binGy);
        Interval bounds = s.support().bounds();
        if (bounds == null) throw new IllegalArgumentException("structure '" + s.name() + "' is empty");
        boolean binary = s.isBinary();
        // One voxel around the structure: its neighbours hold the outer half of its boundary voxels' samples.
        Interval scan = Intervals.intersect(Intervals.expand(bounds, 1), g.interval());
        int k0 = (int) scan.min(2), k1 = (int) scan.max(2);
        final double ceiling = maxDose;
        // Slices in parallel, each into its own accumulator; the sums are merged afterwards.
        Accumulator acc = java.util.stream.IntStream.rangeClosed(k0, k1).parallel().collect(
                () -> new Accumulator(binGy, bins, ceiling, g),
                (a, k) -> slice(s, g, dose, occ, binary, scan, k, sub, subEdge, outside, a),
                Accumulator::merge);
        double[] hist = acc.bins();
        double total = acc.totalCc, sum = acc.doseCc, min = acc.minGy, max = acc.maxGy, outsideCc = acc.outsideCc;
        if (total <= 0) throw new IllegalArgumentException("structure '" + s.name() + "' is empty" + (outsideCc > 0 ? " inside the dose grid" : ""));
        return normalised(s, outside, binGy, hist, total, min, max, sum / total, outsideCc);
    }

    /**
     * The histogram with its volumes scaled so that the structure's whole volume is what users compare with their
     * planning system: the voxel volume of a 0/1 mask, the sum of the fractions of a fractional structure. The sampling
     * decides how the volume is spread over dose; partial volumes at a thin structure's boundary would otherwise change
     * its total. Samples left out ({@link Outside#IGNORE}) keep their share of the total as {@code outsideCc}.
     */
    private static DoseVolumeHistogram normalised(Structure s, Outside outside, double binGy, double[] hist, double sampledCc,
                                                  double minGy, double maxGy, double meanGy, double outsideCc) {
        double covered = sampledCc + (outside == Outside.IGNORE ? outsideCc : 0);
        double f = s.volumeCc() / covered;
        double[] scaled = new double[hist.length];
        for (int b = 0; b < hist.length; b++) scaled[b] = hist[b] * f;
        return new DoseVolumeHistogram(s.name(), binGy, scaled, sampledCc * f, minGy, maxGy, meanGy, outsideCc * f);
    }

    private static void slice(Structure s, Grid g, DoseGrid dose, float[] occ, boolean binary, Interval scan, int k, int sub, int subEdge,
                              Outside outside, Accumulator acc) {
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        double[] idx = new double[3];
        double[] fine = boxOf(g, subEdge), coarse = boxOf(g, sub);
        for (int j = (int) scan.min(1); j <= scan.max(1); j++) {
            for (int i = (int) scan.min(0); i <= scan.max(0); i++) {
                int v = i + nx * (j + ny * k);
                if (binary) {
                    if (occ[v] <= 0 && !touches(occ, i, j, k, nx, ny, nz)) continue;
                    boolean interior = occ[v] >= 1 && interior(occ, i, j, k, nx, ny, nz);
                    int n = interior ? sub : subEdge;
                    double pointCc = g.voxelVolumeMm3() / 1000.0 / (n * n * n);
                    for (int c = 0; c < n; c++) for (int b = 0; b < n; b++) for (int a = 0; a < n; a++) {
                        double fi = i + (a + 0.5) / n - 0.5, fj = j + (b + 0.5) / n - 0.5, fk = k + (c + 0.5) / n - 0.5;
                        if (!interior && indicator(occ, fi, fj, fk, nx, ny, nz) < 0.5) continue;
                        sample(s, g, dose, fi, fj, fk, pointCc, idx, outside, interior ? coarse : fine, acc);
                    }
                } else if (occ[v] >= 1) {
                    double pointCc = g.voxelVolumeMm3() / 1000.0 / (sub * sub * sub);
                    for (int c = 0; c < sub; c++) for (int b = 0; b < sub; b++) for (int a = 0; a < sub; a++) {
                        sample(s, g, dose, i + (a + 0.5) / sub - 0.5, j + (b + 0.5) / sub - 0.5, k + (c + 0.5) / sub - 0.5, pointCc, idx, outside, coarse, acc);
                    }
                } else if (occ[v] > 0) {
                    partialVoxel(s, g, dose, occ, i, j, k, subEdge, idx, outside, acc);
                }
            }
        }
    }

    /**
     * One sample point standing for a sub-box of the voxel ({@code boxMm} per structure axis). The dose over the box is
     * taken as linear with the local trilinear gradient, so the point's volume is spread evenly over the dose range the
     * box spans rather than dropped into one bin: the DVH then does not depend on where the samples happen to fall
     * (a plane of constant dose through a slice of 2 mm voxels would otherwise land between samples).
     */
    private static void sample(Structure s, Grid g, DoseGrid dose, double fi, double fj, double fk, double cc, double[] idx,
                               Outside outside, double[] boxMm, Accumulator acc) {
        double x = fi * g.spacingMm(0), y = fj * g.spacingMm(1), z = fk * g.spacingMm(2);
        double[] o = acc.origin;
        double[] m = acc.direction;
        double px = o[0] + m[0] * x + m[1] * y + m[2] * z;
        double py = o[1] + m[3] * x + m[4] * y + m[5] * z;
        double pz = o[2] + m[6] * x + m[7] * y + m[8] * z;
        dose.toIndex(px, py, pz, idx);
        double d, width = 0;
        if (dose.inside(idx[0], idx[1], idx[2])) {
            dose.atWithGradient(idx[0], idx[1], idx[2], acc.value);
            d = acc.value[0];
            double w2 = 0;
            for (int a = 0; a < 3; a++) {
                double along = (acc.value[1] * m[a] + acc.value[2] * m[3 + a] + acc.value[3] * m[6 + a]) * boxMm[a];
                w2 += along * along;
            }
            width = Math.sqrt(w2);
        } else {
            if (outside == Outside.ERROR) {
                throw new OutsideDoseGrid(s.name(), new double[] {px, py, pz});
            }
            acc.outsideCc += cc;
            if (outside == Outside.IGNORE) return;
            d = 0;
        }
        acc.add(d, width, cc);
    }

    /**
     * Sums sample volumes into bins. A sample spread uniformly over [d − w/2, d + w/2] adds a ramp to the cumulative
     * volume below each bin edge; ramps are recorded as slope and offset steps and integrated once at the end, so each
     * sample costs the same however many bins it spans.
     */
    static final class Accumulator {
        final double binGy;
        final double[] point, slope, offset;
        final double[] value = new double[4];
        final double[] origin, direction;
        double totalCc, doseCc, minGy = Double.POSITIVE_INFINITY, maxGy = Double.NEGATIVE_INFINITY, outsideCc;
        final double ceilingGy;

        Accumulator(double binGy, int bins, double ceilingGy, Grid g) {
            this.binGy = binGy;
            this.ceilingGy = ceilingGy;
            this.origin = g.originMm();
            this.direction = g.direction();
            point = new double[bins];
            slope = new double[bins + 2];
            offset = new double[bins + 2];
        }

        void add(double d, double width, double cc) {
            totalCc += cc;
            doseCc += d * cc;
            // Interpolated dose never leaves [0, the grid's maximum], so neither does the spread.
            double lo = Math.max(0, d - width / 2), hi = Math.min(ceilingGy, d + width / 2);
            minGy = Math.min(minGy, d);
            maxGy = Math.max(maxGy, d);
            if (hi - lo <= binGy * 1e-3) {
                point[Math.min(point.length - 1, (int) (d / binGy))] += cc;
                return;
            }
            double rho = cc / (hi - lo);
            ramp(lo, rho);
            ramp(hi, -rho);
        }

        void merge(Accumulator o) {
            for (int i = 0; i < point.length; i++) point[i] += o.point[i];
            for (int i = 0; i < slope.length; i++) {
                slope[i] += o.slope[i];
                offset[i] += o.offset[i];
            }
            totalCc += o.totalCc;
            doseCc += o.doseCc;
            minGy = Math.min(minGy, o.minGy);
            maxGy = Math.max(maxGy, o.maxGy);
            outsideCc += o.outsideCc;
        }

        /** Adds rho · max(0, x − start) to the cumulative volume at every bin edge x = b · bin. */
        private void ramp(double start, double rho) {
            int b = (int) Math.ceil(start / binGy);
            if (b >= slope.length) return;
            slope[b] += rho * binGy;
            offset[b] -= rho * start;
        }

        double[] bins() {
            double[] out = point.clone();
            double s = 0, c = 0, previous = 0;
            for (int b = 0; b <= out.length; b++) {
                s += slope[b];
                c += offset[b];
                double below = s * b + c; // spread volume below edge b
                if (b > 0) out[b - 1] += below - previous;
                previous = below;
            }
            return out;
        }
    }

    /**
     * A partly filled voxel of a fractional structure: the occupied part is taken as the side of a plane whose
     * normal is the occupancy gradient (piecewise-linear interface reconstruction), cut so that it holds exactly the
     * voxel's fraction; the dose is sampled only there.
     */
    private static void partialVoxel(Structure s, Grid g, DoseGrid dose, float[] occ, int i, int j, int k, int n, double[] idx,
                                     Outside outside, Accumulator acc) {
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        double[] sp = g.spacingMm();
        double gx = (at(occ, i + 1, j, k, nx, ny, nz) - at(occ, i - 1, j, k, nx, ny, nz)) / (2 * sp[0]);
        double gy = (at(occ, i, j + 1, k, nx, ny, nz) - at(occ, i, j - 1, k, nx, ny, nz)) / (2 * sp[1]);
        double gz = (at(occ, i, j, k + 1, nx, ny, nz) - at(occ, i, j, k - 1, nx, ny, nz)) / (2 * sp[2]);
        int total = n * n * n;
        double[] score = new double[total];
        int p = 0;
        for (int c = 0; c < n; c++) for (int b = 0; b < n; b++) for (int a = 0; a < n; a++) {
            score[p++] = gx * ((a + 0.5) / n - 0.5) * sp[0] + gy * ((b + 0.5) / n - 0.5) * sp[1] + gz * ((c + 0.5) / n - 0.5) * sp[2];
        }
        double f = occ[i + nx * (j + ny * k)];
        int keep = Math.max(1, Math.min(total, (int) Math.round(f * total)));
        double cut = Double.NEGATIVE_INFINITY;
        if (keep < total && (gx != 0 || gy != 0 || gz != 0)) {
            double[] sorted = score.clone();
            java.util.Arrays.sort(sorted);
            cut = sorted[total - keep];
        } else {
            keep = total; // no direction to go by: spread the fraction over the voxel
        }
        double cc = f * g.voxelVolumeMm3() / 1000.0;
        int taken = 0;
        int[] chosen = new int[keep];
        for (int q = 0; q < total && taken < keep; q++) if (score[q] > cut) chosen[taken++] = q;
        for (int q = 0; q < total && taken < keep; q++) if (score[q] == cut) chosen[taken++] = q;
        for (int t = 0; t < taken; t++) {
            int q = chosen[t];
            int a = q % n, b = (q / n) % n, c = q / (n * n);
            sample(s, g, dose, i + (a + 0.5) / n - 0.5, j + (b + 0.5) / n - 0.5, k + (c + 0.5) / n - 0.5, cc / taken, idx, outside, boxOf(g, n), acc);
        }
    }

    private static double[] boxOf(Grid g, int n) {
        return new double[] {g.spacingMm(0) / n, g.spacingMm(1) / n, g.spacingMm(2) / n};
    }

    private static double at(float[] occ, int i, int j, int k, int nx, int ny, int nz) {
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
        return occ[i + nx * (j + ny * k)];
    }

    /** Trilinear interpolation of the occupancy at a continuous index; beyond the grid counts as 0. */
    private static double indicator(float[] occ, double fi, double fj, double fk, int nx, int ny, int nz) {
        int i0 = (int) Math.floor(fi), j0 = (int) Math.floor(fj), k0 = (int) Math.floor(fk);
        double tx = fi - i0, ty = fj - j0, tz = fk - k0;
        double s = 0;
        for (int c = 0; c < 2; c++) {
            for (int b = 0; b < 2; b++) {
                for (int a = 0; a < 2; a++) {
                    int i = i0 + a, j = j0 + b, k = k0 + c;
                    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
                    double w = (a == 0 ? 1 - tx : tx) * (b == 0 ? 1 - ty : ty) * (c == 0 ? 1 - tz : tz);
                    s += w * occ[i + nx * (j + ny * k)];
                }
            }
        }
        return s;
    }

    private static boolean touches(float[] occ, int i, int j, int k, int nx, int ny, int nz) {
        for (int c = -1; c <= 1; c++) for (int b = -1; b <= 1; b++) for (int a = -1; a <= 1; a++) {
            int x = i + a, y = j + b, z = k + c;
            if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
            if (occ[x + nx * (y + ny * z)] > 0) return true;
        }
        return false;
    }

    private static boolean interior(float[] occ, int i, int j, int k, int nx, int ny, int nz) {
        for (int c = -1; c <= 1; c++) for (int b = -1; b <= 1; b++) for (int a = -1; a <= 1; a++) {
            int x = i + a, y = j + b, z = k + c;
            if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return false;
            if (occ[x + nx * (y + ny * z)] <= 0) return false;
        }
        return true;
    }

    /** {@return the structure's name} */
    public String name() {
        return name;
    }

    /** {@return the bin width (Gy)} */
    public double binGy() {
        return binGy;
    }

    /** {@return the structure's volume (cc)} */
    public double volumeCc() {
        return totalCc;
    }

    /** {@return the lowest sampled dose (Gy)} */
    public double minGy() {
        return minGy;
    }

    /** {@return the highest sampled dose (Gy)} */
    public double maxGy() {
        return maxGy;
    }

    /** {@return the mean dose (Gy)} */
    public double meanGy() {
        return meanGy;
    }

    /**
     * Volume that fell outside the dose grid (counted as 0 Gy or left out, as asked).
     *
     * @return the volume (cc)
     */
    public double outsideCc() {
        return outsideCc;
    }

    /**
     * Differential DVH: volume (cc) per bin, bin b covering [b·bin, (b+1)·bin) Gy.
     *
     * @return the volume per bin (cc)
     */
    public double[] differentialCc() {
        return binCc.clone();
    }

    /**
     * Volume (cc) receiving at least {@code doseGy}, interpolating inside the bin.
     *
     * @param doseGy the dose (Gy)
     * @return the volume (cc)
     */
    public double volumeAtLeastCc(double doseGy) {
        if (doseGy <= 0) return totalCc;
        int b = (int) (doseGy / binGy);
        if (b >= binCc.length) return 0;
        double above = 0;
        for (int i = b + 1; i < binCc.length; i++) above += binCc[i];
        double frac = (b + 1) - doseGy / binGy; // part of bin b at or above the dose
        return above + binCc[b] * frac;
    }

    /**
     * @param doseGy the dose (Gy)
     * @return the share of the structure's volume receiving at least that dose (%)
     */
    public double volumeAtLeastPct(double doseGy) {
        return 100.0 * volumeAtLeastCc(doseGy) / totalCc;
    }

    /**
     * The highest dose that at least {@code cc} of the structure receives (NaN when the structure is smaller).
     *
     * @param cc the volume (cc)
     * @return the dose (Gy)
     */
    public double doseAtVolumeCc(double cc) {
        if (cc > totalCc * (1 + 1e-12)) return Double.NaN;
        if (cc <= 0) return maxGy;
        double above = 0;
        for (int b = binCc.length - 1; b >= 0; b--) {
            if (above + binCc[b] >= cc) {
                double inBin = (cc - above) / binCc[b]; // fraction of this bin, from its top, needed
                double d = (b + 1 - inBin) * binGy;
                return Math.max(minGy, Math.min(maxGy, d));
            }
            above += binCc[b];
        }
        return minGy;
    }

    /**
     * D x%: the highest dose that x % of the volume receives.
     *
     * @param pct the share of the volume (%)
     * @return the dose (Gy)
     */
    public double doseAtVolumePct(double pct) {
        return doseAtVolumeCc(totalCc * pct / 100.0);
    }
}
