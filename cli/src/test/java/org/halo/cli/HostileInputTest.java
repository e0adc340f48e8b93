package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs Halo cannot represent faithfully, generated here, each refused the same way: exit 1, one line on stderr that
 * names the file and the problem, no stack trace, and no output file (or an earlier one left byte for byte).
 */
class HostileInputTest {
    @TempDir
    Path tmp;

    static Path testdata(String relative) {
        return Path.of("..", "testdata").resolve(relative).toAbsolutePath().normalize();
    }

    /** Asserts the refusal conventions and returns the one line. */
    static String refused(CliTest.Run r, String names, Path... mustNotExist) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("halo: "), r.err());
        assertTrue(r.err().contains(names), "'" + names + "' in " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        for (Path p : mustNotExist) assertFalse(Files.exists(p), p + " was left behind");
        return r.err().strip();
    }

    private Path ctv(String name) {
        Grid g = Grid.of(24, 22, 20, 1, 1, 1);
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 11.3, 10.6, 9.8, 5);
        Path f = tmp.resolve(name);
        ImageFiles.write(m.toVolume(), f);
        return f;
    }

    private CliTest.Run expand(Path in, Path out) {
        return CliTest.run("expand", "--in", in.toString(), "--out", out.toString(), "--margin-mm", "3");
    }

    // 1. Sheared geometry.

    @Test
    void aShearedNiftiSformIsRefused() throws Exception {
        Path f = ctv("sheared.nii");
        byte[] b = Files.readAllBytes(f);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putFloat(280 + 4, 0.3f); // srow_x[1]: the y axis leans into x
        Files.write(f, b);
        Path out = tmp.resolve("ptv.nii");
        String line = refused(expand(f, out), f.toString(), out);
        assertTrue(line.contains("sform") && line.contains("sheared"), line);
    }

    @Test
    void shearedNrrdSpaceDirectionsAndMetaImageTransformMatrixAreRefused() throws Exception {
        Path nrrd = tmp.resolve("sheared.nrrd");
        Files.write(nrrd, ("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4 4 4\nspace: left-posterior-superior\n"
                + "space directions: (1,0,0) (0.2,1,0) (0,0,1)\nspace origin: (0,0,0)\nencoding: raw\n\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(nrrd, new byte[64], java.nio.file.StandardOpenOption.APPEND);
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(nrrd, out), nrrd.toString(), out).contains("space directions"));
        Path mha = tmp.resolve("sheared.mha");
        Files.write(mha, ("ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementType = MET_UCHAR\nElementSpacing = 1 1 1\n"
                + "TransformMatrix = 1 0 0 0.2 1 0 0 0 1\nElementDataFile = LOCAL\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(mha, new byte[64], java.nio.file.StandardOpenOption.APPEND);
        assertTrue(refused(expand(mha, out), mha.toString(), out).contains("TransformMatrix"));
    }

    @Test
    void anObliqueButOrthogonalGridStaysSupported() {
        double c = Math.cos(0.4), s = Math.sin(0.4);
        Grid g = new Grid(new int[] {16, 16, 12}, new double[] {1, 1, 2}, new double[] {3, -2, 5}, new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 8, 8, 6, 3);
        Path f = tmp.resolve("oblique.nii");
        ImageFiles.write(m.toVolume(), f);
        CliTest.Run r = expand(f, tmp.resolve("o.nii"));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aShearedRtdoseIsRefused() {
        Path dose = testdata("dicom/dicompyler/decubitus/fake_rtdose_oblique.dcm");
        Path out = tmp.resolve("dose.nii");
        String line = refused(CliTest.run("dicom", "convert", "--rtdose", dose.toString(), "--out", out.toString()), dose.toString(), out);
        assertTrue(line.contains("ImageOrientationPatient") && line.contains("sheared"), line);
    }

    // 2. NaN voxels.

    private Path floatImage(String name, float... extra) {
        Grid g = Grid.of(12, 12, 12, 1, 1, 1);
        float[] v = new float[g.voxelCount()];
        v[g.index(6, 6, 6)] = 1;
        for (int i = 0; i < extra.length; i++) v[g.index(2 + i, 2, 2)] = extra[i];
        Path f = tmp.resolve(name);
        ImageFiles.write(Volume.ofFloats(g, v), f);
        return f;
    }

    @Test
    void nanVoxelsInAStructureAreRefusedByEveryCommandThatReadsOne() {
        Path f = floatImage("nan.nii", Float.NaN, Float.NaN);
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(f, out), f.toString(), out).contains("2 NaN voxels"));
        assertTrue(refused(CliTest.run("expand", "--in", f.toString(), "--out", out.toString(), "--margin-mm", "2", "--subvoxel"), f.toString(), out)
                .contains("NaN"));
        Path dose = floatImage("dose.nii");
        Path csv = tmp.resolve("dvh.csv");
        assertTrue(refused(CliTest.run("dvh", "--structure", f.toString(), "--dose", dose.toString(), "--out", csv.toString()), f.toString(), csv)
                .contains("NaN"));
        Path good = floatImage("good.nii");
        assertTrue(refused(CliTest.run("metrics", "--ctv", f.toString(), "--ptv", good.toString()), f.toString()).contains("NaN"));
        assertTrue(refused(CliTest.run("miss", "--ctv", f.toString(), "--fractions", "1", "--margin-mm", "1", "--scenarios", "100"), f.toString())
                .contains("NaN"));
    }

    @Test
    void aNiftiWhoseInterceptIsNanIsRefusedAndInfoCountsNonFiniteVoxels() throws Exception {
        Path f = ctv("allnan.nii");
        byte[] b = Files.readAllBytes(f);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putFloat(112, 2f);
        h.putFloat(116, Float.NaN); // a valid scl_slope with scl_inter NaN would make every voxel NaN
        Files.write(f, b);
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(f, out), f.toString(), out).contains("scl_inter"));
        assertTrue(refused(CliTest.run("info", f.toString()), f.toString()).contains("scl_inter"));

        Path odd = floatImage("odd.nii", Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN);
        CliTest.Run info = CliTest.run("info", odd.toString());
        assertEquals(0, info.code(), info.err());
        assertFalse(info.out().contains("Infinity …") || info.out().contains("… -Infinity"), info.out());
        assertTrue(info.out().contains("finite values 0 … 1") && info.out().contains("2 NaN, 1 +Infinity, 1 -Infinity"), info.out());
        Grid g = Grid.of(4, 4, 4, 1, 1, 1);
        float[] nan = new float[g.voxelCount()];
        java.util.Arrays.fill(nan, Float.NaN);
        Path allNan = tmp.resolve("all-nan.nii");
        ImageFiles.write(Volume.ofFloats(g, nan), allNan);
        CliTest.Run none = CliTest.run("info", allNan.toString());
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("no finite values") && none.out().contains("64 NaN") && !none.out().contains("Infinity …"), none.out());
        assertTrue(refused(expand(allNan, out), allNan.toString(), out).contains("64 NaN voxels"));
        CliTest.Run json = CliTest.run("info", odd.toString(), "--json");
        assertTrue(json.out().contains("\"nan_voxels\": 2") && json.out().contains("\"infinite_voxels\": 2"), json.out());
    }

    // 3. Corrupt gzip and zlib payloads.

    private Path gzipped(String name, byte[] plain) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        Path f = tmp.resolve(name);
        Files.write(f, bytes.toByteArray());
        return f;
    }

    @Test
    void aGzipPayloadWithABadCrcOrNoTrailerIsRefused() throws Exception {
        byte[] plain = Files.readAllBytes(ctv("plain.nii"));
        Path badCrc = gzipped("badcrc.nii.gz", plain);
        byte[] b = Files.readAllBytes(badCrc);
        b[b.length - 8] ^= 0x01; // first byte of the CRC-32
        Files.write(badCrc, b);
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(badCrc, out), badCrc.toString(), out).contains("corrupt compressed"));
        Path badLength = gzipped("badlen.nii.gz", plain);
        b = Files.readAllBytes(badLength);
        b[b.length - 1] ^= 0x01; // ISIZE
        Files.write(badLength, b);
        refused(expand(badLength, out), badLength.toString(), out);
        Path noTrailer = gzipped("notrailer.nii.gz", plain);
        b = Files.readAllBytes(noTrailer);
        Files.write(noTrailer, java.util.Arrays.copyOf(b, b.length - 8));
        assertTrue(refused(expand(noTrailer, out), noTrailer.toString(), out).contains("trailer"));

        Path nrrd = ctv("gz.nrrd"); // attached, gzip encoded
        b = Files.readAllBytes(nrrd);
        b[b.length - 6] ^= 0x01;
        Files.write(nrrd, b);
        refused(expand(nrrd, out), nrrd.toString(), out);
    }

    @Test
    void aZrawPayloadWithABadAdlerChecksumIsRefused() throws Exception {
        byte[] voxels = new byte[4 * 4 * 4];
        voxels[21] = 1;
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(voxels);
        d.finish();
        byte[] z = new byte[256];
        int n = d.deflate(z);
        z[n - 1] ^= 0x01; // last byte of the Adler-32
        Path raw = tmp.resolve("m.zraw");
        Files.write(raw, java.util.Arrays.copyOf(z, n));
        Path mhd = tmp.resolve("m.mhd");
        Files.write(mhd, ("ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementType = MET_UCHAR\nElementSpacing = 1 1 1\n"
                + "CompressedData = True\nCompressedDataSize = " + n + "\nElementDataFile = m.zraw\n").getBytes(StandardCharsets.US_ASCII));
        Path out = tmp.resolve("o.nii");
        refused(expand(mhd, out), "m.zraw", out);
    }

    // 4. RTDOSE scaling.

    /** The nondecubitus fixture with its DoseGridScaling element changed: value text, or the tag moved away. */
    private Path doseWithScaling(String value) throws Exception {
        byte[] b = Files.readAllBytes(testdata("dicom/dicompyler/decubitus/fake_rtdose_nondecub.dcm"));
        int at = indexOf(b, new byte[] {0x04, 0x30, 0x0e, 0x00});
        assertTrue(at > 0);
        if (value == null) {
            b[at + 2] = 0x0d; // (3004,000D): no DoseGridScaling any more
        } else {
            byte[] v = String.format("%-6s", value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(v, 0, b, at + 8, 6);
        }
        Path f = tmp.resolve("dose-" + (value == null ? "none" : value.replace('-', 'm')) + ".dcm");
        Files.write(f, b);
        return f;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void anRtdoseWithoutAUsableDoseGridScalingIsRefused() throws Exception {
        Path out = tmp.resolve("dose.nii");
        for (String value : new String[] {null, "0", "-1e-5", "NaN"}) {
            Path f = doseWithScaling(value);
            String line = refused(CliTest.run("dicom", "convert", "--rtdose", f.toString(), "--out", out.toString()), f.toString(), out);
            assertTrue(line.contains("DoseGridScaling"), line);
        }
        CliTest.Run ok = CliTest.run("dicom", "convert", "--rtdose", doseWithScaling("1e-05").toString(), "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
    }

    // An earlier output survives a refused run byte for byte.

    @Test
    void aRefusedRunLeavesAnEarlierOutputUntouched() throws Exception {
        Path in = ctv("in.nii");
        Path out = tmp.resolve("ptv.nii");
        assertEquals(0, expand(in, out).code());
        byte[] before = Files.readAllBytes(out);
        Path bad = floatImage("bad.nii", Float.NaN);
        refused(expand(bad, out), bad.toString());
        assertArrayEquals(before, Files.readAllBytes(out));
    }
    // 6. A ROI beyond the reference grid is never moved onto it.

    @Test
    void aRoiEntirelyOutsideTheReferenceGridIsRefusedNotMovedOntoIt() {
        Path rtss = testdata("dicom/dicompyler/rtss.dcm"), ct = testdata("dicom/dicompyler/ct.0.dcm");
        Path out = tmp.resolve("heart.nii");
        for (String mode : new String[] {"--json", "--fractional"}) {
            String line = refused(CliTest.run("dicom", "convert", "--rtstruct", rtss.toString(), "--roi", "Heart", "--reference", ct.toString(),
                    "--out", out.toString(), mode), rtss.toString(), out);
            assertTrue(line.contains("'Heart'") && line.contains("entirely outside"), line);
        }
        Path ss = testdata("dicom/dicompyler/decubitus/fake_rtss.dcm"), far = testdata("dicom/dicompyler/decubitus/fake_rtdose_empty_grid.dcm");
        refused(CliTest.run("dicom", "convert", "--rtstruct", ss.toString(), "--roi", "1", "--reference", far.toString(), "--out", out.toString()),
                "entirely outside", out);
    }

    @Test
    void aRoiPartlyOutsideKeepsWhatIsOnTheGridAndSaysHowMuchIsLost() {
        // The fixture's box (x 3…7, y 14.5…17.5, z −10…10 mm, 0.360 cc) on a grid whose voxels end at x = 4.5 mm.
        Grid g = new Grid(new int[] {5, 10, 3}, new double[] {1, 1, 10}, new double[] {0, 10, -10}, Grid.identity());
        Path ref = tmp.resolve("ref.nii");
        ImageFiles.write(Mask.empty(g).toVolume(), ref);
        Path ss = testdata("dicom/dicompyler/decubitus/fake_rtss.dcm");
        CliTest.Run r = CliTest.run("dicom", "convert", "--rtstruct", ss.toString(), "--roi", "1", "--reference", ref.toString(),
                "--out", tmp.resolve("part.nii").toString(), "--fractional", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0.225 cc of its 0.360 cc lie outside and are dropped"), r.out());
        assertTrue(r.out().contains("\"volume_cc\": 0.135"), r.out());
    }

    // 7. A grid built around a ROI covers the slabs of its end contour planes.

    @Test
    void aGridBuiltAroundARoiKeepsItsEndSlabs() {
        Path rs = testdata("dicom/pydicom/rtstruct.dcm");
        for (String spacing : new String[] {"1,1,1", "0.3,0.3,0.1", "2,2,5"}) {
            CliTest.Run r = CliTest.run("dicom", "convert", "--rtstruct", rs.toString(), "--roi", "patient", "--spacing-mm", spacing,
                    "--out", tmp.resolve("patient.nii").toString(), "--json");
            assertEquals(0, r.code(), r.err());
            double cc = Double.parseDouble(r.out().replaceAll("(?s).*\"volume_cc\": ([0-9.]+).*", "$1"));
            assertEquals(3600, cc, 36, spacing + ": " + r.out());
            assertTrue(r.out().contains("\"warnings\": []"), r.out());
        }
    }

    // 8 and 10. A DVH totals its structure's volume; a voxel of the dose grid is never outside it.

    @Test
    void aMaskOnTheDoseGridsEdgePlaneIsInsideAndItsDvhTotalsItsVoxelVolume() {
        Path dir = testdata("dicom/dicompyler/decubitus");
        Path mask = tmp.resolve("ptv.nii"), dose = tmp.resolve("dose.nii");
        assertEquals(0, CliTest.run("dicom", "convert", "--rtstruct", dir.resolve("fake_rtss.dcm").toString(), "--roi", "1",
                "--reference", dir.resolve("fake_rtdose_ff_decub_left.dcm").toString(), "--out", mask.toString()).code());
        assertEquals(0, CliTest.run("dicom", "convert", "--rtdose", dir.resolve("fake_rtdose_ff_decub_left.dcm").toString(), "--out", dose.toString()).code());
        CliTest.Run dvh = CliTest.run("dvh", "--structure", mask.toString(), "--dose", dose.toString(), "--out", tmp.resolve("dvh.csv").toString());
        assertEquals(0, dvh.code(), dvh.err());
        assertTrue(dvh.out().contains("0.360 cc"), dvh.out()); // 18 voxels of 2 × 1 × 10 mm
        CliTest.Run metrics = CliTest.run("metrics", "--ctv", mask.toString(), "--ptv", mask.toString(), "--dose", dose.toString(), "--rx-gy", "0.2");
        assertEquals(0, metrics.code(), metrics.err());
    }

    // 9. The plan's prescription is its site's, not a calculation point's.

    @Test
    void dicomListShowsTheSitePrescriptionAndEveryReferenceWithItsType() {
        CliTest.Run r = CliTest.run("dicom", "list", testdata("dicom/dicompyler/rtplan.dcm").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("7 fraction(s), target prescription 14 Gy"), r.out());
        assertTrue(r.out().contains("SITE 'Breast': 14 Gy") && r.out().contains("COORDINATES 'CALC POINT': 11.3114 Gy (a calculation point)"), r.out());
        CliTest.Run json = CliTest.run("dicom", "list", testdata("dicom/dicompyler/rtplan.dcm").toString(), "--json");
        assertTrue(json.out().contains("\"target_prescription_gy\": 14") && json.out().contains("\"type\": \"COORDINATES\""), json.out());
    }
    // 11. A grid larger than the heap allows is refused with the memory it needs, before allocating.

    @Test
    void anImageLargerThanTheHeapIsRefusedWithTheMemoryItNeeds() throws Exception {
        Path f = tmp.resolve("huge.nii.gz");
        int n = 800; // float32: 2 GiB of voxels, 4 GiB with the decoded image, more than the test JVM's heap
        ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 348);
        h.putShort(40, (short) 3).putShort(42, (short) n).putShort(44, (short) n).putShort(46, (short) n).putShort(48, (short) 1);
        h.putShort(70, (short) 16).putShort(72, (short) 32); // FLOAT32
        h.putFloat(76, 1f).putFloat(80, 1f).putFloat(84, 1f).putFloat(88, 1f);
        h.putFloat(108, 352f);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        java.util.zip.Deflater fast = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true);
        try (java.io.OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16) {
            { def = fast; }
        }) {
            out.write(h.array());
            byte[] zeros = new byte[1 << 20];
            for (long done = 0; done < 4L * n * n * n; done += zeros.length) out.write(zeros);
        }
        Path out = tmp.resolve("d.nii");
        String line = refused(CliTest.run("distance", "--in", f.toString(), "--out", out.toString()), "huge.nii.gz", out);
        assertTrue(line.contains("needs about") && line.contains("HALO_JAVA_OPTS"), line);
    }
    // 14 and 16. Outputs are checked before any work, and appear together or not at all.

    @Test
    void everyOutputIsCheckedBeforeAnyWorkAndNoneIsLeftAlone() throws Exception {
        Path in = ctv("in.nii");
        Path dose = floatImage("dose.nii");
        Path csv = tmp.resolve("dvh.csv"), plot = tmp.resolve("missing-folder").resolve("dvh.png");
        String line = refused(CliTest.run("dvh", "--structure", in.toString(), "--dose", dose.toString(), "--out", csv.toString(),
                "--plot", plot.toString()), plot.toString(), csv);
        assertTrue(line.contains("does not exist"), line);
        refused(CliTest.run("compare", "--ctv", in.toString(), "--csv", csv.toString(), "--plot", plot.toString(), "--scenarios", "100"),
                plot.toString(), csv);
    }

    @Test
    void anOutputThatIsTheInputOrNotARegularFileIsRefusedAndALinkIsWrittenThrough() throws Exception {
        Path in = ctv("in.nii");
        byte[] before = Files.readAllBytes(in);
        String line = refused(expand(in, in), in.toString());
        assertTrue(line.contains("also an input"), line);
        assertArrayEquals(before, Files.readAllBytes(in));
        Path folder = Files.createDirectory(tmp.resolve("a-folder.nii"));
        assertTrue(refused(expand(in, folder), folder.toString()).contains("not a regular file"));
        if (Files.exists(Path.of("/dev/null"))) {
            assertTrue(refused(expand(in, Path.of("/dev/null")), "/dev/null").contains("not a regular file"));
        }
        Path target = tmp.resolve("real-ptv.nii"), link = tmp.resolve("ptv-link.nii");
        Files.write(target, new byte[] {1});
        Files.createSymbolicLink(link, target.getFileName());
        CliTest.Run r = expand(in, link);
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.size(target) > 1, "the PTV went to the link's target");
        assertEquals(ImageFiles.read(target).grid(), ImageFiles.read(in).grid());
        Path dangling = tmp.resolve("dangling.nii"), notYet = tmp.resolve("not-yet.nii");
        Files.createSymbolicLink(dangling, notYet.getFileName());
        assertEquals(0, expand(in, dangling).code(), "a link to a file not yet written is written through");
        assertTrue(Files.isSymbolicLink(dangling) && Files.isRegularFile(notYet));
    }
    // Messages that name the field or option and the allowed range.

    @Test
    void absurdHeaderValuesNameTheirField() throws Exception {
        Path f = ctv("tiny.nii");
        byte[] b = Files.readAllBytes(f);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort(252, (short) 0).putShort(254, (short) 0); // no qform, no sform: spacing from pixdim
        h.putFloat(80, 1e-30f);
        Files.write(f, b);
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(f, out), f.toString(), out).contains("voxel spacing"));
        Path nrrd = tmp.resolve("skip.nhdr");
        Files.writeString(nrrd, "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\nline skip: abc\ndata file: skip.raw\n\n");
        Files.write(tmp.resolve("skip.raw"), new byte[8]);
        assertTrue(refused(expand(nrrd, out), nrrd.toString(), out).contains("line skip"));
    }

    @Test
    void aPipeOrADeviceAsInputIsNamedForWhatItIs() throws Exception {
        Path link = tmp.resolve("zero.nii");
        if (!Files.exists(Path.of("/dev/zero"))) return;
        Files.createSymbolicLink(link, Path.of("/dev/zero"));
        Path out = tmp.resolve("o.nii");
        assertTrue(refused(expand(link, out), link.toString(), out).contains("not a regular file"));
        assertTrue(refused(expand(tmp.resolve("absent.nii"), out), "absent.nii", out).contains("no such file"));
    }

    @Test
    void aContourFarBeyondAnyPatientIsRefused() throws Exception {
        byte[] b = Files.readAllBytes(testdata("dicom/dicompyler/decubitus/fake_rtss.dcm"));
        int at = indexOf(b, "14.5".getBytes(StandardCharsets.US_ASCII));
        System.arraycopy("1e12".getBytes(StandardCharsets.US_ASCII), 0, b, at, 4);
        Path ss = tmp.resolve("far.dcm");
        Files.write(ss, b);
        Path out = tmp.resolve("o.nii");
        String line = refused(CliTest.run("dicom", "convert", "--rtstruct", ss.toString(), "--roi", "1", "--spacing-mm", "1,1,1",
                "--out", out.toString()), ss.toString(), out);
        assertTrue(line.contains("1.0E12") && line.contains("beyond any patient"), line);
    }

    @Test
    void usageErrorsOfASubcommandNameTheWholeCommand() {
        CliTest.Run r = CliTest.run("dicom", "convert", "--rtstruct", "x.dcm", "--out", tmp.resolve("y.nii").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Try 'halo dicom convert --help'"), r.err());
    }

    @Test
    void anRtdoseIsReadWhereverADoseIsRead() {
        Path dir = testdata("dicom/dicompyler/decubitus");
        Path mask = tmp.resolve("ptv.nii");
        assertEquals(0, CliTest.run("dicom", "convert", "--rtstruct", dir.resolve("fake_rtss.dcm").toString(), "--roi", "1",
                "--reference", dir.resolve("fake_rtdose_nondecub.dcm").toString(), "--out", mask.toString()).code());
        CliTest.Run dvh = CliTest.run("dvh", "--structure", mask.toString(), "--dose", dir.resolve("fake_rtdose_nondecub.dcm").toString(),
                "--out", tmp.resolve("dvh.csv").toString());
        assertEquals(0, dvh.code(), dvh.err());
        assertTrue(dvh.out().contains("0.360 cc"), dvh.out());
    }

    @Test
    void contradictionsAreRefusedAndSurprisesAreWarned() throws Exception {
        String[] base = {"guideline", "--intent", "srs", "--immobilisation", "mask", "--igrt", "6dof"};
        CliTest.Run sizes = CliTest.run(concat(base, "--diameter-mm", "10", "--volume-cc", "100"));
        assertEquals(1, sizes.code());
        assertTrue(sizes.err().contains("contradict") && sizes.err().contains("57.6 mm"), sizes.err());
        CliTest.Run intact = CliTest.run(concat(base, "--target", "intact", "--surgical-tract", "yes", "--dural-contact"));
        assertEquals(1, intact.code());
        assertTrue(intact.err().contains("intact target has no surgery"), intact.err());
        CliTest.Run unknown = CliTest.run(concat(base, "--per", "XYZ"));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("'XYZ' is not a source"), unknown.err());

        Path in = ctv("small.nii");
        Path dose = floatImage("dose.nii");
        Path csv = tmp.resolve("twice.csv");
        String twice = refused(CliTest.run("dvh", "--structure", in.toString(), "--structure", in.toString(), "--dose", dose.toString(),
                "--out", csv.toString()), in.toString(), csv);
        assertTrue(twice.contains("second structure"), twice);
        CliTest.Run gone = CliTest.run("shrink", "--in", in.toString(), "--out", tmp.resolve("core.nii").toString(), "--margin-mm", "8");
        assertEquals(0, gone.code(), gone.err());
        assertTrue(gone.err().contains("removes the whole structure"), gone.err());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
