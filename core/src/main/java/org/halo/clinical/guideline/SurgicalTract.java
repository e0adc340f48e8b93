package org.halo.clinical.guideline;

/** Whether the CTV of a cavity includes the surgical tract: the secondary sources disagree, so the clinician decides. */
public enum SurgicalTract implements Token {
    /** The CTV includes the tract. */
    YES("yes"),
    /** It does not. */
    NO("no"),
    /** Left to the clinician (the default). */
    CLINICIAN("clinician");

    private final String token;

    SurgicalTract(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
