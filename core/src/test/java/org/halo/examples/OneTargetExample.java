package org.halo.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.compute.Backend;
import org.halo.compute.Backends;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Mask;
import org.halo.io.ImageFiles;
import org.halo.metrics.StructureComparison;

/**
 * Halo as a library, for one CTV: read it, grow a 2 mm PTV, measure it, and ask how likely that PTV is to miss the
 * target in one fraction on a mask with 6DoF image guidance. The build compiles and runs this (OneTargetExampleTest);
 * docs/library.md walks through it.
 */
public final class OneTargetExample {
    public static void run(Path ctvFile, Path ptvFile, PrintStream out) {
        try (Backend backend = Backends.select("auto", null, note -> { }).backend()) {
            Mask ctv = Mask.fromVolume(ImageFiles.read(ctvFile), null);
            Mask ptv = new MarginExpander(backend).expand(ctv, new Margin.Uniform(2.0)).mask();
            ImageFiles.write(ptv.toVolume(), ptvFile);
            StructureComparison c = StructureComparison.compare(ctv, ptv, 1.0, backend);
            out.printf("CTV %.2f cc, PTV %.2f cc, Hausdorff %.2f mm, realised margin right %.2f mm%n", c.aCc(), c.bCc(), c.hausdorffMm(),
                    c.realized().rightMm());

            MissResult miss = new MissSimulation(backend).run(new MissSimulation.Request(new MissTarget.WithPtv(ctv, ptv),
                    new DoseModel.SharpEdge(), Platform.MASK_6DOF.model(TargetKind.INTACT, true, 15), 1, 2_000, 7L, null, null));
            out.printf("P(CTV D95 < 95 %% Rx) = %.3f ± %.3f (%d scenarios, seed %d)%n", miss.missD95().value(),
                    miss.missD95().standardError(), miss.scenarios(), miss.seed());
        }
    }

    public static void main(String[] args) {
        run(Path.of(args[0]), Path.of(args[1]), System.out);
    }
}
