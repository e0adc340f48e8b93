package org.halo.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

class GridTest {
    @Test
    void indexAndPatientCoordinatesInvertEachOtherOnObliqueGrids() {
        double c = Math.cos(0.4), s = Math.sin(0.4);
        Grid g = new Grid(new int[] {10, 12, 7}, new double[] {0.7, 0.9, 2.5}, new double[] {-100, 20.5, 33},
                new double[] {c, 0, s, 0, 1, 0, -s, 0, c});
        double[] p = g.indexToPatientMm(3, 4.5, 6);
        // Column 0 of the direction is (c, 0, −s): moving one voxel along i moves 0.7 mm along it.
        double[] p1 = g.indexToPatientMm(4, 4.5, 6);
        assertArrayEquals(new double[] {0.7 * c, 0, -0.7 * s}, new double[] {p1[0] - p[0], p1[1] - p[1], p1[2] - p[2]}, 1e-12);
        assertArrayEquals(new double[] {3, 4.5, 6}, g.patientMmToIndex(p[0], p[1], p[2]), 1e-12);
        assertFalse(g.isAxisAligned());
    }

    @Test
    void axisAlignedGridsMapGridAxesToPatientAxes() {
        Grid g = new Grid(new int[] {4, 4, 4}, new double[] {1, 1, 1}, new double[3], new double[] {0, 0, -1, 1, 0, 0, 0, 1, 0});
        assertTrue(g.isAxisAligned());
        assertEquals(1, g.patientAxisOf(0));
        assertEquals(2, g.patientAxisOf(1));
        assertEquals(0, g.patientAxisOf(2));
        assertEquals(-1, g.patientAxisSign(2));
    }

    @Test
    void invalidGeometryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Grid.of(4, 4, 4, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.of(4, 4, 4, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.of(0, 4, 4, 1, 1, 1));
    }

    @Test
    void labelMapsGiveOneStructurePerLabel() {
        Grid g = Grid.of(3, 1, 1, 1, 1, 1);
        Volume v = new Volume(g, ArrayImgs.shorts(new short[] {0, 5, 7}, 3, 1, 1));
        assertArrayEquals(new byte[] {0, 1, 0}, Mask.fromVolume(v, 5.0).voxels());
        Mask.NotBinary e = assertThrows(Mask.NotBinary.class, () -> Mask.fromVolume(v, null));
        assertTrue(e.getMessage().contains("not binary"), e.getMessage());
        assertArrayEquals(new double[] {5, 7}, e.values());
        assertThrows(IllegalArgumentException.class, () -> Mask.fromVolume(v, 9.0));
        Volume binary = new Volume(g, ArrayImgs.floats(new float[] {0, 255, 255}, 3, 1, 1));
        assertEquals(2, Mask.fromVolume(binary, null).count());
        assertEquals(2, Mask.fromImage(g, binary.image()).count());
    }

    @Test
    void boundingBoxAndVolume() {
        Grid g = Grid.of(5, 6, 7, 0.5, 0.5, 2);
        Mask m = Mask.empty(g);
        assertEquals(null, m.bounds());
        m.voxels()[g.index(1, 2, 3)] = 1;
        m.voxels()[g.index(4, 5, 6)] = 1;
        assertArrayEquals(new long[] {1, 2, 3}, m.bounds().minAsLongArray());
        assertArrayEquals(new long[] {4, 5, 6}, m.bounds().maxAsLongArray());
        assertEquals(2 * 0.5 / 1000, m.volumeCc(), 1e-15);
    }
}
