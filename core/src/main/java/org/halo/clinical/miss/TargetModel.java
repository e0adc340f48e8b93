package org.halo.clinical.miss;

import org.halo.clinical.guideline.Token;

/**
 * What the geographic-miss model takes the target to be (docs/clinical.md, "The target's smooth surface").
 * <ul>
 *   <li>{@link #SMOOTH}: the smooth surface the mask implies. Evaluation points sample the continuous CTV by volume, the
 *       surface itself is sampled for the minimum dose, and distances are to the smooth surface, so the risk does not
 *       depend on the grid the mask was drawn on.
 *   <li>{@link #VOXEL_CENTRE}: the mask's voxel centres, and the PTV of margin m the voxel centres within m of them, as
 *       {@code halo expand} without sub-voxel mode. Reproduces a voxel-centre PTV exactly; depends on the grid.
 * </ul>
 */
public enum TargetModel implements Token {
    /** The smooth surface the mask implies: grid-independent (the default). */
    SMOOTH("smooth", "the smooth surface the mask implies"),
    /** The mask's voxel centres, as voxel-based tools read a structure. */
    VOXEL_CENTRE("voxel-centre", "the mask's voxel centres");

    private final String token, label;

    TargetModel(String token, String label) {
        this.token = token;
        this.label = label;
    }

    @Override
    public String token() {
        return token;
    }

    /** {@return the model in words} */
    public String label() {
        return label;
    }
}
