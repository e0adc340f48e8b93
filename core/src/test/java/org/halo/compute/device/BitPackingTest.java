package org.halo.compute.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import org.halo.compute.Box;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Packing a box's sites to bits and marking bits back into a grid, against voxel-by-voxel definitions: rows of every
 * width modulo 8 and 64, empty stretches (the zero-word skip) and dense ones, boxes on either side of the parallel
 * threshold, part-by-part packing into a dirty reused buffer (the pinned-memory upload).
 */
class BitPackingTest {
    @ParameterizedTest
    @CsvSource({
        "40, 30, 20, 3, 2, 1, 37, 27, 19, 1",
        "200, 70, 9, 0, 0, 0, 200, 70, 9, 1",
        "130, 90, 100, 1, 5, 2, 129, 89, 99, 0",
        "520, 64, 40, 4, 0, 3, 516, 64, 40, 1",
        "7, 5, 3, 0, 0, 0, 7, 5, 3, 1",
    })
    void packAndMarkMatchTheVoxelDefinition(int nx, int ny, int nz, int x0, int y0, int z0, int x1, int y1, int z1, int site) {
        Random random = new Random(nx * 31L + x0);
        byte[] mask = new byte[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            boolean dense = k % 3 == 0; // some slabs empty or sparse, some dense
            for (int i = k * nx * ny; i < (k + 1) * nx * ny; i++) mask[i] = (byte) (random.nextInt(dense ? 2 : 500) == 0 ? 1 : 0);
        }
        Box box = new Box(x0, y0, z0, x1, y1, z1);
        byte siteValue = (byte) site;

        byte[] packed = BitPacking.packBoxRows(mask, nx, ny, box, siteValue);
        int rowBytes = (box.nx() + 7) / 8;
        assertEquals(rowBytes * box.ny() * box.nz(), packed.length);
        ByteBuffer dirty = ByteBuffer.allocateDirect(packed.length);
        for (int i = 0; i < packed.length; i++) dirty.put(i, (byte) 0xA5);
        int rows = box.ny() * box.nz();
        for (int part = 0; part < 5; part++) {
            BitPacking.packBoxRows(mask, nx, ny, box, siteValue, dirty, rows * part / 5, rows * (part + 1) / 5);
        }
        byte[] fromParts = new byte[packed.length];
        dirty.get(0, fromParts);
        assertArrayEquals(packed, fromParts, "part-by-part packing into a reused buffer");
        for (int k = 0; k < box.nz(); k++) {
            for (int j = 0; j < box.ny(); j++) {
                for (int i = 0; i < box.nx(); i++) {
                    int row = j + box.ny() * k;
                    boolean bit = (packed[row * rowBytes + i / 8] >> (i % 8) & 1) != 0;
                    boolean isSite = mask[(x0 + i) + nx * ((y0 + j) + ny * (z0 + k))] == siteValue;
                    if (bit != isSite) throw new AssertionError("bit of voxel " + i + "," + j + "," + k);
                }
            }
        }

        // Bits along the box's linear index, as a device returns them; marking sets those voxels and leaves the rest.
        byte[] linear = new byte[(box.voxelCount() + 7) / 8];
        boolean[] set = new boolean[box.voxelCount()];
        for (int v = 0; v < set.length; v++) {
            set[v] = random.nextInt((v / box.nx()) % 4 == 0 ? 3 : 1000) == 0;
            if (set[v]) linear[v >> 3] |= (byte) (1 << (v & 7));
        }
        byte[] grid = new byte[mask.length];
        for (int i = 0; i < grid.length; i++) grid[i] = (byte) (random.nextInt(7) == 0 ? 1 : 0);
        byte[] expected = grid.clone();
        for (int v = 0; v < set.length; v++) {
            if (!set[v]) continue;
            int i = v % box.nx(), j = v / box.nx() % box.ny(), k = v / (box.nx() * box.ny());
            expected[(x0 + i) + nx * ((y0 + j) + ny * (z0 + k))] = 1;
        }
        byte[] viaArray = grid.clone();
        BitPacking.markBoxRows(linear, box, nx, ny, viaArray);
        assertArrayEquals(expected, viaArray);
        ByteBuffer direct = ByteBuffer.allocateDirect(linear.length);
        direct.put(0, linear);
        byte[] viaBuffer = grid.clone();
        BitPacking.markBoxRows(direct, box, nx, ny, viaBuffer);
        assertArrayEquals(expected, viaBuffer);
    }
}
