/*
 * Halo margin kernels: the separable exact minimum-cost transform of org.halo.compute.CpuBackend, operation for
 * operation, so that every voxel is decided identically on both paths. OpenCL C 1.2 plus cl_khr_fp64.
 *
 * Layout: the field covers the problem's box, x fastest. Costs between passes are float; parabola crossings, the
 * costs of the last pass and the threshold test are double. No fast-math and no contraction into fma: Java
 * evaluates (w * d) * d and a + b separately, and so must we.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

inline double halo_cost(int delta, double wPos, double wNeg) {
    if (delta == 0) return 0.0;
    double d = (double) delta;
    return (delta > 0 ? wPos : wNeg) * d * d;
}

inline double halo_cross_symmetric(int p, double fp, int q, double fq, double w) {
    return ((fq + w * (double) q * (double) q) - (fp + w * (double) p * (double) p)) / (2.0 * w * (double) (q - p));
}

/* See LowerEnvelope.crossing: the three regions of an asymmetric parabola crossing. */
inline double halo_crossing(int p, double fp, int q, double fq, double wPos, double wNeg) {
    double len = (double) (q - p);
    double df = fq - fp;
    double atP = df + wNeg * len * len;
    if (atP <= 0.0) return 0.5 * (double) (p + q) + df / (2.0 * wNeg * len);
    double atQ = df - wPos * len * len;
    if (atQ > 0.0) return 0.5 * (double) (p + q) + df / (2.0 * wPos * len);
    if (isinf(wNeg)) return (double) q - 0.5;
    if (isinf(wPos)) return (double) p + 0.5;
    if (wNeg == wPos) return (double) p + (wNeg * len * len + df) / (2.0 * wNeg * len);
    double a = wNeg - wPos;
    double b = -2.0 * wNeg * len;
    double c = atP;
    double disc = b * b - 4.0 * a * c;
    if (disc < 0.0) disc = 0.0;
    double qq = 0.5 * (-b + sqrt(disc));
    double t1 = c / qq;
    double t = (t1 >= 0.0 && t1 <= len) ? t1 : qq / a;
    if (t < 0.0) t = 0.0;
    if (t > len) t = len;
    return (double) p + t;
}

/* The field index of the first voxel of byte b of row row, and how many of the row's voxels that byte holds. */
inline int halo_byte_start(int item, int rowBytes, int bx) {
    int row = item / rowBytes;
    return row * bx + 8 * (item - row * rowBytes);
}

inline int halo_byte_voxels(int item, int rowBytes, int bx) {
    return min(8, bx - 8 * (item % rowBytes));
}

/*
 * Along x, one work-item per byte of a row's packed bits (eight voxels). The nearest sites before and after the byte
 * are searched once for all eight; the search stops where even the byte's nearest voxel would cost more than the clamp,
 * which is exactly where the row-sweep formulation would have written infinity (cost grows with distance on each side).
 * A voxel's cost is that of its nearest site on the left or on the right, whichever is smaller, so every value equals
 * the one-voxel-at-a-time search. The work-group's voxels are contiguous in the field: they are staged in local memory
 * and written back by consecutive work-items, so that every store is coalesced. Local size at most 64.
 */
