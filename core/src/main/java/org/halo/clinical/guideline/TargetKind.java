package org.halo.clinical.guideline;

/** What is treated: an intact metastasis or a resection cavity (the presets' delineation SD differs). */
public enum TargetKind implements Token {
    /** An intact metastasis. */
    INTACT("intact"),
    /** A resection cavity. */
    CAVITY("cavity");

    private final String token;

    TargetKind(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
