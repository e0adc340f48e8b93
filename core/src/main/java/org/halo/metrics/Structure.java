package org.halo.metrics;

import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * A structure as occupancy per voxel: 0/1 from a mask, or fractions (0…1) from a fractional conversion (DICOM
 * {@code --fractional}). Binary masks get partial volumes at their boundary from the mask itself (see
 * {@link DoseVolumeHistogram}).
 */
public final class Structure {
    private final String name;
    private final Grid grid;
    private final float[] occupancy;
    private final boolean binary;

    private Structure(String name, Grid grid, float[] occupancy, boolean binary) {
        this.name = name;
        this.grid = grid;
        this.occupancy = occupancy;
        this.binary = binary;
    }

    /**
     * A binary structure.
     *
     * @param name its name
     * @param mask its voxels
     * @return the structure
     */
    public static Structure of(String name, Mask mask) {
        byte[] v = mask.voxels();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return new Structure(name, mask.grid(), f, true);
    }

    /**
     * A volume Halo marked as fractions is fractional; otherwise one that is binary (0 and one other value) becomes a
     * mask, and any other must hold fractions 0…1.
     *
     * @param name its name
     * @param volume a mask or a fraction map
     * @return the structure
     */
    public static Structure of(String name, Volume volume) {
        volume.requireFinite("structure '" + name + "'");
        double[] range = volume.range();
        Volume.Values values = volume.values();
        int n = volume.grid().voxelCount();
        boolean binary = !volume.isFractionMap();
        double other = Double.NaN;
        for (int i = 0; i < n && binary; i++) {
            double x = values.at(i);
            if (x == 0) continue;
            if (Double.isNaN(other)) other = x;
            else if (x != other) binary = false;
        }
        if (binary) return of(name, Mask.fromVolume(volume, null));
        if (range[0] < 0 || range[1] > 1 + 1e-6) {
            throw new IllegalArgumentException("structure '" + name + "' is neither binary nor fractional (values " + range[0] + " … " + range[1] + ")");
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) values.at(i);
        return new Structure(name, volume.grid(), f, false);
    }

    /** {@return the structure's name} */
    public String name() {
        return name;
    }

    /** {@return the structure's grid} */
    public Grid grid() {
        return grid;
    }

    /** {@return each voxel's fraction inside (0–1), x fastest} */
    public float[] occupancy() {
        return occupancy;
    }

    /** {@return true when every voxel is wholly in or out} */
    public boolean isBinary() {
        return binary;
    }

    /** {@return the volume (cc)} */
    public double volumeCc() {
        double s = 0;
        for (float f : occupancy) s += f;
        return s * grid.voxelVolumeMm3() / 1000.0;
    }

    /**
     * The voxels with any occupancy, as a mask.
     *
     * @return the mask
     */
    public Mask support() {
        byte[] m = new byte[occupancy.length];
        for (int i = 0; i < m.length; i++) m[i] = occupancy[i] > 0 ? (byte) 1 : 0;
        return Mask.wrap(grid, m);
    }
}
