package org.halo.clinical.guideline;

/** Intrafraction monitoring: none, periodic X-rays, or continuous (surface or X-ray) monitoring. */
public enum Monitoring implements Token {
    /** No intrafraction monitoring. */
    NONE("none"),
    /** Periodic X-ray checks during treatment. */
    PERIODIC_XRAY("periodic"),
    /** Continuous surface or X-ray monitoring. */
    CONTINUOUS("continuous");

    private final String token;

    Monitoring(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
