package org.halo.io.dicom;

/** The one check that a structure and the grid or image it is placed on share a frame of reference. */
public final class FramesOfReference {
    private FramesOfReference() {}

    /**
     * Why the two cannot be combined — their Frame of Reference UIDs differ — or null when they agree or either is unknown.
     *
     * @param structureFrame the structure's Frame of Reference UID, or null
     * @param referenceFrame the reference's, or null
     * @return the problem in words, or null
     */
    public static String mismatch(String structureFrame, String referenceFrame) {
        if (structureFrame == null || referenceFrame == null || structureFrame.equals(referenceFrame)) return null;
        return "the structure set lies in frame of reference " + structureFrame + ", the reference in " + referenceFrame;
    }
}
