package org.halo.clinical.miss;

import org.halo.image.Mask;

/** The PTV is either the CTV expanded by a margin or a given mask. */
public sealed interface MissTarget {
    /** {@return the delineated CTV} */
    Mask ctv();

    /**
     * The CTV grown by a margin.
     *
     * @param ctv the CTV
     * @param marginMm the margin (mm)
     */
    record WithMargin(Mask ctv, double marginMm) implements MissTarget {
        /**
         * Checks the margin.
         *
         * @param ctv the CTV
         * @param marginMm the margin (mm), finite and not negative
         */
        public WithMargin {
            if (!(marginMm >= 0) || Double.isInfinite(marginMm)) throw new IllegalArgumentException("the margin must be a finite number of mm >= 0");
        }
    }

    /**
     * A PTV given as a mask.
     *
     * @param ctv the CTV
     * @param ptv the PTV, on the CTV's grid
     */
    record WithPtv(Mask ctv, Mask ptv) implements MissTarget {
        /**
         * Checks that the two lie on one grid.
         *
         * @param ctv the CTV
         * @param ptv the PTV
         */
        public WithPtv {
            if (!ctv.grid().sameGeometry(ptv.grid(), 1e-4)) throw new IllegalArgumentException("the PTV is not on the CTV's grid");
        }
    }
}
