package org.halo.cohort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a DICOM tree of many patients (CT slices with real-sized pixel data, a structure set, a plan and a dose each),
 * files named by number in one folder per patient: for the index benchmark.
 */
public final class SyntheticTree {
    private SyntheticTree() {}

    /** Writes {@code patients} patients of {@code slices} CT slices of size × size pixels each; returns the file count. */
    public static int write(Path root, int patients, int slices, int size) throws IOException {
        int files = 0;
        for (int p = 0; p < patients; p++) {
            String id = "BENCH" + p, base = "2.25." + (1000 + p);
            Path dir = root.resolve(String.format("%04d", p));
            for (int k = 0; k < slices; k++) {
                String sop = base + ".1." + k;
                DicomIndexTest.common(DicomIndexTest.CT, sop, "CT", id, base + ".1", base).raw(0x00280010, "US", new byte[] {(byte) size, (byte) (size >> 8)})
                        .raw(0x00280011, "US", new byte[] {(byte) size, (byte) (size >> 8)}).raw(0x7FE00010, "OW", new byte[2 * size * size])
                        .write(dir.resolve(String.valueOf(files++)), DicomIndexTest.CT, sop);
            }
            DicomIndexTest.structureSet(dir.resolve(String.valueOf(files++)), id, base + ".2", base, base + ".1", List.of("GTV", "CTV"));
            DicomIndexTest.plan(dir.resolve(String.valueOf(files++)), id, base + ".3", base, base + ".2", new double[][] {{0, 0, 0}});
            DicomIndexTest.dose(dir.resolve(String.valueOf(files++)), id, base + ".4", base, base + ".3");
        }
        return files;
    }
}
