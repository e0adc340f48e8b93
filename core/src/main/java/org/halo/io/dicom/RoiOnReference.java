package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;

/**
 * One ROI of a structure set placed on a reference grid: the frame-of-reference check, then the contours rasterised
 * (voxel centres, or the fraction of each voxel inside). Errors name the structure set.
 */
public record RoiOnReference(RtStructureSet.Roi roi, RasterReference reference, ContourRasterizer.Result raster, List<String> warnings) {
    /** The refusal when the ROI and the reference lie in different frames of reference (a caller may offer to accept it). */
    public static final class OtherFrame extends HaloException {
        private static final long serialVersionUID = 1L;

        OtherFrame(String message) {
            super(message);
        }
    }

    /**
     * Reads ROI {@code roiName} (name or number) of {@code rtstruct} onto {@code reference}. Different frames of reference
     * are refused unless {@code acceptOtherFrame}, which turns the refusal into a warning.
     *
     * @param rtstruct the structure set
     * @param roiName the ROI's name or number
     * @param reference the grid to place it on
     * @param fractional the fraction of each voxel inside instead of voxel centres
     * @param acceptOtherFrame place it even when the frames of reference differ
     * @return the ROI, its raster and the warnings
     */
    public static RoiOnReference read(Path rtstruct, String roiName, RasterReference reference, boolean fractional, boolean acceptOtherFrame) {
        RtStructureSet rs = RtStructureSet.read(rtstruct);
        RtStructureSet.Roi roi = rs.roi(roiName);
        List<String> warnings = new ArrayList<>();
        String frame = roi.frameOfReference() != null ? roi.frameOfReference() : rs.frameOfReference();
        String mismatch = reference.frameMismatch(frame);
        if (mismatch != null && !acceptOtherFrame) throw new OtherFrame(rtstruct + ": ROI '" + roi.name() + "': " + mismatch);
        if (mismatch != null) warnings.add("ROI '" + roi.name() + "': " + mismatch + "; placed anyway as asked");
        ContourRasterizer.Result raster;
        try {
            raster = ContourRasterizer.rasterize(roi, reference.grid(), fractional);
        } catch (HaloException e) {
            throw HaloException.inFile(rtstruct, e.getMessage(), e);
        }
        warnings.addAll(raster.warnings());
        return new RoiOnReference(roi, reference, raster, List.copyOf(warnings));
    }
}
