package org.halo.clinical.guideline;

import java.util.List;

import org.halo.clinical.guideline.Histology;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.SurgicalTract;
import org.halo.clinical.guideline.TargetKind;

/**
 * What the rule table needs to know about a treatment (docs/clinical.md, "halo guideline"). Optional facts are null when unknown;
 * the rules that need them then stay silent or say what is missing.
 */
public record GuidelineQuery(
        Intent intent,
        int fractions,
        TargetKind target,
        Immobilisation immobilisation,
        Igrt igrt,
        Monitoring monitoring,
        Double maxDiameterMm,
        Double volumeCc,
        double distanceToIsocentreMm,
        double expectedBeamOnMin,
        Boolean mriDistortionCorrected,
        Integer daysMriToTreatment,
        Integer daysSurgeryToTreatment,
        boolean preopDuralContact,
        boolean venousSinusContact,
        SurgicalTract includeSurgicalTract,
        Histology histology) {

    /** Default beam-on time when none is given (docs/clinical.md, "halo guideline"). */
    public static final double DEFAULT_BEAM_ON_MIN = 15;

    /**
     * Checks the query: the categories given, the fractions fitting the intent, the numbers in range.
     *
     * @param intent SRS or HSRT
     * @param fractions the number of fractions
     * @param target intact metastasis or cavity
     * @param immobilisation how the head is held
     * @param igrt the image guidance
     * @param monitoring the intrafraction monitoring
     * @param maxDiameterMm the target's largest diameter (mm), or null
     * @param volumeCc the target's volume (cc), or null
     * @param distanceToIsocentreMm the target's distance from the isocentre (mm)
     * @param expectedBeamOnMin the expected beam-on time (min)
     * @param mriDistortionCorrected whether the planning MRI is distortion-corrected, or null
     * @param daysMriToTreatment days from the planning MRI to treatment, or null
     * @param daysSurgeryToTreatment days from surgery to treatment, or null
     * @param preopDuralContact whether the metastasis touched the dura before surgery
     * @param venousSinusContact whether it touches a venous sinus
     * @param includeSurgicalTract whether the CTV includes the surgical tract
     * @param histology the primary's histology, or null
     */
    public GuidelineQuery {
        if (intent == null || target == null || immobilisation == null || igrt == null || monitoring == null) {
            throw new IllegalArgumentException("intent, target, immobilisation, igrt and monitoring are required");
        }
        String fractionProblem = intent.fractionProblem(fractions);
        if (fractionProblem != null) throw new IllegalArgumentException(fractionProblem);
        if (maxDiameterMm != null && !(maxDiameterMm > 0)) throw new IllegalArgumentException("the diameter must be positive (mm)");
        if (volumeCc != null && !(volumeCc > 0)) throw new IllegalArgumentException("the volume must be positive (cc)");
        if (!(distanceToIsocentreMm >= 0)) throw new IllegalArgumentException("the distance to the isocentre must be >= 0 mm");
        if (!(expectedBeamOnMin > 0)) throw new IllegalArgumentException("the beam-on time must be positive (min)");
        if (daysMriToTreatment != null && daysMriToTreatment < 0) throw new IllegalArgumentException("days from MRI to treatment must be >= 0");
        if (daysSurgeryToTreatment != null && daysSurgeryToTreatment < 0) throw new IllegalArgumentException("days from surgery to treatment must be >= 0");
        if (includeSurgicalTract == null) includeSurgicalTract = SurgicalTract.CLINICIAN;
        if (maxDiameterMm != null && volumeCc != null) {
            // No body is narrower than the ball of its volume (the isodiametric inequality); a very long one is a typing error.
            double ballMm = Math.cbrt(6 * volumeCc * 1000 / Math.PI);
            if (maxDiameterMm < 0.95 * ballMm || maxDiameterMm > 5 * ballMm) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "a diameter of %.1f mm and a volume of %.3g cc contradict each "
                        + "other: a target of %.3g cc is at least %.1f mm across (and a plausible one at most %.0f mm)", maxDiameterMm, volumeCc,
                        volumeCc, ballMm, 5 * ballMm));
            }
        }
        if (target == TargetKind.INTACT) {
            List<String> cavityOnly = new java.util.ArrayList<>();
            if (preopDuralContact) cavityOnly.add("dural contact");
            if (venousSinusContact) cavityOnly.add("venous sinus contact");
            if (daysSurgeryToTreatment != null) cavityOnly.add("days from surgery");
            if (includeSurgicalTract != SurgicalTract.CLINICIAN) cavityOnly.add("the surgical tract");
            if (!cavityOnly.isEmpty()) {
                throw new IllegalArgumentException("an intact target has no surgery: " + String.join(", ", cavityOnly)
                        + " describe" + (cavityOnly.size() == 1 ? "s" : "") + " a resection cavity");
            }
        }
    }

    /**
     * A query with only the platform facts; everything optional unknown.
     *
     * @param intent SRS or HSRT
     * @param fractions the number of fractions
     * @param target intact metastasis or cavity
     * @param immobilisation how the head is held
     * @param igrt the image guidance
     * @param monitoring the intrafraction monitoring
     * @return the query
     */
    public static GuidelineQuery of(Intent intent, int fractions, TargetKind target, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring) {
        return builder(intent, fractions, target, immobilisation, igrt, monitoring).build();
    }

    /**
     * A query built fact by fact: the platform first, then whatever else is known (every other fact unknown).
     *
     * @param intent SRS or HSRT
     * @param fractions the number of fractions
     * @param target intact metastasis or cavity
     * @param immobilisation how the head is held
     * @param igrt the image guidance
     * @param monitoring the intrafraction monitoring
     * @return the builder
     */
    public static Builder builder(Intent intent, int fractions, TargetKind target, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring) {
        return new Builder(intent, fractions, target, immobilisation, igrt, monitoring);
    }

    /**
     * This query as a builder, to change some facts.
     *
     * @return a builder holding every fact of this query
     */
    public Builder toBuilder() {
        Builder b = new Builder(intent, fractions, target, immobilisation, igrt, monitoring);
        b.maxDiameterMm = maxDiameterMm;
        b.volumeCc = volumeCc;
        b.distanceToIsocentreMm = distanceToIsocentreMm;
        b.expectedBeamOnMin = expectedBeamOnMin;
        b.mriDistortionCorrected = mriDistortionCorrected;
        b.daysMriToTreatment = daysMriToTreatment;
        b.daysSurgeryToTreatment = daysSurgeryToTreatment;
        b.preopDuralContact = preopDuralContact;
        b.venousSinusContact = venousSinusContact;
        b.includeSurgicalTract = includeSurgicalTract;
        b.histology = histology;
        return b;
    }

    /**
     * The same facts for another intent and number of fractions (an arm of a comparison).
     *
     * @param newIntent the arm's intent
     * @param newFractions the arm's fractions
     * @return the query
     */
    public GuidelineQuery withRegimen(Intent newIntent, int newFractions) {
        return withRegimen(newIntent, newFractions, immobilisation, igrt, monitoring);
    }

    /**
     * The same facts of the target for another regimen on another platform.
     *
     * @param newIntent the regimen's intent
     * @param newFractions its fractions
     * @param newImmobilisation its platform's immobilisation
     * @param newIgrt its image guidance
     * @param newMonitoring its monitoring
     * @return the query
     */
    public GuidelineQuery withRegimen(Intent newIntent, int newFractions, Immobilisation newImmobilisation, Igrt newIgrt, Monitoring newMonitoring) {
        return new GuidelineQuery(newIntent, newFractions, target, newImmobilisation, newIgrt, newMonitoring, maxDiameterMm, volumeCc,
                distanceToIsocentreMm, expectedBeamOnMin, mriDistortionCorrected, daysMriToTreatment, daysSurgeryToTreatment,
                preopDuralContact, venousSinusContact, includeSurgicalTract, histology);
    }

    /**
     * @param d the target's largest diameter (mm)
     * @return the same query with it
     */
    public GuidelineQuery withDiameterMm(double d) {
        return toBuilder().maxDiameterMm(d).build();
    }

    /**
     * @param d the target's distance from the isocentre (mm)
     * @return the same query with it
     */
    public GuidelineQuery withDistanceToIsocentreMm(double d) {
        return toBuilder().distanceToIsocentreMm(d).build();
    }

    /** The optional facts of a query, named; {@link #build()} checks them together. */
    public static final class Builder {
        private final Intent intent;
        private final int fractions;
        private final TargetKind target;
        private final Immobilisation immobilisation;
        private final Igrt igrt;
        private final Monitoring monitoring;
        private Double maxDiameterMm, volumeCc;
        private double distanceToIsocentreMm, expectedBeamOnMin = DEFAULT_BEAM_ON_MIN;
        private Boolean mriDistortionCorrected;
        private Integer daysMriToTreatment, daysSurgeryToTreatment;
        private boolean preopDuralContact, venousSinusContact;
        private SurgicalTract includeSurgicalTract = SurgicalTract.CLINICIAN;
        private Histology histology;

        private Builder(Intent intent, int fractions, TargetKind target, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring) {
            this.intent = intent;
            this.fractions = fractions;
            this.target = target;
            this.immobilisation = immobilisation;
            this.igrt = igrt;
            this.monitoring = monitoring;
        }

        /**
         * @param v the target's largest diameter (mm), or null
         * @return this builder
         */
        public Builder maxDiameterMm(Double v) { maxDiameterMm = v; return this; }
        /**
         * @param v the target's volume (cc), or null
         * @return this builder
         */
        public Builder volumeCc(Double v) { volumeCc = v; return this; }
        /**
         * @param v the target's distance from the isocentre (mm)
         * @return this builder
         */
        public Builder distanceToIsocentreMm(double v) { distanceToIsocentreMm = v; return this; }
        /**
         * @param v the expected beam-on time (min)
         * @return this builder
         */
        public Builder expectedBeamOnMin(double v) { expectedBeamOnMin = v; return this; }
        /**
         * @param v whether the planning MRI is distortion-corrected, or null
         * @return this builder
         */
        public Builder mriDistortionCorrected(Boolean v) { mriDistortionCorrected = v; return this; }
        /**
         * @param v days from the planning MRI to treatment, or null
         * @return this builder
         */
        public Builder daysMriToTreatment(Integer v) { daysMriToTreatment = v; return this; }
        /**
         * @param v days from surgery to treatment, or null
         * @return this builder
         */
        public Builder daysSurgeryToTreatment(Integer v) { daysSurgeryToTreatment = v; return this; }
        /**
         * @param v whether the metastasis touched the dura before surgery
         * @return this builder
         */
        public Builder preopDuralContact(boolean v) { preopDuralContact = v; return this; }
        /**
         * @param v whether it touches a venous sinus
         * @return this builder
         */
        public Builder venousSinusContact(boolean v) { venousSinusContact = v; return this; }
        /**
         * @param v whether the CTV includes the surgical tract
         * @return this builder
         */
        public Builder includeSurgicalTract(SurgicalTract v) { includeSurgicalTract = v; return this; }
        /**
         * @param v the primary's histology, or null
         * @return this builder
         */
        public Builder histology(Histology v) { histology = v; return this; }

        /** {@return the query, checked} */
        public GuidelineQuery build() {
            return new GuidelineQuery(intent, fractions, target, immobilisation, igrt, monitoring, maxDiameterMm, volumeCc,
                    distanceToIsocentreMm, expectedBeamOnMin, mriDistortionCorrected, daysMriToTreatment, daysSurgeryToTreatment,
                    preopDuralContact, venousSinusContact, includeSurgicalTract, histology);
        }
    }

    /** The token of a field the rule table's conditions may test, or null for an unknown field. */
    String field(String name) {
        return switch (name) {
            case "intent" -> intent.token();
            case "target" -> target.token();
            case "immobilisation" -> immobilisation.token();
            case "igrt" -> igrt.token();
            case "monitoring" -> monitoring.token();
            default -> null;
        };
    }
}
