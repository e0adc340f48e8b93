package org.halo.clinical.miss;

import java.util.Arrays;
import org.halo.image.Grid;
import org.halo.image.Volume;

/**
 * Where in the target the misses happen: on the CTV's grid, for every voxel the true CTV can reach, the probability over
 * the scenarios that a point there receives less than the coverage level, given that it belongs to the true CTV. A
 * voxel outside the delineated CTV is thereby weighted by how often the true CTV reaches it. Voxels no point reaches
 * hold 0.
 *
 * <p>Each voxel pools the evaluation points in it, weighted by their volume: Σ w·(scenarios under) / Σ w·(scenarios
 * that include the point). With no delineation offsets every point is included in every scenario, and the map times
 * each voxel's share of the CTV, summed, is the mean under-dosed volume.
 */
public final class CoverageMap {
    private CoverageMap() {}

    /**
     * The map of a problem from its points' counts.
     *
     * @param p the problem whose points were counted
     * @param under per depth-band entry, the scenarios in which it received less than the level
     * @param ctvGrid the grid of the map (the CTV's)
     * @param description what the map holds, in words
     * @return float32 probabilities (0–1) on the CTV's grid
     */
    public static Volume of(MissProblem p, int[] under, Grid ctvGrid, String description) {
        EvaluationPoints e = p.points();
        double[] deltas = p.delineationMm().clone();
        Arrays.sort(deltas);
        double[] num = new double[ctvGrid.voxelCount()], den = new double[ctvGrid.voxelCount()];
        float[] xyz = e.xyz(), thr = e.threshold();
        int[] w = e.weight();
        for (int i = 0; i < e.entries(); i++) {
            double[] mm = p.lattice().indexToPatientMm(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
            double[] idx = ctvGrid.patientMmToIndex(mm[0], mm[1], mm[2]);
            long vi = Math.round(idx[0]), vj = Math.round(idx[1]), vk = Math.round(idx[2]);
            if (vi < 0 || vj < 0 || vk < 0 || vi >= ctvGrid.size(0) || vj >= ctvGrid.size(1) || vk >= ctvGrid.size(2)) continue;
            int v = ctvGrid.index((int) vi, (int) vj, (int) vk);
            num[v] += (double) w[i] * under[i];
            den[v] += (double) w[i] * including(deltas, thr[i]);
        }
        float[] map = new float[ctvGrid.voxelCount()];
        for (int v = 0; v < map.length; v++) map[v] = den[v] > 0 ? (float) (num[v] / den[v]) : 0f;
        return Volume.ofFloats(ctvGrid, map).withDescription(description);
    }

    /** The scenarios whose delineation offset includes a point of this threshold (δ ≥ threshold), from the sorted offsets. */
    static int including(double[] sortedDeltas, double threshold) {
        int lo = 0, hi = sortedDeltas.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedDeltas[mid] < threshold) lo = mid + 1;
            else hi = mid;
        }
        return sortedDeltas.length - lo;
    }
}
