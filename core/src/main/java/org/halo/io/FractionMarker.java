package org.halo.io;

import org.halo.image.Volume;

/**
 * How a fraction map keeps that meaning in a file: the description field (NIfTI descrip, NRRD content) starts with a
 * marker, so that reading it back gives a fractional structure even where its values happen to be all 0 or 1.
 */
final class FractionMarker {
    /** The marker Halo writes. */
    static final String MARKER = "halo-fraction:";

    private FractionMarker() {}

    /** True for a description Halo wrote for a fraction map (this marker, or the wording of earlier versions). */
    static boolean marks(String description) {
        return description != null && (description.startsWith(MARKER) || description.startsWith("Halo sub-voxel fraction")
                || description.startsWith("fraction of voxel inside ROI"));
    }

    /** The description to store for a volume: a fraction map's carries the marker. */
    static String description(Volume volume) {
        String d = volume.description();
        if (!volume.isFractionMap() || marks(d)) return d;
        return d == null ? MARKER : MARKER + " " + d;
    }
}
