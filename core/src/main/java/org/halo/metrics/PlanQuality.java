package org.halo.metrics;

/**
 * Plan-quality indices for a target and a prescription: coverage (V100), Paddick conformity index
 * (TV_PIV² / (TV · PIV), Paddick J Neurosurg 2000), RTOG conformity index (PIV / TV, Shaw et al. IJROBP 1993),
 * Paddick gradient index (PIV₅₀ / PIV, Paddick &amp; Lippitz J Neurosurg 2006) and the ICRU 83 homogeneity index
 * ((D2 − D98) / D50). PIV and PIV₅₀ are the volumes of the whole dose grid at or above 100 % and 50 % of the
 * prescription.
 */
public record PlanQuality(double rxGy, double targetCc, double targetCoveredCc, double coveragePct, double pivCc, double piv50Cc,
                          double paddickCi, double rtogCi, double gradientIndex, double homogeneityIndex) {
    /**
     * @param target the target's DVH
     * @param dose the whole dose grid
     * @param rxGy the prescription (Gy)
     * @return the indices
     */
    public static PlanQuality of(DoseVolumeHistogram target, DoseGrid dose, double rxGy) {
        if (!(rxGy > 0)) throw new IllegalArgumentException("prescription must be a positive dose in Gy");
        double tv = target.volumeCc();
        double tvPiv = target.volumeAtLeastCc(rxGy);
        double piv = dose.volumeAtLeastCc(rxGy);
        double piv50 = dose.volumeAtLeastCc(0.5 * rxGy);
        double d50 = target.doseAtVolumePct(50);
        return new PlanQuality(rxGy, tv, tvPiv, 100 * tvPiv / tv, piv, piv50,
                piv > 0 ? tvPiv * tvPiv / (tv * piv) : 0, piv / tv, piv > 0 ? piv50 / piv : Double.NaN,
                d50 > 0 ? (target.doseAtVolumePct(2) - target.doseAtVolumePct(98)) / d50 : Double.NaN);
    }
}
