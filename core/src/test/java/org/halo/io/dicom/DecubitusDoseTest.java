package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.halo.HaloException;
import org.halo.image.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * dicompyler-core's decubitus fixtures (testdata/dicom/dicompyler/decubitus): the doses at the voxel centres of the
 * structure rasterised on each RTDOSE grid, counted in 1 cGy bins, equal the histograms that dicompyler-core's
 * {@code tests/test_dvhcalc.py} class {@code TestDVHCalcDecubitus} asserts, count for count. The grid far from the ROI and
 * the sheared orientation are refused.
 */
class DecubitusDoseTest {
    static Path fixture(String name) {
        return Path.of("..", "testdata", "dicom", "dicompyler", "decubitus", name).toAbsolutePath().normalize();
    }

    /** Counts per whole cGy of the doses at the mask's voxel centres, trailing empty bins dropped. */
    static int[] centreDoseCounts(String doseFile) {
        RtDose dose = RtDose.read(fixture(doseFile));
        RtStructureSet.Roi roi = RtStructureSet.read(fixture("fake_rtss.dcm")).roi("1");
        ContourRasterizer.Result r = ContourRasterizer.rasterize(roi, dose.dose().grid(), false);
        byte[] m = r.mask().voxels();
        Volume.Values v = dose.dose().values();
        int[] counts = new int[100];
        for (int i = 0; i < m.length; i++) if (m[i] != 0) counts[(int) Math.floor(v.at(i) * 100 + 1e-6)]++;
        int end = counts.length;
        while (end > 0 && counts[end - 1] == 0) end--;
        return Arrays.copyOf(counts, end);
    }

    static int[] expected(int leadingZeros, String counts) {
        String[] parts = counts.split(" ");
        int[] out = new int[leadingZeros + parts.length];
        for (int i = 0; i < parts.length; i++) out[leadingZeros + i] = Integer.parseInt(parts[i]);
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "fake_rtdose_nondecub.dcm, 13, 2 2 2 0 0 0 0 0 0 0 2 2 2 0 0 0 0 0 0 0 2 2 2",
        "fake_rtdose_hf_decub_left.dcm, 10, 2 0 0 2 2 0 0 0 0 0 2 0 0 2 2 0 0 0 0 0 2 0 0 2 2",
        "fake_rtdose_hf_decub_right.dcm, 17, 1 2 2 1 0 0 0 0 0 0 1 2 2 1 0 0 0 0 0 0 1 2 2 1",
        "fake_rtdose_ff_decub_right.dcm, 14, 1 1 0 1 2 1 0 0 0 0 1 1 0 1 2 1 0 0 0 0 1 1 0 1 2 1",
        "fake_rtdose_ff_decub_left.dcm, 3, 2 2 2 0 0 0 0 0 0 0 2 2 2 0 0 0 0 0 0 0 2 2 2",
    })
    void centreDosesMatchDicompylerCountForCount(String file, int leadingZeros, String counts) {
        assertArrayEquals(expected(leadingZeros, counts), centreDoseCounts(file), file);
    }

    @Test
    void aDoseGridFarFromTheRoiGivesNoHistogram() {
        RtDose dose = RtDose.read(fixture("fake_rtdose_empty_grid.dcm"));
        RtStructureSet.Roi roi = RtStructureSet.read(fixture("fake_rtss.dcm")).roi("1");
        HaloException e = assertThrows(HaloException.class, () -> ContourRasterizer.rasterize(roi, dose.dose().grid(), false));
        assertTrue(e.getMessage().contains("entirely outside"), e.getMessage());
        assertThrows(HaloException.class, () -> ContourRasterizer.rasterize(roi, dose.dose().grid(), true));
    }

    @Test
    void theShearedOrientationIsRefused() {
        HaloException e = assertThrows(HaloException.class, () -> RtDose.read(fixture("fake_rtdose_oblique.dcm")));
        assertTrue(e.getMessage().contains("ImageOrientationPatient"), e.getMessage());
    }
}
