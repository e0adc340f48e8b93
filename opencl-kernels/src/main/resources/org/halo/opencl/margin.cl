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

/*
 * Along x, one work-item per voxel (adjacent work-items write adjacent floats): the nearest site at or before x and at
 * or after x, found in the row's packed bits. The search stops where even the nearest voxel of the next byte would cost
 * more than the clamp, which is exactly where the row-sweep formulation would have written infinity.
 */
__kernel void pass_x(__global const uchar* bits, int rowBytes, int bx, int rows, __global float* field,
                     double wPos, double wNeg, double clamp) {
    int i = get_global_id(0);
    if (i >= bx * rows) return;
    int row = i / bx;
    int x = i - row * bx;
    __global const uchar* rb = bits + (size_t) row * rowBytes;
    float best = INFINITY;
    int at = x >> 3;
    uint m = (uint) rb[at] & ((2u << (x & 7)) - 1u);
    for (;;) {
        if (m != 0u) {
            int s = at * 8 + (31 - (int) clz(m));
            double c = halo_cost(x - s, wPos, wNeg);
            best = c > clamp ? INFINITY : (float) c;
            break;
        }
        if (--at < 0 || halo_cost(x - (at * 8 + 7), wPos, wNeg) > clamp) break;
        m = (uint) rb[at];
    }
    at = x >> 3;
    m = (uint) rb[at] & (0xFFu << (x & 7)) & 0xFFu;
    for (;;) {
        if (m != 0u) {
            int s = at * 8 + (31 - (int) clz(m & (0u - m)));
            double c = halo_cost(x - s, wPos, wNeg);
            float cf = c > clamp ? INFINITY : (float) c;
            if (cf < best) best = cf;
            break;
        }
        if (++at >= rowBytes || halo_cost(x - at * 8, wPos, wNeg) > clamp) break;
        m = (uint) rb[at];
    }
    field[i] = best;
}

/*
 * Lower envelope along y or z, one work-item per line; adjacent work-items take adjacent x, so every step reads
 * consecutive addresses. The envelope (site index, its cost, crossing) lives in global scratch, element i of line g at
 * i * lineCount + g; its top entry and the next crossing also stay in registers, so that global memory is read only when
 * the envelope shrinks or the sweep moves to the next parabola (a GPU otherwise waits on a load at every voxel). Column
 * values are loaded eight at a time for the same reason. The arithmetic is that of LowerEnvelope, operation for
 * operation. With writeMask the pass is the last one and writes 1/0 bytes (lower < cost <= threshold) instead.
 */
__kernel void pass_line(__global const float* in, __global float* out, __global uchar* outMask, int writeMask,
                        int n, int stride, int bx, int outerStride, int lineOffset, int lineCount,
                        __global int* vs, __global float* fs, __global double* zs, double wPos, double wNeg, double clamp,
                        double threshold, double lower) {
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
    if (k < 0) {
        for (int i = 0; i < n; i++) {
            if (writeMask) outMask[base + (size_t) i * stride] = 0;
            else out[base + (size_t) i * stride] = INFINITY;
        }
        return;
    }
    int j = 0;
    int vj = vs[g];
    double fvj = (double) fs[g];
    double zNext = k > 0 ? zs[(size_t) lineCount + g] : INFINITY;
    for (int i = 0; i < n; i++) {
        while (zNext < (double) i) {
            j++;
            size_t e = (size_t) j * lineCount + g;
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
