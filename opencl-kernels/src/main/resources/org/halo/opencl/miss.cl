/*
 * Halo geographic-miss scenario kernel: org.halo.clinical.miss.JavaMissEvaluator operation for operation, in double
 * precision with contraction off, so that every point's dose, every count and every histogram bin equal the Java
 * path's. One work-group per scenario; the points of its true CTV are strided over the work-items; the dose histogram
 * (for D95/D98) and the per-substep geometric-miss counts live in local memory.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

#define BINS 2000
#define BIN 0.001
#define UNIT_BIN 1000 /* the bin of dose 1.0: most points, counted privately to spare the atomics */

inline double trilinear(__global const float* v, int nx, int ny, int cell, double x, double y, double z) {
    double fx = x - (int) x, fy = y - (int) y, fz = z - (int) z;
    int o = cell, sy = nx, sz = nx * ny;
    double c00 = v[o] + (v[o + 1] - v[o]) * fx;
    double c10 = v[o + sy] + (v[o + sy + 1] - v[o + sy]) * fx;
    double c01 = v[o + sz] + (v[o + sz + 1] - v[o + sz]) * fx;
    double c11 = v[o + sy + sz] + (v[o + sy + sz + 1] - v[o + sy + sz]) * fx;
    double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
    return c0 + (c1 - c0) * fz;
}

inline double falloff(__global const double* table, int length, double invStep, double s) {
    double t = s * invStep;
    int i = (int) t;
    if (i >= length - 1) return table[length - 1];
    return table[i] + (table[i + 1] - table[i]) * (t - i);
}

inline int same_inside_cell(__global const uchar* cellInside, int nx, int ny, double x0, double y0, double z0,
                            double ux, double uy, double uz, int q) {
    double a = 0.5 / q, b = (q - 0.5) / q;
    double xa = x0 + a * ux, ya = y0 + a * uy, za = z0 + a * uz;
    double xb = x0 + b * ux, yb = y0 + b * uy, zb = z0 + b * uz;
    int ca = (int) xa + nx * ((int) ya + ny * (int) za);
    int cb = (int) xb + nx * ((int) yb + ny * (int) zb);
    return ca == cb && cellInside[ca] != 0;
}

inline int dose_bin(double dose) {
    int b = (int) (dose / BIN + 1e-6);
    return min(BINS - 1, max(0, b));
}

