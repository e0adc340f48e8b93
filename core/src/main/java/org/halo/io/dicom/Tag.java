package org.halo.io.dicom;

/** DICOM tags Halo reads, as (group &lt;&lt; 16 | element), with the VR to use when the file does not say (implicit VR). */
public final class Tag {
    private Tag() {}

    /** (0002,0010) Transfer Syntax. */
    public static final int TRANSFER_SYNTAX = 0x00020010;
    /** (0008,0016) SOP Class UID. */
    public static final int SOP_CLASS_UID = 0x00080016;
    /** (0008,0018) SOP Instance UID. */
    public static final int SOP_INSTANCE_UID = 0x00080018;
    /** (0008,0060) Modality. */
    public static final int MODALITY = 0x00080060;
    /** (0010,0020) Patient ID. */
    public static final int PATIENT_ID = 0x00100020;
    /** (0018,0050) Slice Thickness. */
    public static final int SLICE_THICKNESS = 0x00180050;
    /** (0020,000D) Study UID. */
    public static final int STUDY_UID = 0x0020000D;
    /** (0020,000E) Series UID. */
    public static final int SERIES_UID = 0x0020000E;
    /** (0020,0013) Instance Number. */
    public static final int INSTANCE_NUMBER = 0x00200013;
    /** (0020,0032) Position. */
    public static final int POSITION = 0x00200032;
    /** (0020,0037) Orientation. */
    public static final int ORIENTATION = 0x00200037;
    /** (0020,0052) Frame Of Reference. */
    public static final int FRAME_OF_REFERENCE = 0x00200052;
    /** (0028,0002) Samples Per Pixel. */
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    /** (0028,0008) Number Of Frames. */
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    /** (0028,0010) Rows. */
    public static final int ROWS = 0x00280010;
    /** (0028,0011) Columns. */
    public static final int COLUMNS = 0x00280011;
    /** (0028,0030) Pixel Spacing. */
    public static final int PIXEL_SPACING = 0x00280030;
    /** (0028,0100) Bits Allocated. */
    public static final int BITS_ALLOCATED = 0x00280100;
    /** (0028,0101) Bits Stored. */
    public static final int BITS_STORED = 0x00280101;
    /** (0028,0103) Pixel Representation. */
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    /** (0028,1052) Rescale Intercept. */
    public static final int RESCALE_INTERCEPT = 0x00281052;
    /** (0028,1053) Rescale Slope. */
    public static final int RESCALE_SLOPE = 0x00281053;
    /** (3004,0002) Dose Units. */
    public static final int DOSE_UNITS = 0x30040002;
    /** (3004,0004) Dose Type. */
    public static final int DOSE_TYPE = 0x30040004;
    /** (3004,000A) Dose Summation. */
    public static final int DOSE_SUMMATION = 0x3004000A;
    /** (3004,000C) Frame Offsets. */
    public static final int FRAME_OFFSETS = 0x3004000C;
    /** (3004,000E) Dose Scaling. */
    public static final int DOSE_SCALING = 0x3004000E;
    /** (3006,0010) Referenced Frame of Reference Sequence. */
    public static final int REFERENCED_FOR_SEQUENCE = 0x30060010;
    /** (0020,0052) Frame Of Reference UID In Rs. */
    public static final int FRAME_OF_REFERENCE_UID_IN_RS = 0x00200052;
    /** (3006,0020) ROI Sequence. */
    public static final int ROI_SEQUENCE = 0x30060020;
    /** (3006,0022) ROI Number. */
    public static final int ROI_NUMBER = 0x30060022;
    /** (3006,0024) ROI Referenced Frame of Reference. */
    public static final int ROI_REFERENCED_FOR = 0x30060024;
    /** (3006,0026) ROI Name. */
    public static final int ROI_NAME = 0x30060026;
    /** (3006,0039) ROI Contour Sequence. */
    public static final int ROI_CONTOUR_SEQUENCE = 0x30060039;
    /** (3006,0040) Contour Sequence. */
    public static final int CONTOUR_SEQUENCE = 0x30060040;
    /** (3006,0042) Contour Type. */
    public static final int CONTOUR_TYPE = 0x30060042;
    /** (3006,0046) Contour Point Count. */
    public static final int CONTOUR_POINT_COUNT = 0x30060046;
    /** (3006,0050) Contour Data. */
    public static final int CONTOUR_DATA = 0x30060050;
    /** (3006,0080) Observations Sequence. */
    public static final int OBSERVATIONS_SEQUENCE = 0x30060080;
    /** (3006,0084) Referenced ROI Number. */
    public static final int REFERENCED_ROI_NUMBER = 0x30060084;
    /** (3006,00A4) ROI Interpreted Type. */
    public static final int ROI_INTERPRETED_TYPE = 0x300600A4;
    /** (300A,0010) Dose Reference Sequence. */
    public static final int DOSE_REFERENCE_SEQUENCE = 0x300A0010;
    /** (300A,0026) Target Prescription Dose. */
    public static final int TARGET_PRESCRIPTION_DOSE = 0x300A0026;
    /** (300A,0014) Dose Reference Structure Type. */
    public static final int DOSE_REFERENCE_STRUCTURE_TYPE = 0x300A0014;
    /** (300A,0111) Control Point Sequence. */
    public static final int CONTROL_POINT_SEQUENCE = 0x300A0111;
    /** (300A,012C) Isocenter Position. */
    public static final int ISOCENTER_POSITION = 0x300A012C;
    /** (300A,0016) Dose Reference Description. */
    public static final int DOSE_REFERENCE_DESCRIPTION = 0x300A0016;
    /** (300A,0070) Fraction Group Sequence. */
    public static final int FRACTION_GROUP_SEQUENCE = 0x300A0070;
    /** (300A,0078) Fractions Planned. */
    public static final int FRACTIONS_PLANNED = 0x300A0078;
    /** (300A,00B0) Beam Sequence. */
    public static final int BEAM_SEQUENCE = 0x300A00B0;
    /** (0008,1155) Referenced SOP Instance UID. */
    public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    /** (3006,0012) RT Referenced Study Sequence. */
    public static final int RT_REFERENCED_STUDY_SEQUENCE = 0x30060012;
    /** (3006,0014) RT Referenced Series Sequence. */
    public static final int RT_REFERENCED_SERIES_SEQUENCE = 0x30060014;
    /** (300C,0002) Referenced RT Plan Sequence. */
    public static final int REFERENCED_RT_PLAN_SEQUENCE = 0x300C0002;
    /** (300C,0060) Referenced Structure Set Sequence. */
    public static final int REFERENCED_STRUCTURE_SET_SEQUENCE = 0x300C0060;
    /** (7FE0,0010) Pixel Data. */
    public static final int PIXEL_DATA = 0x7FE00010;
    /** (FFFE,E000) Item. */
    public static final int ITEM = 0xFFFEE000;
    /** (FFFE,E00D) Item End. */
    public static final int ITEM_END = 0xFFFEE00D;
    /** (FFFE,E0DD) Sequence End. */
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

    /**
     * @param tag a tag
     * @return it as (GGGG,EEEE)
     */
    public static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
