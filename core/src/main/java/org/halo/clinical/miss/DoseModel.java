package org.halo.clinical.miss;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.halo.metrics.DoseGrid;

/**
 * The planned dose relative to the prescription, as a function of position (docs/clinical.md, "Dose"). Analytic models
 * give 1 inside the PTV and fall off with the distance s (mm) outside its surface; an imported dose grid is read by
 * trilinear interpolation (static dose cloud). Shifting the patient by +T relative to the beam is the same as reading
 * the dose at x + T.
 */
public sealed interface DoseModel {
    /** Van Herk's SRS penumbra SD used by the analytic recipes when the model does not define one [A]. */
    double DEFAULT_PENUMBRA_MM = 2.0;

    /** d = 2^(−s/G50). With {@code g50Mm} null, G50 = r_eff·(GI^(1/3) − 1) from the PTV's equivalent-sphere radius. */
    record Exponential(Double g50Mm, Double gradientIndex) implements DoseModel {
        /**
         * Checks G50 and the gradient index.
         *
         * @param g50Mm G50 (mm), or null to derive it from the PTV
         * @param gradientIndex the gradient index, or null for the default by size
         */
        public Exponential {
            if (g50Mm != null && !(g50Mm > 0)) throw new IllegalArgumentException("G50 must be > 0 mm");
            if (gradientIndex != null && !(gradientIndex > 1)) throw new IllegalArgumentException("the gradient index must be > 1");
        }

        /**
         * G50 (mm) for a PTV of this volume.
         *
         * @param ptvCc the PTV's volume (cc)
         * @return G50 (mm)
         */
        public double g50Mm(double ptvCc) {
            if (g50Mm != null) return g50Mm;
            double rEff = Math.cbrt(3 * ptvCc * 1000 / (4 * Math.PI));
            return rEff * (Math.cbrt(gradientIndex != null ? gradientIndex : defaultGradientIndex(rEff)) - 1);
        }

        /**
         * Default gradient index by equivalent radius [A]: 5 below 5 mm, 3.5 for 5-10 mm, 3.0 above.
         *
         * @param rEffMm the PTV's equivalent-sphere radius (mm)
         * @return the gradient index
         */
        public static double defaultGradientIndex(double rEffMm) {
            return rEffMm < 5 ? 5.0 : rEffMm <= 10 ? 3.5 : 3.0;
        }
    }

    /** d = Φ(−(s − s50)/σp)/p with s50 = σp·Φ⁻¹(p): exactly 1 at the PTV surface, van Herk's penumbra σp. */
    record ErfEdge(double penumbraMm, double prescriptionIsodose) implements DoseModel {
        /**
         * Checks the penumbra and the isodose.
         *
         * @param penumbraMm the penumbra SD σp (mm)
         * @param prescriptionIsodose the isodose p at the PTV surface (0–1)
         */
        public ErfEdge {
            if (!(penumbraMm > 0)) throw new IllegalArgumentException("the penumbra SD must be > 0 mm");
            if (!(prescriptionIsodose > 0 && prescriptionIsodose < 1)) throw new IllegalArgumentException("the prescription isodose must be in (0, 1)");
        }
    }

    /** 1 inside the PTV, 0 outside: the validation model of the van Herk and χ₃ oracles. */
    record SharpEdge() implements DoseModel {}

    /** A planned dose grid (Gy) and the prescription dose (Gy) it is relative to. */
    record Imported(DoseGrid dose, double rxGy) implements DoseModel {
        /**
         * Checks the prescription.
         *
         * @param dose the planned dose (Gy)
         * @param rxGy the prescription (Gy)
         */
        public Imported {
            if (!(rxGy > 0)) throw new IllegalArgumentException("the prescription dose must be > 0 Gy");
        }
    }

    /**
     * The penumbra SD (mm) the analytic recipes should use with this model.
     *
     * @return the penumbra SD (mm)
     */
    default double recipePenumbraMm() {
        if (this instanceof ErfEdge e) return e.penumbraMm();
        if (this instanceof SharpEdge) return 0;
        return DEFAULT_PENUMBRA_MM;
    }

    /**
     * The relative dose as a function of the distance s ≥ 0 outside the PTV surface, tabulated for linear interpolation
     * (so that every backend computes the same numbers), or null for the sharp edge and imported doses.
     *
     * @param m the model
     * @param ptvCc the PTV's volume (cc)
     * @return the fall-off
     */
    static Falloff falloff(DoseModel m, double ptvCc) {
        if (m instanceof Exponential e) {
            double g50 = e.g50Mm(ptvCc);
            return Falloff.tabulate(s -> Math.pow(2, -s / g50), 24 * g50, g50);
        }
        if (m instanceof ErfEdge e) {
            NormalDistribution n = new NormalDistribution(0, 1);
            double s50 = e.penumbraMm() * n.inverseCumulativeProbability(e.prescriptionIsodose());
            return Falloff.tabulate(s -> Math.min(1, n.cumulativeProbability(-(s - s50) / e.penumbraMm()) / e.prescriptionIsodose()),
                    s50 + 8 * e.penumbraMm(), Double.NaN);
        }
        return null;
    }

    /** A tabulated fall-off: values at s = i·step, linear between, the last value beyond the table. */
    record Falloff(double[] values, double stepMm, double g50Mm) {
        static final int PER_MM = 200;

        static Falloff tabulate(java.util.function.DoubleUnaryOperator f, double extentMm, double g50Mm) {
            double step = 1.0 / PER_MM;
            int n = (int) Math.ceil(extentMm / step) + 2;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = f.applyAsDouble(i * step);
            v[0] = 1;
            return new Falloff(v, step, g50Mm);
        }
    }
}