__kernel void miss_scenarios(
        __global const float* dist, __global const float* rel, int hasRel,
        __global const uchar* cellInside, int hasCellInside,
        int nx, int ny, double offset, double inside,
        __global const double* table, int tableLength, double invStep, int sharp,
        __global const float* pts, __global const float* skip, __global const float* radius, double sx, double sy, double sz,
        __global const int* prefix, int n, int q,
        __global const double* tf, __global const double* driftReach, __global const double* move,
        int bio, double df, double ab, int firstScenario,
        __global int* outBelow95, __global int* outBelow90, __global double* outMin,
        __global double* outD95, __global double* outD98, __global double* outMaxGeo, __global double* outMeanGeo,
        __local int* hist, __local int* geo, __local double* mins, __local int* c95, __local int* c90, __local int* ones) {
    const int j = firstScenario + get_group_id(0);
    const int lid = get_local_id(0), size = get_local_size(0);
    const int k0 = prefix[j];
    for (int b = lid; b < BINS; b += size) hist[b] = 0;
    for (int g = lid; g < n * q; g += size) geo[g] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);

    const double norm = bio ? n * (1 + df / ab) : (double) n;
    const double lastStep = (q - 0.5) / q;
    int below95 = 0, below90 = 0, unit = 0;
    double lowest = INFINITY;
    for (int i = lid; i < k0; i += size) {
        double vx = pts[3 * i], vy = pts[3 * i + 1], vz = pts[3 * i + 2];
        double acc = 0;
        for (int k = 0; k < n; k++) {
            int f = j * n + k;
            int o = 15 * f;
            double dk;
            double room = skip[i] - driftReach[f] * lastStep;
            if (move[2 * f] + move[2 * f + 1] * radius[i] < room - 1e-9) {
                acc += bio ? 1.0 * (1 + df * 1.0 / ab) : 1.0;
                continue;
            }
            double x0 = tf[o] * vx + tf[o + 1] * vy + tf[o + 2] * vz + tf[o + 9];
            double y0 = tf[o + 3] * vx + tf[o + 4] * vy + tf[o + 5] * vz + tf[o + 10];
            double z0 = tf[o + 6] * vx + tf[o + 7] * vy + tf[o + 8] * vz + tf[o + 11];
            double ex = (x0 - vx) * sx, ey = (y0 - vy) * sy, ez = (z0 - vz) * sz;
            double ux = tf[o + 12], uy = tf[o + 13], uz = tf[o + 14];
            if (room > 0 && ex * ex + ey * ey + ez * ez < room * room) {
                dk = 1.0;
            } else if (hasCellInside && same_inside_cell(cellInside, nx, ny, x0, y0, z0, ux, uy, uz, q)) {
                dk = 1.0;
            } else {
                double sum = 0;
                for (int t = 0; t < q; t++) {
                    double a = (t + 0.5) / q;
                    double x = x0 + a * ux, y = y0 + a * uy, z = z0 + a * uz;
                    int cell = (int) x + nx * ((int) y + ny * (int) z);
                    double dose;
                    if (hasCellInside && cellInside[cell] != 0) {
                        dose = 1.0;
                    } else {
                        double d = trilinear(dist, nx, ny, cell, x, y, z);
                        int outside = d > inside;
                        if (outside) atomic_inc(&geo[k * q + t]);
                        if (hasRel) dose = trilinear(rel, nx, ny, cell, x, y, z);
                        else if (sharp) dose = outside ? 0.0 : 1.0;
                        else dose = falloff(table, tableLength, invStep, outside ? d - offset : 0.0);
                    }
                    sum += dose;
                }
                dk = sum / q;
            }
            acc += bio ? dk * (1 + df * dk / ab) : dk;
        }
        double dose = acc / norm;
        if (dose < 0.95) below95++;
        if (dose < 0.90) below90++;
        if (dose < lowest) lowest = dose;
        int b = dose_bin(dose);
        if (b == UNIT_BIN) unit++;
        else atomic_inc(&hist[b]);
    }
    mins[lid] = lowest;
    c95[lid] = below95;
    c90[lid] = below90;
    ones[lid] = unit;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = size / 2; stride > 0; stride /= 2) {
        if (lid < stride) {
            mins[lid] = fmin(mins[lid], mins[lid + stride]);
            c95[lid] += c95[lid + stride];
            c90[lid] += c90[lid + stride];
            ones[lid] += ones[lid + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        hist[UNIT_BIN] += ones[0];
        outBelow95[j] = c95[0];
        outBelow90[j] = c90[0];
        outMin[j] = mins[0];
        double need95 = 0.95 * k0, need98 = 0.98 * k0;
        double d95 = 0, d98 = 0;
        int found95 = 0, found98 = 0;
        long cum = 0;
        for (int b = BINS - 1; b >= 0; b--) {
            cum += hist[b];
            if (!found95 && cum >= need95) { d95 = b * BIN; found95 = 1; }
            if (!found98 && cum >= need98) { d98 = b * BIN; found98 = 1; }
            if (found95 && found98) break;
        }
        outD95[j] = d95;
        outD98[j] = d98;
        double maxGeo = 0, sumGeo = 0;
        for (int k = 0; k < n; k++) {
            int worst = 0;
            for (int t = 0; t < q; t++) worst = max(worst, geo[k * q + t]);
            double g = (double) worst / k0;
            maxGeo = fmax(maxGeo, g);
            sumGeo += g;
        }
        outMaxGeo[j] = maxGeo;
        outMeanGeo[j] = sumGeo / n;
    }
}
