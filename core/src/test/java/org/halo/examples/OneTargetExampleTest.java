package org.halo.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example runs in the build, on a 1 cm sphere: it writes the PTV and reports its volume and miss risk. */
class OneTargetExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleRunsEndToEnd() {
        Grid g = Grid.of(48, 48, 40, 0.8, 0.8, 1.0);
        Mask ctv = Mask.empty(g);
        Phantoms.addSphere(ctv, 24.3, 23.7, 20.2, 6.5);
        Path in = tmp.resolve("ctv.nii.gz"), out = tmp.resolve("ptv.nii.gz");
        ImageFiles.write(ctv.toVolume(), in);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        OneTargetExample.run(in, out, new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(Files.exists(out));
        assertTrue(printed.matches("(?s)CTV \\d+\\.\\d+ cc, PTV \\d+\\.\\d+ cc.*P\\(CTV D95 < 95 % Rx\\) = 0\\.\\d{3} ± 0\\.\\d{3} \\(2000 scenarios, seed 7\\)\\s*"),
                printed);
    }
}