__kernel void pass_x(__global const uchar* bits, int rowBytes, int bx, int rows, __global float* field,
                     double wPos, double wNeg, double clamp) {
    __local float tile[8 * 64];
    int lsz = (int) get_local_size(0);
    int lid = (int) get_local_id(0);
    int items = rows * rowBytes;
    int first = (int) get_group_id(0) * lsz;
    int last = min(first + lsz, items) - 1;
    int groupStart = halo_byte_start(first, rowBytes, bx);
    int groupVoxels = halo_byte_start(last, rowBytes, bx) + halo_byte_voxels(last, rowBytes, bx) - groupStart;
    int i = first + lid;
    if (i < items) {
        int row = i / rowBytes;
        int b = i - row * rowBytes;
        int x0 = 8 * b;
        int nv = min(8, bx - x0);
        __global const uchar* rb = bits + (size_t) row * rowBytes;
        uint m = (uint) rb[b];
        int before = -1, after = -1;
        for (int at = b - 1; at >= 0 && halo_cost(x0 - (at * 8 + 7), wPos, wNeg) <= clamp; at--) {
            uint p = (uint) rb[at];
            if (p != 0u) { before = at * 8 + (31 - (int) clz(p)); break; }
        }
        for (int at = b + 1; at < rowBytes && halo_cost(x0 + nv - 1 - at * 8, wPos, wNeg) <= clamp; at++) {
            uint p = (uint) rb[at];
            if (p != 0u) { after = at * 8 + (31 - (int) clz(p & (0u - p))); break; }
        }
        int local0 = halo_byte_start(i, rowBytes, bx) - groupStart;
        for (int u = 0; u < nv; u++) {
            int x = x0 + u;
            float best = INFINITY;
            uint left = m & ((2u << u) - 1u);
            int s = left != 0u ? x0 + (31 - (int) clz(left)) : before;
            if (s >= 0) {
                double c = halo_cost(x - s, wPos, wNeg);
                best = c > clamp ? INFINITY : (float) c;
            }
            uint right = m & (0xFFu << u) & 0xFFu;
            s = right != 0u ? x0 + (31 - (int) clz(right & (0u - right))) : after;
            if (s >= 0) {
                double c = halo_cost(x - s, wPos, wNeg);
                float cf = c > clamp ? INFINITY : (float) c;
                if (cf < best) best = cf;
            }
            tile[local0 + u] = best;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = lid; k < groupVoxels; k += lsz) field[(size_t) groupStart + k] = tile[k];
}

/*
 * Lower envelopes along y or z (or x from starting costs), in two kernels: envelope_lines builds each line's envelope,
 * one work-item per line (the construction is sequential), and sweep_lines reads it back, several work-items per line,
 * each writing one segment of the line. Adjacent work-items take adjacent lines (adjacent x for y and z), so every
 * step reads and writes consecutive addresses. The envelope (site index, its cost, crossing) lives in global scratch,
 * element i of line g at i * lineCount + g, its length in ks[g] (-1: no finite sample). The arithmetic is that of
 * LowerEnvelope, operation for operation.
 */
__kernel void envelope_lines(__global const float* in, int n, int stride, int bx, int outerStride, int lineOffset,
                             int lineCount, __global int* vs, __global float* fs, __global double* zs, __global int* ks,
                             double wPos, double wNeg) {
    int g = get_global_id(0);
    if (g >= lineCount) return;
    int line = lineOffset + g;
    int x = line % bx;
    int o = line / bx;
    size_t base = (size_t) o * (size_t) outerStride + (size_t) x;
    int symmetric = wPos == wNeg;
    int k = -1;
    int vTop = 0;
    double fTop = 0.0, zTop = -INFINITY;
    /* The top entry stays in registers and columns are loaded eight at a time: a GPU otherwise waits on a load at every voxel. */
    for (int q0 = 0; q0 < n; q0 += 8) {
        float f[8];
#pragma unroll
        for (int u = 0; u < 8; u++) f[u] = q0 + u < n ? in[base + (size_t) (q0 + u) * stride] : INFINITY;
#pragma unroll
        for (int u = 0; u < 8; u++) {
            if (isinf(f[u])) continue;
            int q = q0 + u;
            double fq = (double) f[u];
            double s = -INFINITY;
            while (k >= 0) {
                s = symmetric ? halo_cross_symmetric(vTop, fTop, q, fq, wPos) : halo_crossing(vTop, fTop, q, fq, wPos, wNeg);
                if (s > zTop) break;
                k--;
                if (k >= 0) {
                    size_t e = (size_t) k * lineCount + g;
                    vTop = vs[e];
                    fTop = (double) fs[e];
                    zTop = zs[e];
                }
            }
            k++;
            vTop = q;
            fTop = fq;
            zTop = k == 0 ? -INFINITY : s;
            size_t e = (size_t) k * lineCount + g;
            vs[e] = vTop;
            fs[e] = f[u];
            zs[e] = zTop;
        }
    }
    ks[g] = k;
}

/*
 * Work-item t writes voxels [seg * segment, (seg + 1) * segment) of line g, t = seg * lineCount + g. The sequential
 * sweep would reach voxel i with the last parabola j whose crossing z[j] lies below i; crossings strictly increase along
 * the envelope, so a binary search finds that same j, and from there the sweep is the sequential one. With writeMask the
 * pass is the last one and writes 1/0 bytes (lower < cost <= threshold) instead.
 */
__kernel void sweep_lines(__global float* out, __global uchar* outMask, int writeMask, int n, int segment, int stride,
                          int bx, int outerStride, int lineOffset, int lineCount, __global const int* vs,
                          __global const float* fs, __global const double* zs, __global const int* ks, double wPos,
                          double wNeg, double clamp, double threshold, double lower) {
    int t = get_global_id(0);
    int segments = (n + segment - 1) / segment;
    if (t >= lineCount * segments) return;
    int g = t % lineCount;
    int seg = t / lineCount;
    int line = lineOffset + g;
    int x = line % bx;
    int o = line / bx;
    size_t base = (size_t) o * (size_t) outerStride + (size_t) x;
    int i0 = seg * segment;
    int i1 = min(n, i0 + segment);
    int k = ks[g];
    if (k < 0) {
        for (int i = i0; i < i1; i++) {
            if (writeMask) outMask[base + (size_t) i * stride] = 0;
            else out[base + (size_t) i * stride] = INFINITY;
        }
        return;
    }
    int j = 0, hi = k;
    while (j < hi) {
        int mid = (j + hi + 1) >> 1;
        if (zs[(size_t) mid * lineCount + g] < (double) i0) j = mid;
        else hi = mid - 1;
    }
    size_t e = (size_t) j * lineCount + g;
    int vj = vs[e];
    double fvj = (double) fs[e];
    double zNext = j < k ? zs[e + lineCount] : INFINITY;
    for (int i = i0; i < i1; i++) {
        while (zNext < (double) i) {
            j++;
            e = (size_t) j * lineCount + g;
            vj = vs[e];
            fvj = (double) fs[e];
            zNext = j < k ? zs[e + lineCount] : INFINITY;
        }
        double value = fvj + halo_cost(i - vj, wPos, wNeg);
        if (writeMask) outMask[base + (size_t) i * stride] = (value <= threshold && value > lower) ? 1 : 0;
        else out[base + (size_t) i * stride] = value > clamp ? INFINITY : (float) value;
    }
}

/* When x is the only axis that moves: threshold the x-pass field directly. */
__kernel void threshold_field(__global const float* field, __global uchar* mask, int count, double threshold, double lower) {
    int i = get_global_id(0);
    if (i >= count) return;
    double v = (double) field[i];
    mask[i] = (v <= threshold && v > lower) ? 1 : 0;
}

/* Eight 0/1 bytes to one byte, bit b = voxel 8i + b, for the trip back to the host. */
__kernel void pack_bits(__global const uchar* mask, __global uchar* bits, int count) {
    int i = get_global_id(0);
    int first = i * 8;
    if (first >= count) return;
    uchar v = 0;
    for (int b = 0; b < 8 && first + b < count; b++) v |= (uchar) ((mask[first + b] & 1) << b);
    bits[i] = v;
}
