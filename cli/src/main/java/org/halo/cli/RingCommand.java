package org.halo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Mask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ring", mixinStandardHelpOptions = true,
        description = {"The shell between two margins: (structure ⊕ outer) minus (structure ⊕ inner).",
            "--inner-mm 0 leaves out the structure itself."})
final class RingCommand extends MarginCommand {
    @Option(names = "--inner-mm", required = true, paramLabel = "MM", description = "Inner distance in mm (≥ 0).")
    double innerMm;

    @Option(names = "--outer-mm", required = true, paramLabel = "MM", description = "Outer distance in mm (> inner).")
    double outerMm;

    @Override
    String verb() {
        return "ring";
    }

    @Override
    MarginResult apply(MarginExpander expander, Mask input) {
        if (!(outerMm > innerMm)) throw new IllegalArgumentException("--outer-mm (" + outerMm + ") must be larger than --inner-mm (" + innerMm + ")");
        return expander.ring(input, new Margin.Uniform(innerMm), new Margin.Uniform(outerMm));
    }

    @Override
    Map<String, Object> describeMargin() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("inner", innerMm);
        d.put("outer", outerMm);
        return d;
    }
    @Override
    SubvoxelResult applySubvoxel(SubvoxelMargin margins, Mask input, double[] outSpacingMm) {
        if (!(outerMm > innerMm)) throw new IllegalArgumentException("--outer-mm (" + outerMm + ") must be larger than --inner-mm (" + innerMm + ")");
        return margins.ring(input, new Margin.Uniform(innerMm), new Margin.Uniform(outerMm), outSpacingMm);
    }
}
