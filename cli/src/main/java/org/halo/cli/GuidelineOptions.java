package org.halo.cli;

import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Histology;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.SurgicalTract;
import org.halo.clinical.guideline.Token;
import picocli.CommandLine.Option;

/** The facts about a target and its treatment that the guideline's rules read (docs/clinical.md, "halo guideline"). */
final class GuidelineOptions {
    @Option(names = "--diameter-mm", paramLabel = "D", description = "Largest diameter of the lesion or cavity (mm).")
    Double diameterMm;

    @Option(names = "--volume-cc", paramLabel = "V", description = "Volume of the lesion or cavity (cc).")
    Double volumeCc;

    @Option(names = "--distance-to-isocentre-mm", paramLabel = "d",
            description = "Distance from the isocentre to the target (mm); > 0 for single-isocentre multi-target plans. Default: 0, "
                    + "or measured from --isocentre-mm where a command takes a CTV.")
    Double distanceToIsocentreMm;

    @Option(names = "--days-mri-to-treatment", paramLabel = "N", description = "Days from the planning MRI to treatment.")
    Integer daysMri;

    @Option(names = "--days-surgery-to-treatment", paramLabel = "N", description = "Days from surgery to treatment (cavity).")
    Integer daysSurgery;

    @Option(names = "--dural-contact", description = "The tumour contacted the dura before surgery (cavity).")
    boolean duralContact;

    @Option(names = "--sinus-contact", description = "The tumour abutted a venous sinus (cavity).")
    boolean sinusContact;

    @Option(names = "--surgical-tract", paramLabel = "yes|no|clinician", defaultValue = "clinician",
            description = "Include the surgical tract in the cavity CTV. Default: ${DEFAULT-VALUE} (the sources disagree).")
    String surgicalTract;

    @Option(names = "--histology", paramLabel = "melanoma|nsclc|other", description = "Histology, for growth warnings.")
    String histology;

    GuidelineQuery query(TreatmentOptions t, Intent intent, int fractions, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring,
                         double distanceToIsocentreMm) {
        return GuidelineQuery.builder(intent, fractions, t.target(), immobilisation, igrt, monitoring)
                .maxDiameterMm(diameterMm).volumeCc(volumeCc).distanceToIsocentreMm(distanceToIsocentreMm).expectedBeamOnMin(t.beamOnMin)
                .mriDistortionCorrected(t.mriCorrected).daysMriToTreatment(daysMri).daysSurgeryToTreatment(daysSurgery)
                .preopDuralContact(duralContact).venousSinusContact(sinusContact)
                .includeSurgicalTract(Token.parse(SurgicalTract.class, surgicalTract, "--surgical-tract"))
                .histology(histology == null ? null : Token.parse(Histology.class, histology, "--histology"))
                .build();
    }
}
