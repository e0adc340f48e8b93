package org.halo.clinical.guideline;

/** Image guidance before treatment: none, translations only (3 degrees of freedom), or translations and rotations (6). */
public enum Igrt implements Token {
    /** No image guidance. */
    NONE("none"),
    /** Translations corrected. */
    TRANSLATION_3DOF("3dof"),
    /** Translations and rotations corrected. */
    SIX_DOF("6dof");

    private final String token;

    Igrt(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
