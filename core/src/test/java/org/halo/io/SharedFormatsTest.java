package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Volume;
import org.halo.image.VoxelType;
import org.junit.jupiter.api.Test;

/**
 * Every file in testdata/formats read with the values an independent reader gives: nibabel 5.0 for NIfTI
 * (affines converted from RAS to LPS by negating the first two rows), NumPy on the raw payloads for the ITK files.
 */
class SharedFormatsTest {
    private static final double EPS = 1e-5;

    static double at(Volume v, long... pos) {
        RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
        ra.setPosition(pos);
        return ra.get().getRealDouble();
    }

    /** Compares grid geometry with an LPS affine given as rows {m00 m01 m02 t0, ...}. */
    static void assertAffine(double[][] lps, Grid g) {
        for (int r = 0; r < 3; r++) {
            double[] p0 = g.indexToPatientMm(0, 0, 0);
            assertEquals(lps[r][3], p0[r], EPS, "origin row " + r);
            for (int c = 0; c < 3; c++) {
                double[] e = {0, 0, 0};
                e[c] = 1;
                double[] p = g.indexToPatientMm(e[0], e[1], e[2]);
                assertEquals(lps[r][c], p[r] - p0[r], EPS, "affine[" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void niftiStandardSformOnly() {
        Volume v = ImageFiles.read(SharedData.formats("nifti/standard.nii.gz"));
        assertArrayEquals(new int[] {4, 5, 7}, v.grid().size());
        assertEquals(VoxelType.UINT8, v.voxelType());
        assertArrayEquals(new double[] {1, 3, 2}, v.grid().spacingMm(), EPS);
        assertAffine(new double[][] {{-1, 0, 0, 0}, {0, -3, 0, 0}, {0, 0, 2, 0}}, v.grid());
        assertEquals(7650.0, v.sum());
        assertEquals(255.0, at(v, 1, 2, 3));
    }

    @Test
    void niftiBigEndianInt16() {
        Volume v = ImageFiles.read(SharedData.formats("nifti/anatomical.nii"));
        assertArrayEquals(new int[] {33, 41, 25}, v.grid().size());
        assertEquals(VoxelType.INT16, v.voxelType());
        assertAffine(new double[][] {{2, 0, 0, -32}, {0, -2, 0, 40}, {0, 0, 2, -16}}, v.grid());
        assertEquals(284166082.0, v.sum());
        assertArrayEquals(new double[] {-610, 30393}, v.range());
        assertEquals(9798.0, at(v, 1, 2, 3));
    }

    @Test
    void nifti2FourDimensional() {
        Volume v = ImageFiles.read(SharedData.formats("nifti/example_nifti2.nii.gz"));
        assertArrayEquals(new int[] {32, 20, 12}, v.grid().size());
        assertEquals(2, v.frames());
        assertEquals(VoxelType.INT16, v.voxelType());
        assertAffine(new double[][] {
            {2, 0, 0, -117.8551025391},
            {0, -1.9737114906, 0.3555282354, 35.7229423523},
            {0, 0.3232076168, 2.1710817814, -7.2487983704}}, v.grid());
        assertArrayEquals(new double[] {2, 2, 2.1999990940093994}, v.grid().spacingMm(), 1e-6);
        assertEquals(6926802.0, v.sum());
        assertEquals(382.0, at(v, 1, 2, 3, 1));
        assertTrue(!v.grid().isAxisAligned());
    }

    @Test
    void niftiFloatWithMovedAffine() {
        Volume v = ImageFiles.read(SharedData.formats("nifti/reoriented_anat_moved.nii"));
        assertArrayEquals(new int[] {21, 26, 22}, v.grid().size());
        assertEquals(VoxelType.FLOAT32, v.voxelType());
        assertAffine(new double[][] {{-4, 0, 0, 35.2978973389}, {0, -4, 0, 47.9775848389}, {0, 0, 4, -27.5994091034}}, v.grid());
        assertEquals(32739769.449157715, v.sum(), 1e-3);
        assertEquals(21199.936, v.range()[1], 1e-3);
    }

    @Test
    void metaImageDetachedThreeSlices() {
        Volume v = ImageFiles.read(SharedData.formats("metaimage/BrainProtonDensity3Slices.mha"));
        assertArrayEquals(new int[] {181, 217, 3}, v.grid().size());
        assertEquals(VoxelType.UINT8, v.voxelType());
        assertEquals(14725708.0, v.sum());
        assertEquals(168.0, at(v, 100, 50, 1));
    }

    @Test
    void metaImageRawAndZrawAgree() {
        Volume raw = ImageFiles.read(SharedData.formats("metaimage/BrainProtonDensitySliceBorder20.mhd"));
        assertArrayEquals(new int[] {221, 257, 1}, raw.grid().size());
        assertEquals(4861905.0, raw.sum());
        Volume rotated = ImageFiles.read(SharedData.formats("metaimage/BrainProtonDensitySliceBorder20DirectionPlus30.mhd"));
        assertEquals(4861905.0, rotated.sum());
        double[] d = rotated.grid().direction();
        // Axis 0 runs along (0.866, 0.5), axis 1 along (−0.5, 0.866), as ITK reads the TransformMatrix.
        assertEquals(0.8660254, d[0], 1e-7);
        assertEquals(0.5, d[3], 1e-7);
        assertEquals(-0.5, d[1], 1e-7);
        assertEquals(0.8660254, d[4], 1e-7);
        assertEquals(1.0, d[8], 1e-12);
    }

    @Test
    void nrrdDetachedHeaders() {
        Volume v = ImageFiles.read(SharedData.formats("nrrd/BrainProtonDensitySliceBorder20.nhdr"));
        assertArrayEquals(new int[] {221, 257, 1}, v.grid().size());
        assertEquals(4861905.0, v.sum());
        Volume shifted = ImageFiles.read(SharedData.formats("nrrd/BrainProtonDensitySliceShifted13x17y.nhdr"));
        assertEquals(4861905.0, shifted.sum());
    }

    @Test
    void nrrdWhoseDataFileIsMissingIsAClearError() {
        // The rotated header names a .raw that the ITK example set keeps only beside the MetaImage copy.
        Path f = SharedData.formats("nrrd/BrainProtonDensitySliceBorder20DirectionPlus30.nhdr");
        HaloException e = assertThrows(HaloException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
