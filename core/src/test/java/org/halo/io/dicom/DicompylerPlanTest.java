package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dicompyler-core's real breast plan on the grid of its RTDOSE (rebuilt from what {@code tests/test_dose.py} asserts:
 * 194 × 129 × 98 voxels of 2.5 × 2.5 × 3 mm at (−228.6541915, −419.2444776, −122.4407); the dose file itself is not
 * redistributed). The Heart's voxel-centre volume is the 440.23124999 cc dicompyler-core's {@code test_dvhcalc.py}
 * asserts, and every structure's DVH, thin ones included, totals its mask's voxel volume.
 */
class DicompylerPlanTest {
    static final Grid DOSE_GRID = new Grid(new int[] {194, 129, 98}, new double[] {2.5, 2.5, 3.0},
            new double[] {-228.6541915, -419.2444776, -122.4407}, Grid.identity());

    /** Only the Heart has an independent volume (dicompyler-core's assertion); for the thin ROIs the test is the DVH total. */
    @ParameterizedTest
    @CsvSource({"Heart, 440.23124999", "Scar, NaN", "Borders, NaN", "Nodes, NaN"})
    void maskVolumesAndDvhTotalsOnTheRtdoseGrid(String roi, double dicompylerCc) {
        RtStructureSet rs = RtStructureSet.read(Path.of("..", "testdata", "dicom", "dicompyler", "rtss.dcm").toAbsolutePath().normalize());
        Mask mask = ContourRasterizer.rasterize(rs.roi(roi), DOSE_GRID, false).mask();
        if (!Double.isNaN(dicompylerCc)) assertEquals(dicompylerCc, mask.volumeCc(), 1e-6, roi + " voxel-centre volume");
        double expectedCc = mask.volumeCc();
        float[] d = new float[DOSE_GRID.voxelCount()];
        for (int i = 0; i < d.length; i++) d[i] = 1 + (i % 194) * 0.01f;
        DoseVolumeHistogram h = DoseVolumeHistogram.compute(Structure.of(roi, mask), new DoseGrid(Volume.ofFloats(DOSE_GRID, d)));
        assertEquals(mask.volumeCc(), h.volumeCc(), 1e-9 * expectedCc, roi + " DVH total");
    }
}
