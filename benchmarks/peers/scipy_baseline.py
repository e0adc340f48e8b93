#!/usr/bin/env python3
"""SciPy baseline for the MarginBenchmark phantom: the same five spheres on the same grid, the same 5 mm margin.

Prints the PTV voxel count (to compare with Halo's voxel for voxel count) and the wall time of
distance_transform_edt(~ctv, sampling) <= m, median of 3 runs. Needs python3-scipy (Debian package).
"""
import statistics
import sys
import time

import numpy as np
from scipy import ndimage

nx, ny, nz, sx, sy, sz = 512, 512, 200, 0.5, 0.5, 1.0
spheres = [(128.3, 127.9, 100.2, 35), (60.2, 70.4, 50.3, 15), (190.1, 80.3, 140.4, 22), (80.4, 190.2, 160.1, 10), (180.2, 190.1, 60.3, 25)]
margin = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0

ctv = np.zeros((nz, ny, nx), bool)
for cx, cy, cz, r in spheres:
    k0, k1 = max(0, int(np.floor((cz - r) / sz))), min(nz - 1, int(np.ceil((cz + r) / sz)))
    j0, j1 = max(0, int(np.floor((cy - r) / sy))), min(ny - 1, int(np.ceil((cy + r) / sy)))
    i0, i1 = max(0, int(np.floor((cx - r) / sx))), min(nx - 1, int(np.ceil((cx + r) / sx)))
    k, j, i = np.meshgrid(np.arange(k0, k1 + 1), np.arange(j0, j1 + 1), np.arange(i0, i1 + 1), indexing="ij")
    inside = (i * sx - cx) ** 2 + (j * sy - cy) ** 2 + (k * sz - cz) ** 2 <= r * r
    ctv[k0:k1 + 1, j0:j1 + 1, i0:i1 + 1] |= inside
times = []
for _ in range(3):
    t0 = time.perf_counter()
    ptv = ndimage.distance_transform_edt(~ctv, sampling=(sz, sy, sx)) <= margin
    times.append(time.perf_counter() - t0)
print(f"ctv_voxels {int(ctv.sum())} ptv_voxels {int(ptv.sum())} margin_mm {margin} "
      f"scipy_median_s {statistics.median(times):.2f} runs_s {' '.join(f'{t:.2f}' for t in times)}")
