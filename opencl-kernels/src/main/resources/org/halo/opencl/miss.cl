/*
 * Halo geographic-miss scenario kernel: org.halo.clinical.miss.JavaMissEvaluator operation for operation, in double
 * precision with contraction off, so that every point's dose, every count and every histogram bin equal the Java
 * path's. One work-group per scenario; the cells of evaluation points, then the surface points, are strided over the
 * work-items; the dose histogram (for D95/D98) and the per-substep geometric-miss counts, sums of the points' integer
 * weights, live in local memory. Like the Java kernel it decides a point that no fraction can move out of the all-inside
 * cells, and a drift segment whose middle read plus the field's slope bound stays inside, without reading every
 * substep (exact decisions: the outcomes do not change); it does not count cells in bulk or bound surface points.
 * For the conditional estimator (DelineationIntegral) it also evaluates the entries above the scenario's offset up to the
 * integral's reach, adds the weight under 95 and 90 % per distinct threshold in local memory, and integrates the
 * outcome over the offset as DelineationIntegral.missProbability does, in the same order.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

#define BINS 2000
#define BIN 0.001
#define DVH_LEVELS 200 /* each scenario's cumulative DVH: 0, 1, ..., 199 % of the prescription */
#define DVH_STEP_BINS 10
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

/*
 * JavaMissEvaluator's Lipschitz test: the read at the middle substep plus the most the interpolated distance can change
 * along the drift (slopeMm: Σ slope_a·|u_a| in mm per unit of the drift vector) stays inside the PTV.
 */
inline int lipschitz_inside(__global const float* dist, int nx, int ny, double x0, double y0, double z0, double ux, double uy, double uz,
                            int q, int mid, double biasMm, double inside, double slopeMm) {
    double a = (mid + 0.5) / q;
    double x = x0 + a * ux, y = y0 + a * uy, z = z0 + a * uz;
    double d = trilinear(dist, nx, ny, (int) x + nx * ((int) y + ny * (int) z), x, y, z) - biasMm;
    double far = (double) max(mid, q - 1 - mid) / q;
    return d + far * slopeMm * (1 + 1e-9) + 1e-7 <= inside;
}

inline int dose_bin(double dose) {
    int b = (int) (dose / BIN + 1e-6);
    return min(BINS - 1, max(0, b));
}

/* One point (JavaMissEvaluator.point): its accumulated relative dose; adds its weight to the geometric-miss counters. */
#define SCENARIO_ARGS __global const float* dist, __global const float* rel, int hasRel, __global const uchar* cellInside, int hasCellInside, \
    int nx, int ny, double offset, double inside, __global const double* table, int tableLength, double invStep, int sharp, \
    double sx, double sy, double sz, int n, int q, int j, __global const double* tf, __global const double* driftReach, \
    __global const double* move, int bio, double df, double ab, double lx, double ly, double lz, double allA, double allB
#define SCENARIO dist, rel, hasRel, cellInside, hasCellInside, nx, ny, offset, inside, table, tableLength, invStep, sharp, sx, sy, sz, n, q, j, \
    tf, driftReach, move, bio, df, ab, lx, ly, lz, allA, allB

/* The dose of a point every fraction leaves inside the PTV, summed as point_dose sums it. */
inline double unit_dose(int n, int bio, double df, double ab) {
    double acc = 0;
    for (int k = 0; k < n; k++) acc += bio ? 1.0 * (1 + df * 1.0 / ab) : 1.0;
    return acc / (bio ? n * (1 + df / ab) : (double) n);
}

/* Whether no fraction can move a point (moved first by movedMm) out of the cells whose corners all lie in the PTV. */
inline int unreached(double allA, double allB, double radiusMm, double movedMm, double skipMm) {
    return allA + allB * (radiusMm + movedMm) < skipMm - movedMm - 2e-9;
}

