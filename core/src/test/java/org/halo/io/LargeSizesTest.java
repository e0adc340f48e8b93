package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.img.array.ArrayImgs;
import org.halo.HaloException;
import org.halo.image.VoxelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes where 32-bit arithmetic would wrap: a uint8 payload near 2 GiB, a frame count beyond 2^32. */
class LargeSizesTest {
    @TempDir
    Path tmp;

    @Test
    void aUint8PayloadNear2GiBIsWrittenWhole() throws Exception {
        int n = Integer.MAX_VALUE - 64;
        byte[] voxels = new byte[n];
        voxels[n - 1] = 7;
        long[] written = {0};
        int[] last = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
                last[0] = b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
                if (len > 0) last[0] = b[off + len - 1];
            }
        };
        VoxelType.UINT8.writeLittleEndian(ArrayImgs.unsignedBytes(voxels, n, 1, 1), counting);
        assertEquals(n, written[0]);
        assertEquals(7, last[0]);
    }

    @Test
    void anNrrdWithMoreThan2To32FramesIsRefusedNotReadAs3d() throws Exception {
        Path f = tmp.resolve("frames.nhdr");
        Files.writeString(f, "NRRD0004\ntype: uint8\ndimension: 4\nsizes: 2 2 2 4294967297\nkinds: domain domain domain list\n"
                + "encoding: raw\ndata file: frames.raw\n\n", StandardCharsets.US_ASCII);
        Files.write(tmp.resolve("frames.raw"), new byte[8]);
        HaloException e = assertThrows(HaloException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().contains("4294967297"), e.getMessage());
    }
}
