package org.halo.io.dicom;

/** DICOM tags Halo reads, as (group << 16 | element), with the VR to use when the file does not say (implicit VR). */
public final class Tag {
    private Tag() {}

    public static final int TRANSFER_SYNTAX = 0x00020010;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int MODALITY = 0x00080060;
    public static final int PATIENT_ID = 0x00100020;
    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int STUDY_UID = 0x0020000D;
    public static final int SERIES_UID = 0x0020000E;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int POSITION = 0x00200032;
    public static final int ORIENTATION = 0x00200037;
    public static final int FRAME_OF_REFERENCE = 0x00200052;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int DOSE_UNITS = 0x30040002;
    public static final int DOSE_TYPE = 0x30040004;
    public static final int DOSE_SUMMATION = 0x3004000A;
    public static final int FRAME_OFFSETS = 0x3004000C;
    public static final int DOSE_SCALING = 0x3004000E;
    public static final int REFERENCED_FOR_SEQUENCE = 0x30060010;
    public static final int FRAME_OF_REFERENCE_UID_IN_RS = 0x00200052;
    public static final int ROI_SEQUENCE = 0x30060020;
    public static final int ROI_NUMBER = 0x30060022;
    public static final int ROI_REFERENCED_FOR = 0x30060024;
    public static final int ROI_NAME = 0x30060026;
    public static final int ROI_CONTOUR_SEQUENCE = 0x30060039;
    public static final int CONTOUR_SEQUENCE = 0x30060040;
    public static final int CONTOUR_TYPE = 0x30060042;
    public static final int CONTOUR_POINT_COUNT = 0x30060046;
    public static final int CONTOUR_DATA = 0x30060050;
    public static final int OBSERVATIONS_SEQUENCE = 0x30060080;
    public static final int REFERENCED_ROI_NUMBER = 0x30060084;
    public static final int ROI_INTERPRETED_TYPE = 0x300600A4;
    public static final int DOSE_REFERENCE_SEQUENCE = 0x300A0010;
    public static final int TARGET_PRESCRIPTION_DOSE = 0x300A0026;
    public static final int DOSE_REFERENCE_STRUCTURE_TYPE = 0x300A0014;
    public static final int CONTROL_POINT_SEQUENCE = 0x300A0111;
    public static final int ISOCENTER_POSITION = 0x300A012C;
    public static final int DOSE_REFERENCE_DESCRIPTION = 0x300A0016;
    public static final int FRACTION_GROUP_SEQUENCE = 0x300A0070;
    public static final int FRACTIONS_PLANNED = 0x300A0078;
    public static final int BEAM_SEQUENCE = 0x300A00B0;
    public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    public static final int RT_REFERENCED_STUDY_SEQUENCE = 0x30060012;
    public static final int RT_REFERENCED_SERIES_SEQUENCE = 0x30060014;
    public static final int REFERENCED_RT_PLAN_SEQUENCE = 0x300C0002;
    public static final int REFERENCED_STRUCTURE_SET_SEQUENCE = 0x300C0060;
    public static final int PIXEL_DATA = 0x7FE00010;
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_END = 0xFFFEE00D;
    public static final int SEQUENCE_END = 0xFFFEE0DD;

    /** The VR of a tag in implicit-VR data (or inside UN): Halo's small dictionary; "UN" for tags it does not use. */
    static String implicitVr(int tag) {
        int group = tag >>> 16;
        if ((tag & 0xFFFF) == 0 && group != 0xFFFE) return "UL"; // group lengths
        switch (tag) {
            case TRANSFER_SYNTAX: case SOP_CLASS_UID: case SOP_INSTANCE_UID: case SERIES_UID: case FRAME_OF_REFERENCE:
            case ROI_REFERENCED_FOR: case 0x00081150: case 0x00081155: case 0x0020000D:
                return "UI";
            case MODALITY: case DOSE_UNITS: case DOSE_TYPE: case DOSE_SUMMATION: case CONTOUR_TYPE: case ROI_INTERPRETED_TYPE:
            case DOSE_REFERENCE_STRUCTURE_TYPE:
                return "CS";
            case SLICE_THICKNESS: case POSITION: case ORIENTATION: case PIXEL_SPACING: case RESCALE_INTERCEPT: case RESCALE_SLOPE:
            case FRAME_OFFSETS: case DOSE_SCALING: case CONTOUR_DATA: case TARGET_PRESCRIPTION_DOSE: case ISOCENTER_POSITION:
                return "DS";
            case INSTANCE_NUMBER: case NUMBER_OF_FRAMES: case ROI_NUMBER: case CONTOUR_POINT_COUNT: case REFERENCED_ROI_NUMBER:
            case FRACTIONS_PLANNED: case 0x30060082:
                return "IS";
            case SAMPLES_PER_PIXEL: case ROWS: case COLUMNS: case BITS_ALLOCATED: case BITS_STORED: case PIXEL_REPRESENTATION:
                return "US";
            case ROI_NAME: case PATIENT_ID: case DOSE_REFERENCE_DESCRIPTION:
                return "LO";
            case PIXEL_DATA:
                return "OW";
            case REFERENCED_FOR_SEQUENCE: case ROI_SEQUENCE: case ROI_CONTOUR_SEQUENCE: case CONTOUR_SEQUENCE: case OBSERVATIONS_SEQUENCE:
            case DOSE_REFERENCE_SEQUENCE: case FRACTION_GROUP_SEQUENCE: case BEAM_SEQUENCE: case CONTROL_POINT_SEQUENCE: case 0x30060012: case 0x30060014:
            case 0x30060016: case 0x00081115: case 0x00081140: case 0x300C0002: case 0x300C0060: case 0x300A0040:
                return "SQ";
            default:
                return "UN";
        }
    }

    public static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
