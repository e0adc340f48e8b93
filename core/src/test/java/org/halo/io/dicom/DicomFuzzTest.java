package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.halo.HaloException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated copies of the real files (flipped bytes, lengths set to huge or odd values, truncations): every one either
 * reads or fails with a {@link HaloException}; never another exception, a hang or an out-of-memory.
 */
class DicomFuzzTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pydicom/rtstruct.dcm", "pydicom/rtdose.dcm", "pydicom/rtdose_expb.dcm", "pydicom/rtdose_rle.dcm",
        "pydicom/rtplan.dcm", "pydicom/CT_small.dcm", "ct-series-5/2062"})
    void mutatedFilesFailCleanly(String name) throws IOException {
        byte[] original = Files.readAllBytes(DicomFilesTest.dicom(name));
        Random r = new Random(name.hashCode());
        Path f = tmp.resolve("fuzz.dcm");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 400; round++) {
                byte[] b = mutate(original, r);
                Files.write(f, b);
                try {
                    if (name.contains("rtstruct")) RtStructureSet.read(f);
                    else if (name.contains("rtdose")) RtDose.read(f);
                    else if (name.contains("rtplan")) DicomReader.read(f);
                    else CtSeries.read(f);
                } catch (HaloException expected) {
                    // a clear, one-line refusal is the point
                }
            }
        });
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        switch (r.nextInt(4)) {
            case 0: // flip a few bytes
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                return b;
            case 1: // truncate
                return Arrays.copyOf(b, r.nextInt(b.length));
            case 2: { // a 32-bit length field made huge, negative or odd
                int at = r.nextInt(Math.max(1, b.length - 4));
                int[] values = {0xFFFFFFFF, 0x7FFFFFFF, 0xFFFFFFF0, 1 + r.nextInt(1 << 20), 3};
                ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).putInt(at, values[r.nextInt(values.length)]);
                return b;
            }
            default: { // a 16-bit length field
                int at = r.nextInt(Math.max(1, b.length - 2));
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) r.nextInt(65536));
                return b;
            }
        }
    }
}
