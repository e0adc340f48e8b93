package org.halo.clinical.guideline;

/** Intrafraction monitoring: none, periodic X-rays, or continuous (surface or X-ray) monitoring. */
public enum Monitoring implements Token {
    NONE("none"), PERIODIC_XRAY("periodic"), CONTINUOUS("continuous");

    private final String token;

    Monitoring(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
