package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** halo expand --subvoxel, --fractional, --out-spacing and halo accuracy end to end. */
class SubvoxelCliTest {
    @TempDir
    Path tmp;

    private Path ctv() {
        Mask m = Mask.empty(Grid.of(40, 40, 14, 1, 1, 3));
        Phantoms.addSphere(m, 19.6, 20.3, 19.9, 10);
        Path f = tmp.resolve("ctv.nii.gz");
        ImageFiles.write(m.toVolume(), f);
        return f;
    }

    @Test
    void aTwoMillimetreMarginOnThreeMillimetreSlicesGrowsTwoMillimetres() {
        Path in = ctv(), out = tmp.resolve("ptv.nii.gz"), frac = tmp.resolve("frac.nrrd");
        CliTest.Run voxel = CliTest.run("expand", "--in", in.toString(), "--out", tmp.resolve("v.nii.gz").toString(), "--margin-mm", "2", "--json");
        CliTest.Run sub = CliTest.run("expand", "--in", in.toString(), "--out", out.toString(), "--margin-mm", "2", "--subvoxel", "--json");
        assertEquals(0, sub.code(), sub.err());
        double exact = 4.0 / 3.0 * Math.PI * 1728 / 1000;
        double subCc = number(sub.out(), "output_fractional_cc"), voxelCc = number(voxel.out(), "output_cc");
        assertEquals(exact, subCc, 0.02 * exact);
        assertTrue(voxelCc < 0.9 * exact, "voxel centres lose the caps: " + voxelCc);
        CliTest.Run f = CliTest.run("expand", "--in", in.toString(), "--out", frac.toString(), "--margin-mm", "2", "--subvoxel", "--fractional",
                "--out-spacing", "1,1,1");
        assertEquals(0, f.code(), f.err());
        Volume v = ImageFiles.read(frac);
        assertEquals(42, v.grid().size(2));
        double[] range = v.range();
        assertTrue(range[0] >= 0 && range[1] <= 1, "fractions in [0, 1]");
        assertEquals(exact, v.sum() / 1000, 0.02 * exact);
    }

    @Test
    void subvoxelOptionsNeedSubvoxel() {
        CliTest.Run r = CliTest.run("expand", "--in", ctv().toString(), "--out", tmp.resolve("x.nii.gz").toString(), "--margin-mm", "2", "--fractional");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("need --subvoxel"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.nii.gz")));
    }

    @Test
    void accuracyPrintsTheTableWithBothMethods() {
        CliTest.Run r = CliTest.run("accuracy", "--positions", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"voxel_centre_error_pct\"") && r.out().contains("\"subvoxel_fractional_error_pct\"")
                && r.out().contains("\"si_growth_error_mm\""), r.out());
    }

    private static double number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": ([0-9.]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