inline double point_dose(SCENARIO_ARGS, double vx, double vy, double vz, double moved, double skipMm, double radiusMm, double biasMm,
                         int w, __local int* geo) {
    const double lastStep = (q - 0.5) / q;
    const int mid = q / 2;
    double acc = 0;
    if (unreached(allA, allB, radiusMm, moved, skipMm)) return unit_dose(n, bio, df, ab);
    for (int k = 0; k < n; k++) {
        int f = j * n + k;
        int o = 15 * f;
        double dk;
        double room = skipMm - moved - driftReach[f] * lastStep;
        if (move[2 * f] + move[2 * f + 1] * (radiusMm + moved) < room - 1e-9) {
            dk = 1.0;
        } else {
            double x0 = tf[o] * vx + tf[o + 1] * vy + tf[o + 2] * vz + tf[o + 9];
            double y0 = tf[o + 3] * vx + tf[o + 4] * vy + tf[o + 5] * vz + tf[o + 10];
            double z0 = tf[o + 6] * vx + tf[o + 7] * vy + tf[o + 8] * vz + tf[o + 11];
            double ex = (x0 - vx) * sx, ey = (y0 - vy) * sy, ez = (z0 - vz) * sz;
            double ux = tf[o + 12], uy = tf[o + 13], uz = tf[o + 14];
            if (room > 0 && ex * ex + ey * ey + ez * ez < room * room) {
                dk = 1.0;
            } else if (hasCellInside && same_inside_cell(cellInside, nx, ny, x0, y0, z0, ux, uy, uz, q)) {
                dk = 1.0;
            } else if (hasCellInside && lipschitz_inside(dist, nx, ny, x0, y0, z0, ux, uy, uz, q, mid, biasMm, inside,
                                                         lx * fabs(ux) * sx + ly * fabs(uy) * sy + lz * fabs(uz) * sz)) {
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
                        double d = trilinear(dist, nx, ny, cell, x, y, z) - biasMm;
                        int outside = d > inside;
                        if (outside && w != 0) atomic_add(&geo[k * q + t], w);
                        if (hasRel) dose = trilinear(rel, nx, ny, cell, x, y, z);
                        else if (sharp) dose = outside ? 0.0 : 1.0;
                        else dose = falloff(table, tableLength, invStep, outside ? d - offset : 0.0);
                    }
                    sum += dose;
                }
                dk = sum / q;
            }
        }
        acc += bio ? dk * (1 + df * dk / ab) : dk;
    }
    return acc / (bio ? n * (1 + df / ab) : (double) n);
}

/* Adds one point's dose and weight to the work-item's counts and the group's histogram. */
inline void tally(double dose, int w, int* below95, int* below90, double* lowest, int* unit, __local int* hist) {
    if (dose < 0.95) *below95 += w;
    if (dose < 0.90) *below90 += w;
    if (dose < *lowest) *lowest = dose;
    int b = dose_bin(dose);
    if (b == UNIT_BIN) *unit += w;
    else if (w != 0) atomic_add(&hist[b], w);
}

/* DelineationIntegral.missProbability, operation for operation. */
inline double miss_probability(__local const int* under, int first, int last, double share, int ranks, __global const long* weightThrough,
                               __global const double* mass) {
    double p = 0;
    long cum = 0;
    for (int r = first; r < ranks; r++) {
        if (r <= last) cum += under[r];
        long total = weightThrough[r];
        int miss = (double) (total - cum) < share * (double) total;
        if (miss) p += mass[r];
        else if (r >= last) break;
    }
    return fmin(1.0, p);
}

