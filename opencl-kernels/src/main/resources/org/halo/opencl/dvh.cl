/*
 * Halo DVH sampling: org.halo.metrics.DoseVolumeHistogram's Java path, voxel for voxel and point for point, one
 * work-item per voxel of the structure's bounding box grown by one. Volumes accumulate as 64-bit fixed point with
 * atomics (cl_khr_int64_base_atomics), so sums may differ from Java's in the last bits, never in which samples count.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL FP_CONTRACT OFF

#define VOLUME_SCALE 1099511627776.0  /* 2^40 units per cc */
#define DOSE_SCALE 4294967296.0       /* 2^32 units per Gy·cc */
#define MAX_POINTS 64                 /* boundary subdivisions up to 4 */

inline float occ_at(__global const float* occ, int i, int j, int k, int nx, int ny, int nz) {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0.0f;
    return occ[i + nx * (j + ny * k)];
}

inline double indicator(__global const float* occ, double fi, double fj, double fk, int nx, int ny, int nz) {
    int i0 = (int) floor(fi), j0 = (int) floor(fj), k0 = (int) floor(fk);
    double tx = fi - i0, ty = fj - j0, tz = fk - k0;
    double s = 0.0;
    for (int c = 0; c < 2; c++) for (int b = 0; b < 2; b++) for (int a = 0; a < 2; a++) {
        int i = i0 + a, j = j0 + b, k = k0 + c;
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
        double w = (a == 0 ? 1 - tx : tx) * (b == 0 ? 1 - ty : ty) * (c == 0 ? 1 - tz : tz);
        s += w * occ[i + nx * (j + ny * k)];
    }
    return s;
}

inline double lerp(double a, double b, double t) {
    return a + (b - a) * t;
}

/* Adds one sample: its volume spread evenly over [d - w/2, d + w/2] (clipped to [0, ceiling]). */
inline void add_sample(double d, double width, double cc, double binGy, int bins, double ceiling,
                       __global long* hist, __global long* sums, __global int* extremes) {
    atom_add(&sums[0], (long) rint(cc * VOLUME_SCALE));
    atom_add(&sums[1], (long) rint(d * cc * DOSE_SCALE));
    atomic_min(&extremes[0], (int) floor(d * 1e6));
    atomic_max(&extremes[1], (int) ceil(d * 1e6));
    double lo = fmax(0.0, d - width / 2), hi = fmin(ceiling, d + width / 2);
    if (hi - lo <= binGy * 1e-3) {
        int b = min(bins - 1, (int) (d / binGy));
        atom_add(&hist[b], (long) rint(cc * VOLUME_SCALE));
        return;
    }
    double rho = cc / (hi - lo);
    int b0 = (int) floor(lo / binGy), b1 = min(bins - 1, (int) floor(hi / binGy));
    for (int b = b0; b <= b1; b++) {
        double overlap = fmin(hi, (b + 1) * binGy) - fmax(lo, b * binGy);
        if (overlap > 0) atom_add(&hist[b], (long) rint(rho * overlap * VOLUME_SCALE));
    }
}

