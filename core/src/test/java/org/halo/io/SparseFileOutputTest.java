package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zero runs become holes, and the file reads back exactly as written, whatever the write sizes. */
class SparseFileOutputTest {
    @TempDir
    Path tmp;

    private byte[] roundTrip(byte[] content, int[] pieces) throws Exception {
        Path f = tmp.resolve("f" + System.nanoTime());
        try (OutputStream os = new SparseFileOutput(FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            int off = 0, p = 0;
            while (off < content.length) {
                int n = Math.min(content.length - off, pieces[p++ % pieces.length]);
                if (n == 1) os.write(content[off]);
                else os.write(content, off, n);
                off += n;
            }
        }
        return Files.readAllBytes(f);
    }

    @Test
    void contentSurvivesHolesAnywhereAndAnyWriteSizes() throws Exception {
        Random r = new Random(5);
        int block = SparseFileOutput.BLOCK;
        byte[] c = new byte[7 * block + 1234];
        // data in the 2nd block, one byte in the 5th, the last 1234 bytes zero (a trailing hole)
        for (int i = block + 17; i < 2 * block - 3; i++) c[i] = (byte) (1 + r.nextInt(255));
        c[4 * block + 999] = 42;
        for (int[] pieces : new int[][] {{c.length}, {1}, {348, 1, 70_001}, {block}, {block + 1, block - 1}}) {
            if (pieces[0] == 1 && pieces.length == 1) {
                byte[] small = java.util.Arrays.copyOf(c, 3 * block); // single bytes: keep it quick
                assertArrayEquals(small, roundTrip(small, pieces));
                continue;
            }
            byte[] back = roundTrip(c, pieces);
            assertEquals(c.length, back.length, "length with a trailing hole");
            assertArrayEquals(c, back);
        }
        byte[] zeros = new byte[3 * block];
        assertArrayEquals(zeros, roundTrip(zeros, new int[] {zeros.length}), "all zeros still has its length");
        assertArrayEquals(new byte[0], roundTrip(new byte[0], new int[] {1}));
    }
}
