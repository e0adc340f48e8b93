package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.halo.image.Grid;
import org.halo.image.Volume;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shared file, and synthetic volumes of every voxel type, written in every format and read back unchanged. */
class RoundTripTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        String[] inputs = {"nifti/standard.nii.gz", "nifti/anatomical.nii", "nifti/example_nifti2.nii.gz",
            "nifti/reoriented_anat_moved.nii", "metaimage/BrainProtonDensity3Slices.mha",
            "metaimage/BrainProtonDensitySliceBorder20DirectionPlus30.mhd", "nrrd/BrainProtonDensitySliceShifted13x17y.nhdr"};
        String[] outputs = {"out.nii", "out.nii.gz", "out.nrrd", "out.nhdr", "out.mha", "out.mhd"};
        Stream.Builder<Arguments> b = Stream.builder();
        for (String in : inputs) for (String out : outputs) b.add(Arguments.of(in, out));
        return b.build();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cases")
    void sharedFilesRoundTrip(String input, String output) {
        Volume original = ImageFiles.read(SharedData.formats(input));
        Path out = tmp.resolve(output);
        ImageFiles.write(original, out);
        Volume back = ImageFiles.read(out);
        assertSameVolume(original, back, output.contains(".nii") ? 1e-5 : 1e-12);
    }

    static Stream<Arguments> typedCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String out : new String[] {"t.nii.gz", "t.nrrd", "t.mha"}) {
            b.add(Arguments.of("uint8", out));
            b.add(Arguments.of("int16", out));
            b.add(Arguments.of("uint16", out));
            b.add(Arguments.of("int32", out));
            b.add(Arguments.of("float32", out));
            b.add(Arguments.of("float64", out));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("typedCases")
    void everyVoxelTypeRoundTripsExactly(String type, String output) {
        int nx = 7, ny = 5, nz = 3;
        int n = nx * ny * nz;
        Volume v;
        switch (type) {
            case "uint8": { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) (i * 7); v = vol(ArrayImgs.unsignedBytes(a, nx, ny, nz)); break; }
            case "int16": { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) (i * 311 - 9000); v = vol(ArrayImgs.shorts(a, nx, ny, nz)); break; }
            case "uint16": { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) (i * 611); v = vol(ArrayImgs.unsignedShorts(a, nx, ny, nz)); break; }
            case "int32": { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = i * 123457 - 5000000; v = vol(ArrayImgs.ints(a, nx, ny, nz)); break; }
            case "float32": { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) Math.sin(i) * 1e3f; v = vol(ArrayImgs.floats(a, nx, ny, nz)); break; }
            default: { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = Math.cos(i) / 7.0; v = vol(ArrayImgs.doubles(a, nx, ny, nz)); break; }
        }
        Path out = tmp.resolve(output);
        ImageFiles.write(v, out);
        assertSameVolume(v, ImageFiles.read(out), output.contains(".nii") ? 1e-5 : 1e-12);
    }

    private static Volume vol(net.imglib2.img.array.ArrayImg<? extends RealType<?>, ?> img) {
        // Non-dyadic spacing, an origin off the lattice, and flipped axes.
        Grid g = new Grid(new int[] {7, 5, 3}, new double[] {0.683594, 0.683594, 1.25}, new double[] {-120.5, 33.25, -7.125},
                new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1});
        return new Volume(g, img);
    }

    static void assertSameVolume(Volume a, Volume b, double geometryTolerance) {
        assertEquals(a.voxelType(), b.voxelType());
        assertEquals(a.frames(), b.frames());
        assertArrayEquals(a.grid().size(), b.grid().size());
        assertArrayEquals(a.grid().spacingMm(), b.grid().spacingMm(), geometryTolerance);
        assertArrayEquals(a.grid().originMm(), b.grid().originMm(), geometryTolerance * 100);
        assertArrayEquals(a.grid().direction(), b.grid().direction(), Math.max(geometryTolerance, 1e-12));
        assertArrayEquals(a.image().dimensionsAsLongArray(), b.image().dimensionsAsLongArray());
        Cursor<? extends RealType<?>> ca = a.image().cursor(), cb = b.image().cursor();
        while (ca.hasNext()) assertEquals(ca.next().getRealDouble(), cb.next().getRealDouble());
    }
}
