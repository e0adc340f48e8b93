package org.halo.clinical.miss;

import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.Backend;
import org.halo.geometry.DistanceTransform;
import org.halo.geometry.SurfaceDistance;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The lattice: the CTV grid's voxel centres in the CTV's (and the PTV's) bounding box grown by the reach, with the
 * CTV cropped onto it, the exact distance to the dose-shaping set (the CTV for a margin, the PTV otherwise), the
 * CTV's signed distance, and the PTV as voxel centres (for the smooth model, also the CTV's surface field).
 */
record MissLattice(Grid grid, float[] distanceMm, float[] signedMm, byte[] ptv, double ptvCc, SurfaceDistance.Field surface) {
    static MissLattice around(MissTarget target, double reachMm, double shapeReach, Backend backend) {
        Mask ctv = target.ctv();
        Grid g = ctv.grid();
        double[] sp = g.spacingMm();
        Interval box = ctv.bounds();
        if (target instanceof MissTarget.WithPtv wp) {
            if (wp.ptv().isEmpty()) throw new IllegalArgumentException("the PTV is empty");
            box = Intervals.union(box, wp.ptv().bounds());
        }
        long[] pad = new long[3];
        for (int a = 0; a < 3; a++) {
            if (!(reachMm / sp[a] < 100_000)) {
                throw new IllegalArgumentException("the errors reach " + Math.round(reachMm) + " mm: the lattice would be too large; check the error SDs");
            }
            pad[a] = (long) Math.ceil(reachMm / sp[a]) + 1;
        }
        // Not clipped to the grid: the lattice reaches wherever a displaced point can go (outside the grid is empty).
        Interval lattice0 = Intervals.expand(box, pad);
        int[] lo = new int[3], size = new int[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = (int) lattice0.min(a);
            size[a] = (int) lattice0.dimension(a);
        }
        long cells = (long) size[0] * size[1] * size[2];
        if (cells > 60_000_000L) {
            throw new IllegalArgumentException("the errors reach " + Math.round(reachMm) + " mm: a " + size[0] + "×" + size[1] + "×" + size[2]
                    + " lattice is too large; check the error SDs");
        }
        Grid lattice = new Grid(size, sp, g.indexToPatientMm(lo[0], lo[1], lo[2]), g.direction());
        Mask ctvL = MissProblem.crop(ctv, lattice, lo);
        Mask shapeL = target instanceof MissTarget.WithPtv wp ? MissProblem.crop(wp.ptv(), lattice, lo) : ctvL;
        DistanceTransform dt = new DistanceTransform(backend);
        float[] dOut = dt.outsideMm(shapeL);
        float[] sdf = dt.signedMm(ctvL);
        // The PTV on the lattice (for the exact skip of points that no scenario moves out of it) and its volume.
        double inside = shapeReach * (1 + MissProblem.TIE) + 1e-9;
        byte[] ptvBytes = new byte[lattice.voxelCount()];
        long ptvCount = 0;
        for (int i = 0; i < ptvBytes.length; i++) {
            if (dOut[i] <= inside) {
                ptvBytes[i] = 1;
                ptvCount++;
            }
        }
        return new MissLattice(lattice, dOut, sdf, ptvBytes, ptvCount * g.voxelVolumeMm3() / 1000.0, null);
    }
}
