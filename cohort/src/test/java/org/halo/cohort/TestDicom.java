package org.halo.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halo.io.dicom.DicomDataset;
import org.halo.io.dicom.DicomWriter;

/** Chained building of test DICOM files on Halo's own writer (explicit VR little endian, Part 10). */
public final class TestDicom {
    private final DicomDataset data = new DicomDataset();

    TestDicom text(int tag, String vr, String value) {
        data.text(tag, vr, value);
        return this;
    }

    TestDicom raw(int tag, String vr, byte[] value) {
        data.raw(tag, vr, value);
        return this;
    }

    TestDicom sequence(int tag, List<TestDicom> items) {
        data.sequence(tag, items.stream().map(t -> t.data).toList());
        return this;
    }

    void write(Path file, String sopClass, String sopUid) throws IOException {
        Files.createDirectories(file.getParent());
        DicomWriter.write(file, sopClass, sopUid, data);
    }
}