__kernel void miss_scenarios(
        __global const float* dist, __global const float* rel, int hasRel,
        __global const uchar* cellInside, int hasCellInside,
        int nx, int ny, double offset, double inside,
        __global const double* table, int tableLength, double invStep, int sharp,
        __global const int* cellStart, int cells, __global const float* xyz, __global const int* weight, __global const float* threshold,
        __global const float* skip, __global const float* radius,
        __global const int* prefixWeight, __global const float* prefixSkip, __global const float* prefixRadius,
        __global const float* surfaceXyz, __global const float* surfaceNormal, __global const float* surfaceSkip,
        __global const float* surfaceRadius, __global const float* surfaceBias, int surfaceCount,
        double sx, double sy, double sz,
        __global const int* scenarioWeight, __global const double* delineation, int n, int q,
        __global const double* tf, __global const double* driftReach, __global const double* move,
        int bio, double df, double ab, double lx, double ly, double lz,
        int hasIntegral, double upper, int ranks, __global const int* entryRank, __global const long* weightThrough, __global const double* mass,
        int firstScenario,
        __global int* outBelow95, __global int* outBelow90, __global double* outMin,
        __global double* outD95, __global double* outD98, __global double* outMaxGeo, __global double* outMeanGeo, __global float* outDvh,
        __global double* outP95, __global double* outP98,
        __global int* under, double underLevel, int countUnder,
        __local int* hist, __local int* geo, __local double* mins, __local int* c95, __local int* c90, __local int* ones,
        __local int* u95, __local int* u90) {
    const int j = firstScenario + get_group_id(0);
    const int lid = get_local_id(0), size = get_local_size(0);
    const int total = scenarioWeight[j];
    const double delta = delineation[j], shift = fabs(delta);
    /* the conditional estimator evaluates the entries up to the integral's reach; only those up to delta are tallied */
    const double upTo = hasIntegral ? fmax(delta, upper) : delta;
    /* a bound on every fraction's move of a point, as allA + allB·(distance from the isocentre) */
    double allA = 0, allB = 0;
    for (int k = 0; k < n; k++) {
        allA = fmax(allA, move[2 * (j * n + k)] + driftReach[j * n + k] * ((q - 0.5) / q));
        allB = fmax(allB, move[2 * (j * n + k) + 1]);
    }
    for (int b = lid; b < BINS; b += size) hist[b] = 0;
    for (int g = lid; g < n * q; g += size) geo[g] = 0;
    for (int r = lid; r < ranks; r += size) {
        u95[r] = 0;
        u90[r] = 0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    int below95 = 0, below90 = 0, unit = 0;
    double lowest = INFINITY;
    for (int cell = lid; cell < cells; cell += size) {
        int first = cellStart[cell], end = cellStart[cell + 1], count = 0, counted = 0;
        if (!(threshold[first] <= upTo)) break; /* cells come in order of their smallest threshold */
        while (first + count < end && threshold[first + count] <= upTo) count++;
        while (counted < count && threshold[first + counted] <= delta) counted++;
        int last = first + count - 1;
        if (unreached(allA, allB, prefixRadius[last], 0.0, prefixSkip[last])) {
            /* no move reaches the prefix's skip radius: every entry of it gets the unit dose, under no level */
            if (counted > 0) tally(unit_dose(n, bio, df, ab), prefixWeight[first + counted - 1], &below95, &below90, &lowest, &unit, hist);
            continue;
        }
        for (int i = first; i <= last; i++) {
            int in = i < first + counted;
            double dose = point_dose(SCENARIO, xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], 0.0, skip[i], radius[i], 0.0, in ? weight[i] : 0, geo);
            if (hasIntegral && dose < 0.95) {
                atomic_add(&u95[entryRank[i]], weight[i]);
                if (dose < 0.90) atomic_add(&u90[entryRank[i]], weight[i]);
            }
            if (in) tally(dose, weight[i], &below95, &below90, &lowest, &unit, hist);
            /* the coverage map's count: an entry of the true CTV under the level in this scenario */
            if (countUnder && in && dose < underLevel) atomic_inc(&under[i]);
        }
    }
    for (int i = lid; i < surfaceCount; i += size) {
        double vx = surfaceXyz[3 * i] + delta * surfaceNormal[3 * i];
        double vy = surfaceXyz[3 * i + 1] + delta * surfaceNormal[3 * i + 1];
        double vz = surfaceXyz[3 * i + 2] + delta * surfaceNormal[3 * i + 2];
        double dose = point_dose(SCENARIO, vx, vy, vz, shift, surfaceSkip[i], surfaceRadius[i], surfaceBias[i], 0, geo);
        tally(dose, 0, &below95, &below90, &lowest, &unit, hist);
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
        double need95 = 0.95 * total, need98 = 0.98 * total;
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
        /* the DVH as ScenarioOutcomes.cumulativeDvh computes it: from the top, stopping once every point is counted */
        long all = 0;
        int b = BINS - 1;
        for (; b >= 0; b--) {
            all += hist[b];
            if (b % DVH_STEP_BINS == 0) outDvh[(long) j * DVH_LEVELS + b / DVH_STEP_BINS] = total > 0 ? (float) ((double) all / total) : 0.0f;
            if (all == total) break;
        }
        for (int k = (b - 1) / DVH_STEP_BINS; b > 0 && k >= 0; k--) outDvh[(long) j * DVH_LEVELS + k] = total > 0 ? 1.0f : 0.0f;
        double maxGeo = 0, sumGeo = 0;
        for (int k = 0; k < n; k++) {
            int worst = 0;
            for (int t = 0; t < q; t++) worst = max(worst, geo[k * q + t]);
            double g = (double) worst / total;
            maxGeo = fmax(maxGeo, g);
            sumGeo += g;
        }
        outMaxGeo[j] = maxGeo;
        outMeanGeo[j] = sumGeo / n;
        if (hasIntegral) {
            int firstRank = -1, lastRank = -1;
            for (int r = 0; r < ranks; r++) {
                if (u95[r] != 0) {
                    if (firstRank < 0) firstRank = r;
                    lastRank = r;
                }
            }
            double p95 = 0, p98 = 0;
            if (lastRank >= 0) {
                p95 = miss_probability(u95, firstRank, lastRank, 0.95, ranks, weightThrough, mass);
                p98 = miss_probability(u90, firstRank, lastRank, 0.98, ranks, weightThrough, mass);
            }
            if (delta > upper) { /* above the reach, the sampled offset's own outcome */
                if (total - c95[0] < 0.95 * total) p95 += 1;
                if (total - c90[0] < 0.98 * total) p98 += 1;
            }
            outP95[j] = p95;
            outP98[j] = p98;
        }
    }
}
