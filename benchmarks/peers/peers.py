#!/usr/bin/env python3
"""Helpers for compare.sh: make the standard cases, run SciPy's margin, compare PTVs voxel for voxel.

  peers.py make DIR            write the cases as NIfTI (uncompressed) into DIR
  peers.py scipy IN OUT MARGIN  PTV = distance_transform_edt(~ctv, sampling) <= margin, written as NIfTI
  peers.py same A B            exit 0 when the two masks are identical voxel for voxel, else print the difference
"""
import sys

import nibabel as nib
import numpy as np

CASES = {
    # name: (size x, y, z), spacing mm, kind
    "five-spheres": ((512, 512, 200), (0.5, 0.5, 1.0), "spheres"),
    "single-ctv": ((512, 512, 200), (0.5, 0.5, 1.0), "single"),
    "thick-slices": ((256, 256, 100), (1.0, 1.0, 3.0), "spheres"),
    "scattered": ((512, 512, 300), (0.8, 0.8, 1.0), "scattered"),
}
SPHERES = [(128.3, 127.9, 100.2, 35), (60.2, 70.4, 50.3, 15), (190.1, 80.3, 140.4, 22), (80.4, 190.2, 160.1, 10), (180.2, 190.1, 60.3, 25)]


def ball(mask, spacing, cx, cy, cz, r):
    nx, ny, nz = mask.shape
    sx, sy, sz = spacing
    i0, i1 = max(0, int(np.floor((cx - r) / sx))), min(nx - 1, int(np.ceil((cx + r) / sx)))
    j0, j1 = max(0, int(np.floor((cy - r) / sy))), min(ny - 1, int(np.ceil((cy + r) / sy)))
    k0, k1 = max(0, int(np.floor((cz - r) / sz))), min(nz - 1, int(np.ceil((cz + r) / sz)))
    i, j, k = np.meshgrid(np.arange(i0, i1 + 1), np.arange(j0, j1 + 1), np.arange(k0, k1 + 1), indexing="ij")
    inside = (i * sx - cx) ** 2 + (j * sy - cy) ** 2 + (k * sz - cz) ** 2 <= r * r
    mask[i0:i1 + 1, j0:j1 + 1, k0:k1 + 1] |= inside


def make(directory):
    for name, (size, spacing, kind) in CASES.items():
        m = np.zeros(size, dtype=bool)  # x, y, z order, as NIfTI stores it
        extent = [n * s for n, s in zip(size, spacing)]
        if kind == "spheres":
            for cx, cy, cz, r in SPHERES:
                ball(m, spacing, cx * extent[0] / 256, cy * extent[1] / 256, cz * extent[2] / 200, r)
        elif kind == "single":
            ball(m, spacing, extent[0] * 0.47, extent[1] * 0.52, extent[2] * 0.49, 15)
        else:
            rng = np.random.default_rng(20261126)
            m = rng.random(size) < 0.001
        affine = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])  # LPS axes, as Halo writes
        nib.save(nib.Nifti1Image(m.astype(np.uint8), affine), f"{directory}/{name}.nii")
        print(name, "x".join(map(str, size)), "@", "x".join(map(str, spacing)), "mm,", int(m.sum()), "CTV voxels")


def scipy_margin(src, dst, margin):
    img = nib.load(src)
    ctv = np.asarray(img.dataobj) != 0
    spacing = img.header.get_zooms()[:3]
    ptv = ndimage_edt(~ctv, spacing) <= float(margin)
    nib.save(nib.Nifti1Image(ptv.astype(np.uint8), img.affine), dst)


def ndimage_edt(x, spacing):
    from scipy import ndimage
    return ndimage.distance_transform_edt(x, sampling=spacing)


def same(a, b):
    x = np.asarray(nib.load(a).dataobj) != 0
    y = np.asarray(nib.load(b).dataobj) != 0
    if x.shape != y.shape:
        print("shapes differ", x.shape, y.shape)
        return 1
    diff = int((x != y).sum())
    if diff:
        print(f"{diff} voxels differ ({int(x.sum())} vs {int(y.sum())})")
        return 1
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "scipy":
        scipy_margin(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "same":
        sys.exit(same(sys.argv[2], sys.argv[3]))
