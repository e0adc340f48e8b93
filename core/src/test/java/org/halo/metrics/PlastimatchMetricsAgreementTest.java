package org.halo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halo.compute.CpuBackend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.halo.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Halo's overlap and surface metrics against {@code plastimatch dice --all} on the same files (runs where the Debian
 * package is installed). Dice and the boundary Hausdorff distances agree exactly; plastimatch's "average boundary
 * Hausdorff" weights every boundary voxel equally, Halo's mean surface distance weights by exposed surface area, so
 * these two differ slightly on anisotropic grids.
 */
class PlastimatchMetricsAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void diceAndHausdorffAgree() throws Exception {
        assumeTrue(ExternalTools.onPath("plastimatch"), "plastimatch is not installed (apt-get install plastimatch)");
        Grid g = Grid.of(50, 50, 30, 1, 1, 2);
        Mask ctv = Mask.empty(g);
        Phantoms.addSphere(ctv, 25.3, 24.6, 30.2, 9);
        Mask ptv = new MarginExpander(new CpuBackend(2)).expand(ctv, new Margin.PerAxis(3, 3, 4)).mask();
        Path a = tmp.resolve("ctv.nii.gz"), b = tmp.resolve("ptv.nii.gz");
        ImageFiles.write(ctv.toVolume(), a);
        ImageFiles.write(ptv.toVolume(), b);
        Process p = new ProcessBuilder("plastimatch", "dice", "--all", a.toString(), b.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        StructureComparison c = StructureComparison.compare(ctv, ptv, 1.0, new CpuBackend(2));
        assertEquals(number(out, "DICE:\\s+([0-9.]+)"), c.dice(), 1e-5, out);
        assertEquals(number(out, "Hausdorff distance \\(boundary\\) = ([0-9.]+)"), c.hausdorffMm(), 1e-4, out);
        assertEquals(number(out, "Percent \\(0.95\\) Hausdorff distance \\(boundary\\) = ([0-9.]+)"), c.hd95Mm(), 0.5, out);
        assertEquals(number(out, "Avg average Hausdorff distance \\(boundary\\) = ([0-9.]+)"), c.meanSurfaceDistanceMm(), 0.25, out);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in " + text);
        return Double.parseDouble(m.group(1));
    }
}
