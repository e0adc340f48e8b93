package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.img.array.ArrayImgs;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.image.VoxelType;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The halo command end to end: files in, files out, text and JSON, exit codes. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = HaloCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path ctvFile() {
        Grid g = Grid.of(60, 50, 30, 0.8, 0.8, 2.0);
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 24, 20, 30, 8);
        Path f = tmp.resolve("ctv.nii.gz");
        ImageFiles.write(m.toVolume(), f);
        return f;
    }

    @Test
    void expandWritesThePtvAndReportsVolumesWithUnits() {
        Path ctv = ctvFile();
        Path ptv = tmp.resolve("ptv.nrrd");
        Run r = run("expand", "--in", ctv.toString(), "--out", ptv.toString(), "--margin-mm", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(" cc"), r.out());
        Mask out = Mask.fromVolume(ImageFiles.read(ptv), null);
        Mask in = Mask.fromVolume(ImageFiles.read(ctv), null);
        assertTrue(out.count() > in.count());
        assertTrue(r.out().contains(out.count() + " voxels"), r.out());
    }

    @Test
    void jsonOutputHasUnitsInKeys() {
        Path ctv = ctvFile();
        Run r = run("expand", "--in", ctv.toString(), "--out", tmp.resolve("p.mha").toString(), "--margin-mm", "2,2,2,2,4,4", "--json");
        assertEquals(0, r.code(), r.err());
        for (String key : new String[] {"\"input_cc\"", "\"output_cc\"", "\"output_voxels\"", "\"margin_mm\"", "\"superior\": 4", "\"warnings\": []"}) {
            assertTrue(r.out().contains(key), key + " in " + r.out());
        }
    }

    @Test
    void shrinkRingAndDistanceRun() {
        Path ctv = ctvFile();
        assertEquals(0, run("shrink", "--in", ctv.toString(), "--out", tmp.resolve("s.nii").toString(), "--margin-mm", "2").code());
        assertEquals(0, run("ring", "--in", ctv.toString(), "--out", tmp.resolve("r.nii").toString(), "--inner-mm", "0", "--outer-mm", "5").code());
        Run d = run("distance", "--in", ctv.toString(), "--out", tmp.resolve("d.nii.gz").toString(), "--signed", "--json");
        assertEquals(0, d.code(), d.err());
        Volume v = ImageFiles.read(tmp.resolve("d.nii.gz"));
        assertEquals(VoxelType.FLOAT32, v.voxelType());
        assertTrue(v.range()[0] < 0 && v.range()[1] > 0);
        assertTrue(d.out().contains("\"min_mm\""), d.out());
    }

    @Test
    void badInputIsOneLineExitOneAndNoOutput() throws Exception {
        Path broken = tmp.resolve("broken.nii");
        Files.write(broken, new byte[] {1, 2, 3, 4, 5});
        Path out = tmp.resolve("never.nii");
        Run r = run("expand", "--in", broken.toString(), "--out", out.toString(), "--margin-mm", "2");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("halo: " + broken), r.err());
        assertFalse(Files.exists(out));
        Run neg = run("expand", "--in", ctvFile().toString(), "--out", out.toString(), "--margin-mm", "-2");
        assertEquals(1, neg.code());
        assertTrue(neg.err().contains("must be a finite number of mm"), neg.err());
        assertFalse(Files.exists(out));
    }

    /** Subcommands are registered one at a time for speed; usage and help must still know every one of them. */
    @Test
    void usageListsEveryCommandAndHelpReachesEachOne() {
        Run usage = run("--help");
        assertEquals(0, usage.code());
        for (String name : HaloCommand.SUBCOMMANDS.keySet()) {
            assertTrue(usage.out().contains("  " + name + " "), name + " in " + usage.out());
            if (name.equals("help")) continue;
            Run help = run("help", name);
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().contains("Usage: halo " + name), help.out());
            picocli.CommandLine.Command c = HaloCommand.SUBCOMMANDS.get(name).getAnnotation(picocli.CommandLine.Command.class);
            assertEquals(name, c.name(), "registered name matches the class's own");
        }
    }

    @Test
    void theImageReadAheadIsHandedOnceAndOnlyForItsOwnFile() throws Exception {
        Path ctv = ctvFile();
        Prefetch.start(new String[] {"expand", "--in", ctv.toString(), "--out", tmp.resolve("p.nii").toString(), "--margin-mm", "2"});
        assertEquals(null, Prefetch.take(tmp.resolve("other.nii")), "another file gets nothing");
        assertEquals(null, Prefetch.take(ctv), "a read-ahead is dropped once another file was asked for");
        Prefetch.start(new String[] {"expand", "--in=" + ctv, "--margin-mm", "2"});
        org.halo.image.Volume v = Prefetch.take(ctv.toAbsolutePath());
        assertTrue(v != null, "the read-ahead image");
        assertEquals(ImageFiles.read(ctv).grid(), v.grid());
        assertEquals(null, Prefetch.take(ctv), "handed out once");
        Path broken = tmp.resolve("broken.nii");
        Files.write(broken, new byte[] {1, 2, 3});
        Prefetch.start(new String[] {"expand", "--in", broken.toString(), "--margin-mm", "2"});
        assertEquals(null, Prefetch.take(broken), "a failed read-ahead is dropped; the command reads and reports");
        Prefetch.start(new String[] {"metrics", "--in", ctv.toString(), "--ptv", "x"});
        assertEquals(null, Prefetch.take(ctv), "only commands that read --in first");
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("expand", "--in", "x.nii").code());
        assertEquals(2, run("frobnicate").code());
    }

    @Test
    void labelMapsNeedALabel() {
        Grid g = Grid.of(10, 10, 10, 1, 1, 1);
        byte[] labels = new byte[1000];
        labels[g.index(2, 2, 2)] = 1;
        labels[g.index(7, 7, 7)] = 2;
        Path f = tmp.resolve("labels.nii");
        ImageFiles.write(new Volume(g, ArrayImgs.unsignedBytes(labels, 10, 10, 10)), f);
        Run r = run("expand", "--in", f.toString(), "--out", tmp.resolve("o.nii").toString(), "--margin-mm", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--label"), r.err());
        Run ok = run("expand", "--in", f.toString(), "--label", "2", "--out", tmp.resolve("o.nii").toString(), "--margin-mm", "1");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("output: 0.007 cc (7 voxels)"), ok.out());
    }

    @Test
    void directionalMarginOnObliqueGridIsRefused() {
        Path f = tmp.resolve("oblique.nii");
        double c = Math.cos(0.3), s = Math.sin(0.3);
        Grid g = new Grid(new int[] {8, 8, 8}, new double[] {1, 1, 1}, new double[3], new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
        Mask m = Mask.empty(g);
        m.voxels()[g.index(4, 4, 4)] = 1;
        ImageFiles.write(m.toVolume(), f);
        Run r = run("expand", "--in", f.toString(), "--out", tmp.resolve("o.nii").toString(), "--margin-mm", "1,2,3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("oblique"), r.err());
    }

    @Test
    void edgeWarningReachesStderrAndJson() {
        Grid g = Grid.of(10, 10, 10, 1, 1, 1);
        Mask m = Mask.empty(g);
        m.voxels()[g.index(0, 5, 5)] = 1;
        Path f = tmp.resolve("edge.nii");
        ImageFiles.write(m.toVolume(), f);
        Run text = run("expand", "--in", f.toString(), "--out", tmp.resolve("o.nii").toString(), "--margin-mm", "2");
        assertTrue(text.err().contains("warning: the result reaches past the grid edge on the right side"), text.err());
        Run json = run("expand", "--in", f.toString(), "--out", tmp.resolve("o.nii").toString(), "--margin-mm", "2", "--json");
        assertTrue(json.out().contains("grid edge"), json.out());
    }

    @Test
    void deviceChoiceIsValidatedAndReported() {
        Path ctv = ctvFile();
        Run cpu = run("expand", "--in", ctv.toString(), "--out", tmp.resolve("c.nii").toString(), "--margin-mm", "2", "--device", "cpu", "--json");
        assertEquals(0, cpu.code(), cpu.err());
        assertTrue(cpu.out().contains("\"backend\": \"cpu"), cpu.out());
        Run bad = run("expand", "--in", ctv.toString(), "--out", tmp.resolve("b.nii").toString(), "--margin-mm", "2", "--device", "opencl:99");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("halo: --device opencl:99"), bad.err());
        assertFalse(Files.exists(tmp.resolve("b.nii")));
        Run devices = run("devices", "--json");
        assertEquals(0, devices.code(), devices.err());
        assertTrue(devices.out().contains("\"auto\""), devices.out());
    }

    static Path dicom(String relative) {
        return Path.of("..", "testdata", "dicom").resolve(relative).toAbsolutePath().normalize();
    }

    @Test
    void dicomListAndConvert() throws Exception {
        Run list = run("dicom", "list", dicom("pydicom").toString(), "--json");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("\"name\": \"patient\"") && list.out().contains("\"fractions\": 30"), list.out());
        Path mask = tmp.resolve("patient.nrrd");
        Run conv = run("dicom", "convert", "--rtstruct", dicom("pydicom/rtstruct.dcm").toString(), "--roi", "patient",
                "--spacing-mm", "4,4,10", "--out", mask.toString(), "--json");
        assertEquals(0, conv.code(), conv.err());
        assertTrue(conv.out().contains("\"volume_cc\": 3600"), conv.out());
        assertEquals(3600.0, Mask.fromVolume(ImageFiles.read(mask), null).volumeCc(), 1e-6);
        // The converted mask feeds the margin commands directly.
        assertEquals(0, run("expand", "--in", mask.toString(), "--out", tmp.resolve("ptv.nrrd").toString(), "--margin-mm", "5").code());
        Path dose = tmp.resolve("dose.nii.gz");
        assertEquals(0, run("dicom", "convert", "--rtdose", dicom("pydicom/rtdose_rle.dcm").toString(), "--out", dose.toString()).code());
        Volume d = ImageFiles.read(dose);
        assertEquals(1519.91, d.sum(), 1e-3);
        assertTrue(d.description().contains("units=RELATIVE"), d.description());
        Path ct = tmp.resolve("ct.mha");
        assertEquals(0, run("dicom", "convert", "--ct", dicom("ct-series-5").toString(), "--out", ct.toString()).code());
        assertArrayEquals(new int[] {16, 16, 5}, ImageFiles.read(ct).grid().size());
    }

    @Test
    void dicomFrameOfReferenceMismatchIsAnError() {
        Path out = tmp.resolve("m.nii");
        Run r = run("dicom", "convert", "--rtstruct", dicom("pydicom/rtstruct.dcm").toString(), "--roi", "patient",
                "--reference", dicom("pydicom/rtdose.dcm").toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("frame of reference"), r.err());
        assertFalse(Files.exists(out));
        Run forced = run("dicom", "convert", "--rtstruct", dicom("pydicom/rtstruct.dcm").toString(), "--roi", "patient",
                "--reference", dicom("pydicom/rtdose.dcm").toString(), "--ignore-frame-of-reference", "--out", out.toString());
        // Past the frame-of-reference check, the geometry still decides: these files do not overlap at all.
        assertEquals(1, forced.code(), forced.err());
        assertTrue(forced.err().contains("entirely outside the reference grid"), forced.err());
        assertFalse(Files.exists(out));
        Run missingRoi = run("dicom", "convert", "--rtstruct", dicom("pydicom/rtstruct.dcm").toString(), "--roi", "GTV",
                "--spacing-mm", "2,2,2", "--out", out.toString());
        assertEquals(1, missingRoi.code());
        assertTrue(missingRoi.err().contains("'patient'"), missingRoi.err());
    }

    private Path doseFile(Grid g, double centreX, double centreY, double centreZ) {
        float[] d = new float[g.voxelCount()];
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double r = Math.sqrt(Math.pow(p[0] - centreX, 2) + Math.pow(p[1] - centreY, 2) + Math.pow(p[2] - centreZ, 2));
            d[g.index(i, j, k)] = (float) Math.max(0, 24 - 0.8 * r);
        }
        Path f = tmp.resolve("dose.nrrd");
        ImageFiles.write(Volume.ofFloats(g, d), f);
        return f;
    }

    @Test
    void metricsReportGeometryAndDoseWithUnits() {
        Path ctv = ctvFile();
        Path ptv = tmp.resolve("ptv.nii.gz");
        assertEquals(0, run("expand", "--in", ctv.toString(), "--out", ptv.toString(), "--margin-mm", "2").code());
        Path dose = doseFile(Grid.of(30, 25, 20, 2, 2, 4), 24, 20, 30);
        Run r = run("metrics", "--ctv", ctv.toString(), "--ptv", ptv.toString(), "--dose", dose.toString(), "--rx-gy", "18", "--json");
        assertEquals(0, r.code(), r.err());
        for (String key : new String[] {"ctv_cc", "ptv_cc", "dice", "jaccard", "hausdorff_mm", "hd95_mm", "msd_mm", "surface_dice",
            "ctv_outside_ptv_cc", "ctv_outside_ptv_pct", "realized_margin_mm", "d95_gy", "d98_gy", "v100_pct", "paddick_ci", "rtog_ci",
            "gradient_index", "homogeneity_index"}) {
            assertTrue(r.out().contains("\"" + key + "\""), key + " missing in " + r.out());
        }
        // 2 mm on 2 mm slices: the realised margin is 2 mm in every direction.
        assertTrue(r.out().contains("\"superior\": 2"), r.out());
        Run text = run("metrics", "--ctv", ctv.toString(), "--ptv", ptv.toString());
        assertTrue(text.out().contains("Hausdorff") && text.out().contains(" mm") && text.out().contains(" cc"), text.out());
    }

    @Test
    void dvhWritesCsvAndPlot() throws Exception {
        Path ctv = ctvFile();
        Path dose = doseFile(Grid.of(30, 25, 20, 2, 2, 4), 24, 20, 30);
        Path csv = tmp.resolve("dvh.csv"), png = tmp.resolve("dvh.png");
        Run r = run("dvh", "--structure", ctv.toString(), "--dose", dose.toString(), "--out", csv.toString(), "--plot", png.toString(), "--rx-gy", "18");
        assertEquals(0, r.code(), r.err());
        Run v = run("dvh", "--structure", ctv.toString(), "--dose", dose.toString(), "--out", tmp.resolve("v.csv").toString(), "--rx-gy", "18",
                "--v-gy", "12,20.5", "--v-rx-pct", "95", "--json");
        assertEquals(0, v.code(), v.err());
        for (String key : new String[] {"\"v12gy_cc\"", "\"v20_5gy_pct\"", "\"v95pct_rx_cc\""}) assertTrue(v.out().contains(key), key + " in " + v.out());
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals("dose_gy,ctv_cc,ctv_pct,ctv_bin_cc", lines.get(0));
        assertTrue(lines.get(1).startsWith("0.0000,") && lines.get(1).contains(",100.0000,"), lines.get(1));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        // A dose that does not cover the structure is an error unless --allow-outside says otherwise.
        Path small = tmp.resolve("small.nrrd");
        ImageFiles.write(Volume.ofFloats(Grid.of(5, 5, 5, 2, 2, 2), new float[125]), small);
        Run outside = run("dvh", "--structure", ctv.toString(), "--dose", small.toString(), "--out", tmp.resolve("x.csv").toString());
        assertEquals(1, outside.code());
        assertTrue(outside.err().contains("--allow-outside"), outside.err());
        assertFalse(Files.exists(tmp.resolve("x.csv")));
        assertEquals(0, run("dvh", "--structure", ctv.toString(), "--dose", small.toString(), "--out", tmp.resolve("x.csv").toString(),
                "--allow-outside", "zero").code());
        float[] nan = new float[125];
        nan[3] = Float.NaN;
        ImageFiles.write(Volume.ofFloats(Grid.of(5, 5, 5, 2, 2, 2), nan), small);
        Run bad = run("dvh", "--structure", ctv.toString(), "--dose", small.toString(), "--out", tmp.resolve("y.csv").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("non-finite"), bad.err());
    }

    @Test
    void infoPrintsGeometryInMm() {
        Run r = run("info", ctvFile().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0.8 × 0.8 × 2 mm"), r.out());
    }
}
