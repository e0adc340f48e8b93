package org.halo.cli;

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

    @Test
    void infoPrintsGeometryInMm() {
        Run r = run("info", ctvFile().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0.8 × 0.8 × 2.0 mm"), r.out());
    }
}
