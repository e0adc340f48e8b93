package org.halo.clinical.guideline;

import org.halo.HaloException;

/** Asking the guideline for a margin that no source supports. */
public final class UnsupportedClaimException extends HaloException {
    private static final long serialVersionUID = 1L;

    /** The claim and why it is rejected. */
    private final RejectedClaim claim;

    /** @param claim the claim and why it is rejected */
    public UnsupportedClaimException(RejectedClaim claim) {
        super("no supporting guideline source for \"" + claim.claim() + "\" (" + claim.id() + "): " + claim.reason());
        this.claim = claim;
    }

    /** @return the claim and why it is rejected */
    public RejectedClaim claim() {
        return claim;
    }
}
