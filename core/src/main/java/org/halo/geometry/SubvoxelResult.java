package org.halo.geometry;

import java.util.List;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * A sub-voxel margin: the fraction (0…1) of each output voxel inside the result, held for the box of output voxels it
 * touches (x fastest); every voxel outside the box is 0.
 */
public record SubvoxelResult(Grid grid, int[] boxLo, int[] boxSize, float[] fractions, List<String> warnings) {
    /**
     * Σ fraction × voxel volume (cc).
     *
     * @return the volume (cc)
     */
    public double volumeCc() {
        double s = 0;
        for (float f : fractions) s += f;
        return s * grid.voxelVolumeMm3() / 1000.0;
    }

    /**
     * The fraction of the output voxel (i, j, k), 0 outside the box.
     *
     * @param i x index
     * @param j y index
     * @param k z index
     * @return the fraction (0–1)
     */
    public float fractionAt(int i, int j, int k) {
        int x = i - boxLo[0], y = j - boxLo[1], z = k - boxLo[2];
        if (x < 0 || y < 0 || z < 0 || x >= boxSize[0] || y >= boxSize[1] || z >= boxSize[2]) return 0;
        return fractions[x + boxSize[0] * (y + boxSize[1] * z)];
    }

    /**
     * The binary result on the output grid, volume-preserving: voxels are taken in decreasing order of their fraction
     * until their volume reaches the fractional volume (so the cut lies near a half and the binary volume matches the
     * sub-voxel one to within the voxels sharing one fraction level; on thick slices a fixed cut at 0.5 can miss by
     * half a slice of cap).
     *
     * @return the mask
     */
    public Mask binary() {
        int[] histogram = new int[1025];
        double total = 0;
        for (float f : fractions) {
            total += f;
            if (f > 0) histogram[Math.round(f * 1024)]++;
        }
        // The smallest fraction level whose voxels, with all above, reach the total.
        int level = 1024;
        long taken = 0;
        while (level > 0 && taken + histogram[level] <= total + 0.5) {
            taken += histogram[level];
            level--;
        }
        if (level > 0 && Math.abs(taken + histogram[level] - total) < Math.abs(taken - total)) level--;
        int cut = Math.max(1, Math.min(1024, level + 1));
        Mask m = Mask.empty(grid);
        byte[] v = m.voxels();
        forEach((gridIndex, f) -> {
            if (Math.round(f * 1024) >= cut) v[gridIndex] = 1;
        });
        return m;
    }

    /**
     * The fractions as a float32 volume on the whole output grid.
     *
     * @return the fractions, float32, marked as a fraction map
     */
    public Volume fractionsVolume() {
        float[] all = new float[grid.voxelCount()];
        forEach((gridIndex, f) -> all[gridIndex] = f);
        return Volume.ofFloats(grid, all).asFractionMap("sub-voxel fraction inside (0-1)");
    }

    private interface Visitor {
        void visit(int gridIndex, float fraction);
    }

    private void forEach(Visitor v) {
        for (int z = 0; z < boxSize[2]; z++) {
            for (int y = 0; y < boxSize[1]; y++) {
                for (int x = 0; x < boxSize[0]; x++) {
                    float f = fractions[x + boxSize[0] * (y + boxSize[1] * z)];
                    if (f != 0) v.visit(grid.index(boxLo[0] + x, boxLo[1] + y, boxLo[2] + z), f);
                }
            }
        }
    }
}