inline void sample(double fi, double fj, double fk, double cc, __constant double* sg, double bx, double by, double bz,
                   __global const float* dose, int dnx, int dny, int dnz, __constant double* dg, int outside,
                   double binGy, int bins, double ceiling, __global long* hist, __global long* sums, __global int* extremes,
                   __global int* flags) {
    /* sg: origin[3], direction[9], spacing[3]; dg: origin[3], inverse (scaled)[9] */
    double x = fi * sg[12], y = fj * sg[13], z = fk * sg[14];
    double px = sg[0] + sg[3] * x + sg[4] * y + sg[5] * z;
    double py = sg[1] + sg[6] * x + sg[7] * y + sg[8] * z;
    double pz = sg[2] + sg[9] * x + sg[10] * y + sg[11] * z;
    double dx = px - dg[0], dy = py - dg[1], dz = pz - dg[2];
    double ii = dg[3] * dx + dg[4] * dy + dg[5] * dz;
    double jj = dg[6] * dx + dg[7] * dy + dg[8] * dz;
    double kk = dg[9] * dx + dg[10] * dy + dg[11] * dz;
    /* Inside the grid's voxels (DoseGrid.inside): half a voxel beyond the edge centres, where the dose is the edge value. */
    double h = 0.5 + 1e-6;
    if (!(ii >= -h && jj >= -h && kk >= -h && ii <= dnx - 1 + h && jj <= dny - 1 + h && kk <= dnz - 1 + h)) {
        if (outside == 0) { atomic_or(&flags[0], 1); return; }
        atom_add(&sums[2], (long) rint(cc * VOLUME_SCALE));
        if (outside == 1) return;          /* ignore */
        add_sample(0.0, 0.0, cc, binGy, bins, ceiling, hist, sums, extremes);   /* zero */
        return;
    }
    ii = fmax(0.0, fmin((double) (dnx - 1), ii));
    jj = fmax(0.0, fmin((double) (dny - 1), jj));
    kk = fmax(0.0, fmin((double) (dnz - 1), kk));
    int i0 = min((int) ii, max(0, dnx - 2)), j0 = min((int) jj, max(0, dny - 2)), k0 = min((int) kk, max(0, dnz - 2));
    int i1 = min(i0 + 1, dnx - 1), j1 = min(j0 + 1, dny - 1), k1 = min(k0 + 1, dnz - 1);
    double fx = ii - i0, fy = jj - j0, fz = kk - k0;
#define D(a, b, c) ((double) dose[(a) + dnx * ((b) + dny * (c))])
    double d000 = D(i0, j0, k0), d100 = D(i1, j0, k0), d010 = D(i0, j1, k0), d110 = D(i1, j1, k0);
    double d001 = D(i0, j0, k1), d101 = D(i1, j0, k1), d011 = D(i0, j1, k1), d111 = D(i1, j1, k1);
#undef D
    double c00 = lerp(d000, d100, fx), c10 = lerp(d010, d110, fx), c01 = lerp(d001, d101, fx), c11 = lerp(d011, d111, fx);
    double c0 = lerp(c00, c10, fy), c1 = lerp(c01, c11, fy);
    double d = lerp(c0, c1, fz);
    double di = i1 == i0 ? 0.0 : lerp(lerp(d100 - d000, d110 - d010, fy), lerp(d101 - d001, d111 - d011, fy), fz);
    double dj = j1 == j0 ? 0.0 : lerp(c10 - c00, c11 - c01, fz);
    double dk = k1 == k0 ? 0.0 : c1 - c0;
    double gx = di * dg[3] + dj * dg[6] + dk * dg[9];
    double gy = di * dg[4] + dj * dg[7] + dk * dg[10];
    double gz = di * dg[5] + dj * dg[8] + dk * dg[11];
    double w2 = 0.0;
    double box[3] = {bx, by, bz};
    for (int a = 0; a < 3; a++) {
        double along = (gx * sg[3 + a] + gy * sg[6 + a] + gz * sg[9 + a]) * box[a];
        w2 += along * along;
    }
    add_sample(d, sqrt(w2), cc, binGy, bins, ceiling, hist, sums, extremes);
}

/*
 * occ covers a region of the structure grid (nx × ny × nz, starting at voxel oi, oj, ok of the grid); voxels beyond it
 * count as empty, as beyond the grid in Java. The work covers bw × bh × bd voxels from bi0, bj0, bk0 (region indices).
 */
