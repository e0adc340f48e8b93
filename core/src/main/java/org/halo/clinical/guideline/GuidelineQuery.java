package org.halo.clinical.guideline;

import java.util.List;

import org.halo.clinical.guideline.Choices.Histology;
import org.halo.clinical.guideline.Choices.Igrt;
import org.halo.clinical.guideline.Choices.Immobilisation;
import org.halo.clinical.guideline.Choices.Intent;
import org.halo.clinical.guideline.Choices.Monitoring;
import org.halo.clinical.guideline.Choices.SurgicalTract;
import org.halo.clinical.guideline.Choices.Target;

/**
 * What the rule table needs to know about a treatment (docs/clinical.md, "halo guideline"). Optional facts are null when unknown;
 * the rules that need them then stay silent or say what is missing.
 */
public record GuidelineQuery(
        Intent intent,
        int fractions,
        Target target,
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

    public GuidelineQuery {
        if (intent == null || target == null || immobilisation == null || igrt == null || monitoring == null) {
            throw new IllegalArgumentException("intent, target, immobilisation, igrt and monitoring are required");
        }
        String fractionProblem = org.halo.clinical.miss.Regimen.fractionProblem(intent, fractions);
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
        if (target == Target.INTACT) {
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

    /** A query with only the platform facts; everything optional unknown. */
    public static GuidelineQuery of(Intent intent, int fractions, Target target, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring) {
        return new GuidelineQuery(intent, fractions, target, immobilisation, igrt, monitoring, null, null, 0, DEFAULT_BEAM_ON_MIN,
                null, null, null, false, false, SurgicalTract.CLINICIAN, null);
    }

    public GuidelineQuery withDiameterMm(double d) {
        return new GuidelineQuery(intent, fractions, target, immobilisation, igrt, monitoring, d, volumeCc, distanceToIsocentreMm,
                expectedBeamOnMin, mriDistortionCorrected, daysMriToTreatment, daysSurgeryToTreatment, preopDuralContact,
                venousSinusContact, includeSurgicalTract, histology);
    }

    public GuidelineQuery withDistanceToIsocentreMm(double d) {
        return new GuidelineQuery(intent, fractions, target, immobilisation, igrt, monitoring, maxDiameterMm, volumeCc, d,
                expectedBeamOnMin, mriDistortionCorrected, daysMriToTreatment, daysSurgeryToTreatment, preopDuralContact,
                venousSinusContact, includeSurgicalTract, histology);
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
