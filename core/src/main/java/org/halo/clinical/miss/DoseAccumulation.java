package org.halo.clinical.miss;

/** How fraction doses add up: physical dose, or BED with this dose per fraction and α/β (both Gy). */
public record DoseAccumulation(double dosePerFractionGy, double alphaBetaGy) {
    /** Physical dose, added up over the fractions. */
    public static final DoseAccumulation PHYSICAL = new DoseAccumulation(0, 0);

    /**
     * Checks the doses.
     *
     * @param dosePerFractionGy the planned dose per fraction (Gy)
     * @param alphaBetaGy α/β (Gy); 0 for physical dose
     */
    public DoseAccumulation {
        if (alphaBetaGy < 0 || dosePerFractionGy < 0) throw new IllegalArgumentException("dose per fraction and α/β must be >= 0 Gy");
        if (alphaBetaGy > 0 && !(dosePerFractionGy > 0)) throw new IllegalArgumentException("BED needs the dose per fraction (give the prescription)");
    }
}