__kernel void dvh_voxels(__global const float* occ, int nx, int ny, int nz, int oi, int oj, int ok,
                         int bi0, int bj0, int bk0, int bw, int bh, int bd,
                         int binary, int sub, int subEdge, __constant double* sg,
                         __global const float* dose, int dnx, int dny, int dnz, __constant double* dg, int outside,
                         double binGy, int bins, double ceiling,
                         __global long* hist, __global long* sums, __global int* extremes, __global int* flags) {
    int gid = get_global_id(0);
    if (gid >= bw * bh * bd) return;
    int i = bi0 + gid % bw, j = bj0 + (gid / bw) % bh, k = bk0 + gid / (bw * bh);
    int v = i + nx * (j + ny * k);
    double voxelCc = sg[12] * sg[13] * sg[14] / 1000.0;
    float o = occ[v];
    if (binary) {
        int touches = 0, interior = o >= 1.0f;
        for (int c = -1; c <= 1; c++) for (int b = -1; b <= 1; b++) for (int a = -1; a <= 1; a++) {
            int x = i + a, y = j + b, z = k + c;
            int inGrid = x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz;
            float q = inGrid ? occ[x + nx * (y + ny * z)] : 0.0f;
            if (inGrid && q > 0) touches = 1;
            if (!inGrid || q <= 0) interior = 0;
        }
        if (o <= 0 && !touches) return;
        int n = interior ? sub : subEdge;
        double pointCc = voxelCc / (n * n * n);
        for (int c = 0; c < n; c++) for (int b = 0; b < n; b++) for (int a = 0; a < n; a++) {
            double fi = i + (a + 0.5) / n - 0.5, fj = j + (b + 0.5) / n - 0.5, fk = k + (c + 0.5) / n - 0.5;
            if (!interior && indicator(occ, fi, fj, fk, nx, ny, nz) < 0.5) continue;
            sample(fi + oi, fj + oj, fk + ok, pointCc, sg, sg[12] / n, sg[13] / n, sg[14] / n, dose, dnx, dny, dnz, dg, outside,
                   binGy, bins, ceiling, hist, sums, extremes, flags);
        }
    } else if (o >= 1.0f) {
        double pointCc = voxelCc / (sub * sub * sub);
        for (int c = 0; c < sub; c++) for (int b = 0; b < sub; b++) for (int a = 0; a < sub; a++) {
            sample(oi + i + (a + 0.5) / sub - 0.5, oj + j + (b + 0.5) / sub - 0.5, ok + k + (c + 0.5) / sub - 0.5, pointCc, sg,
                   sg[12] / sub, sg[13] / sub, sg[14] / sub, dose, dnx, dny, dnz, dg, outside, binGy, bins, ceiling, hist, sums, extremes, flags);
        }
    } else if (o > 0) {
        /* Plane reconstruction: keep the f·n³ points highest along the occupancy gradient. */
        int n = subEdge;
        double gx = (occ_at(occ, i + 1, j, k, nx, ny, nz) - occ_at(occ, i - 1, j, k, nx, ny, nz)) / (2 * sg[12]);
        double gy = (occ_at(occ, i, j + 1, k, nx, ny, nz) - occ_at(occ, i, j - 1, k, nx, ny, nz)) / (2 * sg[13]);
        double gz = (occ_at(occ, i, j, k + 1, nx, ny, nz) - occ_at(occ, i, j, k - 1, nx, ny, nz)) / (2 * sg[14]);
        int total = n * n * n;
        double score[MAX_POINTS], sorted[MAX_POINTS];
        int p = 0;
        for (int c = 0; c < n; c++) for (int b = 0; b < n; b++) for (int a = 0; a < n; a++) {
            score[p] = gx * ((a + 0.5) / n - 0.5) * sg[12] + gy * ((b + 0.5) / n - 0.5) * sg[13] + gz * ((c + 0.5) / n - 0.5) * sg[14];
            sorted[p] = score[p];
            p++;
        }
        double f = (double) o;
        int keep = (int) floor(f * total + 0.5);
        keep = max(1, min(total, keep));
        double cut = -INFINITY;
        if (keep < total && (gx != 0 || gy != 0 || gz != 0)) {
            for (int x = 1; x < total; x++) {          /* insertion sort, ascending */
                double t = sorted[x];
                int y = x - 1;
                while (y >= 0 && sorted[y] > t) { sorted[y + 1] = sorted[y]; y--; }
                sorted[y + 1] = t;
            }
            cut = sorted[total - keep];
        } else {
            keep = total;
        }
        double cc = f * voxelCc;
        /* The same points, in the same order, as the Java code: above the cut first, then on it. */
        int taken = 0;
        for (int q = 0; q < total && taken < keep; q++) if (score[q] > cut) taken++;
        for (int q = 0; q < total && taken < keep; q++) if (score[q] == cut) taken++;
        int used = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int q = 0; q < total && used < taken; q++) {
                if (pass == 0 ? !(score[q] > cut) : !(score[q] == cut)) continue;
                int a = q % n, b = (q / n) % n, c = q / (n * n);
                sample(oi + i + (a + 0.5) / n - 0.5, oj + j + (b + 0.5) / n - 0.5, ok + k + (c + 0.5) / n - 0.5, cc / taken, sg,
                       sg[12] / n, sg[13] / n, sg[14] / n, dose, dnx, dny, dnz, dg, outside, binGy, bins, ceiling, hist, sums, extremes, flags);
                used++;
            }
        }
    }
}
