package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken files give one line naming the file and the problem, and failed writes leave nothing behind. */
class BadInputTest {
    @TempDir
    Path tmp;

    private HaloException fails(Path f, String expected) {
        HaloException e = assertThrows(HaloException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one line");
        return e;
    }

    private byte[] anatomical() throws IOException {
        return Files.readAllBytes(SharedData.formats("nifti/anatomical.nii"));
    }

    @Test
    void truncatedNifti() throws IOException {
        byte[] b = anatomical();
        Path f = tmp.resolve("cut.nii");
        Files.write(f, Arrays.copyOf(b, b.length - 1000));
        fails(f, "truncated voxel data");
        Files.write(f, Arrays.copyOf(b, 200));
        fails(f, "truncated NIfTI header");
    }

    @Test
    void niftiWithMoreDataThanHeaderPromises() throws IOException {
        byte[] b = anatomical();
        Path f = tmp.resolve("long.nii");
        Files.write(f, Arrays.copyOf(b, b.length + 10));
        fails(f, "more than the");
    }

    @Test
    void unknownNiftiDatatype() throws IOException {
        byte[] b = anatomical();
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putShort(70, (short) 32).putShort(72, (short) 64);
        Path f = tmp.resolve("complex.nii");
        Files.write(f, b);
        fails(f, "unsupported NIfTI datatype 32");
    }

    @Test
    void zeroOrNegativeSpacing() throws IOException {
        byte[] b = anatomical();
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        h.putShort(252, (short) 0).putShort(254, (short) 0).putFloat(80, -2f);
        Path f = tmp.resolve("negative.nii");
        Files.write(f, b);
        fails(f, "spacing must be positive");

        Path nrrd = tmp.resolve("zero.nrrd");
        Files.writeString(nrrd, "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nspace: left-posterior-superior\n"
                + "space directions: (0,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n" + "\0".repeat(8), StandardCharsets.ISO_8859_1);
        fails(nrrd, "spacing must be positive");

        Path mha = tmp.resolve("zero.mha");
        Files.writeString(mha, "NDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 0 1\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n"
                + "\0".repeat(8), StandardCharsets.ISO_8859_1);
        fails(mha, "spacing must be positive");
    }

    @Test
    void gzipThatInflatesPastTheHeader() throws IOException {
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(SharedData.formats("nifti/standard.nii.gz")))) {
            raw = in.readAllBytes();
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
            gz.write(new byte[100_000]);
        }
        Path f = tmp.resolve("bomb.nii.gz");
        Files.write(f, bos.toByteArray());
        fails(f, "more than the 140 bytes");

        Path nrrd = tmp.resolve("bomb.nrrd");
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(payload)) {
            gz.write(new byte[64]);
        }
        try (OutputStream os = Files.newOutputStream(nrrd)) {
            os.write("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: gzip\n\n".getBytes(StandardCharsets.ISO_8859_1));
            os.write(payload.toByteArray());
        }
        fails(nrrd, "more than the 8 bytes");
    }

    @Test
    void headerPromisingHugeDataFailsWithoutAllocatingIt() throws IOException {
        Path mha = tmp.resolve("huge.mha");
        Files.writeString(mha, "NDims = 3\nDimSize = 4000 4000 4000\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n\0\0\0\0",
                StandardCharsets.ISO_8859_1);
        fails(mha, "larger than Halo supports");
        Path mha2 = tmp.resolve("big.mha");
        Files.writeString(mha2, "NDims = 3\nDimSize = 1000 1000 100\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n\0\0\0\0",
                StandardCharsets.ISO_8859_1);
        fails(mha2, "truncated voxel data");
    }

    @Test
    void notAnImage() throws IOException {
        Path f = tmp.resolve("text.nii");
        Files.writeString(f, "hello, this is not a NIfTI file at all, really not");
        fails(f, "not a NIfTI file");
        Path g = tmp.resolve("x.nrrd");
        Files.writeString(g, "hello");
        fails(g, "not a NRRD file");
        HaloException e = assertThrows(HaloException.class, () -> ImageFiles.read(tmp.resolve("missing.nii")));
        assertTrue(e.getMessage().contains("no such file"));
        assertThrows(HaloException.class, () -> ImageFiles.read(tmp.resolve("a.png")));
    }

    @Test
    void niftiScalingIsApplied() throws IOException {
        byte[] b = anatomical();
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putFloat(112, 2.5f).putFloat(116, -10f);
        Path f = tmp.resolve("scaled.nii");
        Files.write(f, b);
        org.halo.image.Volume plain = ImageFiles.read(SharedData.formats("nifti/anatomical.nii"));
        org.halo.image.Volume scaled = ImageFiles.read(f);
        assertEquals(org.halo.image.VoxelType.FLOAT32, scaled.voxelType());
        for (int i = 0; i < plain.valueCount(); i += 97) assertEquals(plain.values().at(i) * 2.5 - 10, scaled.values().at(i), 1e-3);
    }

    @Test
    void writtenFilesHaveOrdinaryPermissions() throws IOException {
        Path f = tmp.resolve("m.nii");
        ImageFiles.write(Mask.empty(Grid.of(2, 2, 2, 1, 1, 1)).toVolume(), f);
        var perms = Files.getPosixFilePermissions(f);
        assertTrue(perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ), perms.toString());
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path target = tmp.resolve("ptv.nii");
        try (AtomicOutput out = new AtomicOutput()) {
            try (OutputStream os = out.open(target)) {
                os.write(new byte[100]);
            }
            // no commit: as if the writer failed half way
        }
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
        Path nowhere = tmp.resolve("no-such-folder").resolve("ptv.nii.gz");
        Mask m = Mask.empty(Grid.of(3, 3, 3, 1, 1, 1));
        HaloException e = assertThrows(HaloException.class, () -> ImageFiles.write(m.toVolume(), nowhere));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(nowhere));
    }
}
