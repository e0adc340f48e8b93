package org.halo.clinical.guideline;

import org.halo.HaloException;

/** Asking the guideline for a margin that no source supports. */
public final class UnsupportedClaimException extends HaloException {
    private static final long serialVersionUID = 1L;

    private final RejectedClaim claim;

    public UnsupportedClaimException(RejectedClaim claim) {
        super("no supporting guideline source for \"" + claim.claim() + "\" (" + claim.id() + "): " + claim.reason());
        this.claim = claim;
    }

    public RejectedClaim claim() {
        return claim;
    }
}
