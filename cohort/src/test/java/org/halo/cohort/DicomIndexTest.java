package org.halo.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halo.io.dicom.DicomReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on a synthetic tree whose layout and file names say nothing: links come from UIDs only. */
public class DicomIndexTest {
    public static final String CT = "1.2.840.10008.5.1.4.1.1.2", RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3", RTPLAN = "1.2.840.10008.5.1.4.1.1.481.5",
            RTDOSE = "1.2.840.10008.5.1.4.1.1.481.2";

    @TempDir
    Path tmp;

    public static TestDicom common(String sopClass, String sop, String modality, String patient, String series, String frame) {
        TestDicom d = new TestDicom().text(0x00080016, "UI", sopClass).text(0x00080018, "UI", sop).text(0x00080060, "CS", modality)
                .text(0x00100020, "LO", patient).text(0x0020000D, "UI", "2.25.1" + patient.hashCode()).text(0x0020000E, "UI", series);
        return frame == null ? d : d.text(0x00200052, "UI", frame);
    }

    /** A CT slice whose pixel data is cut short: a full read fails, a header read does not need it. */
    static void ct(Path file, String patient, String series, String frame, int slice) throws IOException {
        String sop = series + "." + slice;
        common(CT, sop, "CT", patient, series, frame).raw(0x00280010, "US", new byte[] {8, 0}).raw(0x00280011, "US", new byte[] {8, 0})
                .raw(0x7FE00010, "OW", new byte[2000]).write(file, CT, sop);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length - 1000));
    }

    public static void structureSet(Path file, String patient, String sop, String frame, String series, List<String> rois) throws IOException {
        TestDicom seriesItem = new TestDicom().text(0x0020000E, "UI", series);
        TestDicom study = new TestDicom().sequence(0x30060014, List.of(seriesItem));
        TestDicom forItem = new TestDicom().text(0x00200052, "UI", frame).sequence(0x30060012, List.of(study));
        List<TestDicom> roiItems = new java.util.ArrayList<>();
        for (int i = 0; i < rois.size(); i++) {
            roiItems.add(new TestDicom().text(0x30060022, "IS", String.valueOf(i + 1)).text(0x30060024, "UI", frame).text(0x30060026, "LO", rois.get(i)));
        }
        common(RTSTRUCT, sop, "RTSTRUCT", patient, sop + ".9", null).sequence(0x30060010, List.of(forItem)).sequence(0x30060020, roiItems)
                .raw(0x30060039, "SQ", new byte[0]).write(file, RTSTRUCT, sop);
    }

    public static void plan(Path file, String patient, String sop, String frame, String structureSet, double[][] isocentres) throws IOException {
        List<TestDicom> beams = new java.util.ArrayList<>();
        for (double[] iso : isocentres) {
            TestDicom cp = new TestDicom().text(0x300A012C, "DS", iso[0] + "\\" + iso[1] + "\\" + iso[2]);
            beams.add(new TestDicom().sequence(0x300A0111, List.of(cp)));
        }
        TestDicom d = common(RTPLAN, sop, "RTPLAN", patient, sop + ".9", frame)
                .sequence(0x300A0010, List.of(new TestDicom().text(0x300A0014, "CS", "SITE").text(0x300A0026, "DS", "20")))
                .sequence(0x300A0070, List.of(new TestDicom().text(0x300A0078, "IS", "1")))
                .sequence(0x300A00B0, beams);
        if (structureSet != null) {
            d.sequence(0x300C0060, List.of(new TestDicom().text(0x00081150, "UI", RTSTRUCT).text(0x00081155, "UI", structureSet)));
        }
        d.write(file, RTPLAN, sop);
    }

    public static void dose(Path file, String patient, String sop, String frame, String plan) throws IOException {
        TestDicom d = common(RTDOSE, sop, "RTDOSE", patient, sop + ".9", frame);
        if (plan != null) d.sequence(0x300C0002, List.of(new TestDicom().text(0x00081150, "UI", RTPLAN).text(0x00081155, "UI", plan)));
        d.raw(0x7FE00010, "OW", new byte[64]).write(file, RTDOSE, sop);
    }

    @Test
    void linksByUidsWhateverTheLayout() throws IOException {
        // Patient 1: everything linked by references, spread over unrelated folders.
        for (int k = 0; k < 3; k++) ct(tmp.resolve("a/deep/x" + k), "P1", "2.25.11", "2.25.10", k);
        structureSet(tmp.resolve("b/f1"), "P1", "2.25.12", "2.25.10", "2.25.11", List.of("GTV", "CTV"));
        plan(tmp.resolve("c/q/plan.bin"), "P1", "2.25.13", "2.25.10", "2.25.12", new double[][] {{1, 2, 3}});
        dose(tmp.resolve("d/dose"), "P1", "2.25.14", "2.25.10", "2.25.13");
        // Patient 2: the structure set names a series that is not there; two isocentres; no dose.
        for (int k = 0; k < 2; k++) ct(tmp.resolve("b/p2ct/s" + k), "P2", "2.25.21", "2.25.20", k);
        structureSet(tmp.resolve("b/g"), "P2", "2.25.22", "2.25.20", "2.25.99", List.of("CTV_1"));
        plan(tmp.resolve("b/h"), "P2", "2.25.23", "2.25.20", "2.25.22", new double[][] {{0, 0, 0}, {10, 0, 0}});
        // Patient 3: no images, no plan, a dose in the same frame of reference.
        structureSet(tmp.resolve("p3/rs"), "P3", "2.25.32", "2.25.30", "2.25.31", List.of("GTV"));
        dose(tmp.resolve("p3/rd"), "P3", "2.25.34", "2.25.30", null);
        // Not DICOM.
        Files.writeString(tmp.resolve("notes.txt"), "hello");
        Files.write(tmp.resolve("a/.DS_Store"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});

        assertThrows(RuntimeException.class, () -> DicomReader.read(tmp.resolve("a/deep/x0")), "the cut pixel data breaks a full read");
        DicomIndex.Result r = DicomIndex.index(List.of(tmp), null);
        assertEquals(14, r.files());
        assertEquals(12, r.dicomFiles());
        assertEquals(2, r.skippedFiles());
        assertTrue(r.unreadable().isEmpty(), r.unreadable().toString());
        assertEquals(3, r.rows().size());

        ManifestRow p1 = r.rows().get(0);
        assertEquals("P1", p1.patientId());
        assertEquals(tmp.resolve("a/deep"), p1.reference());
        assertEquals(tmp.resolve("d/dose"), p1.rtdose());
        assertEquals(tmp.resolve("c/q/plan.bin"), p1.rtplan());
        assertEquals(1, p1.fractions());
        assertEquals(20.0, p1.rxGy());
        assertEquals(List.of(1.0, 2.0, 3.0), List.of(p1.isocentreMm()[0], p1.isocentreMm()[1], p1.isocentreMm()[2]));
        assertEquals(List.of("GTV", "CTV"), p1.rois());
        assertTrue(p1.problems().isEmpty(), p1.problems().toString());

        ManifestRow p2 = r.rows().get(1);
        assertEquals(tmp.resolve("b/p2ct"), p2.reference());
        String problems2 = String.join("; ", p2.problems());
        assertTrue(problems2.contains("image series linked by frame of reference only"), problems2);
        assertTrue(problems2.contains("2 isocentres"), problems2);
        assertTrue(problems2.contains("no RTDOSE"), problems2);

        ManifestRow p3 = r.rows().get(2);
        assertEquals(tmp.resolve("p3/rd"), p3.reference());
        assertEquals(tmp.resolve("p3/rd"), p3.rtdose());
        String problems3 = String.join("; ", p3.problems());
        assertTrue(problems3.contains("no RTPLAN references this structure set"), problems3);
        assertTrue(problems3.contains("linked by frame of reference only"), problems3);
        assertTrue(problems3.contains("the dose grid is the reference"), problems3);

        List<String> csv = ManifestCsv.text(r.rows()).lines().toList();
        assertEquals(String.join(",", ManifestRow.COLUMNS), csv.get(0));
        assertEquals("P1," + tmp.resolve("b/f1") + "," + tmp.resolve("a/deep") + "," + tmp.resolve("d/dose") + "," + tmp.resolve("c/q/plan.bin")
                + ",1,20,1;2;3,GTV;CTV,", csv.get(1));
        assertEquals(4, csv.size());
    }

    /**
     * A plan that names no structure set (some planning systems and anonymisers drop the reference) is linked through
     * the dose that references it, else as the one plan in the frame of reference; the rule is noted. Two candidates
     * are listed and neither is linked.
     */
    @Test
    void linksAPlanThatNamesNoStructureSetAndListsAmbiguousOnes() throws IOException {
        // A: the dose references the plan, the plan names nothing; a second plan in the frame that the dose does not name.
        structureSet(tmp.resolve("a/rs"), "A", "2.25.42", "2.25.40", "2.25.41", List.of("GTV"));
        plan(tmp.resolve("a/plan"), "A", "2.25.43", "2.25.40", null, new double[][] {{1, 2, 3}});
        plan(tmp.resolve("a/other-plan"), "A", "2.25.45", "2.25.40", null, new double[][] {{9, 9, 9}});
        dose(tmp.resolve("a/dose"), "A", "2.25.44", "2.25.40", "2.25.43");
        // B: one plan in the frame of reference, naming nothing, no dose.
        structureSet(tmp.resolve("b/rs"), "B", "2.25.52", "2.25.50", "2.25.51", List.of("GTV"));
        plan(tmp.resolve("b/plan"), "B", "2.25.53", "2.25.50", null, new double[][] {{4, 5, 6}});
        // C: two such plans: ambiguous.
        structureSet(tmp.resolve("c/rs"), "C", "2.25.62", "2.25.60", "2.25.61", List.of("GTV"));
        plan(tmp.resolve("c/plan1"), "C", "2.25.63", "2.25.60", null, new double[][] {{0, 0, 0}});
        plan(tmp.resolve("c/plan2"), "C", "2.25.64", "2.25.60", null, new double[][] {{0, 0, 0}});
        // D: two plans both name the structure set: ambiguous too; a plan naming another structure set is never a candidate.
        structureSet(tmp.resolve("d/rs"), "D", "2.25.72", "2.25.70", "2.25.71", List.of("GTV"));
        plan(tmp.resolve("d/plan1"), "D", "2.25.73", "2.25.70", "2.25.72", new double[][] {{0, 0, 0}});
        plan(tmp.resolve("d/plan2"), "D", "2.25.74", "2.25.70", "2.25.72", new double[][] {{0, 0, 0}});
        structureSet(tmp.resolve("e/rs"), "E", "2.25.82", "2.25.80", "2.25.81", List.of("GTV"));
        plan(tmp.resolve("e/plan"), "E", "2.25.83", "2.25.80", "2.25.99", new double[][] {{0, 0, 0}});

        List<ManifestRow> rows = DicomIndex.index(List.of(tmp), null).rows();
        assertEquals(List.of("A", "B", "C", "D", "E"), rows.stream().map(ManifestRow::patientId).toList());
        ManifestRow a = rows.get(0), b = rows.get(1), c = rows.get(2), d = rows.get(3), e = rows.get(4);
        assertEquals(tmp.resolve("a/plan"), a.rtplan());
        assertEquals(tmp.resolve("a/dose"), a.rtdose());
        assertEquals(1, a.fractions());
        assertEquals(20.0, a.rxGy());
        assertEquals(3.0, a.isocentreMm()[2]);
        assertTrue(a.problems().contains("RTPLAN linked through the RTDOSE that references it (the plan names no structure set)"), a.problems().toString());

        assertEquals(tmp.resolve("b/plan"), b.rtplan());
        assertEquals(6.0, b.isocentreMm()[2]);
        assertTrue(b.problems().contains("RTPLAN linked by frame of reference only (the plan names no structure set)"), b.problems().toString());

        for (ManifestRow ambiguous : List.of(c, d)) {
            assertEquals(null, ambiguous.rtplan());
            assertEquals(null, ambiguous.rxGy());
            String problems = String.join("; ", ambiguous.problems());
            assertTrue(problems.contains("2 RTPLANs") && problems.contains("plan1") && problems.contains("plan2") && problems.contains("none linked"), problems);
        }
        assertEquals(null, e.rtplan());
        assertTrue(e.problems().contains("no RTPLAN references this structure set"), e.problems().toString());
    }

    @Test
    void quotesFieldsThatNeedIt() {
        assertEquals("\"a,b\"", ManifestCsv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ManifestCsv.quote("say \"hi\""));
        assertEquals("plain", ManifestCsv.quote("plain"));
    }
}
