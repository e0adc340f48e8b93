package org.halo.cli;

import java.util.Map;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Mask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "expand", mixinStandardHelpOptions = true,
        description = {"Grow a structure (CTV → PTV) by an exact Euclidean margin in mm.",
            "A voxel is in the result when its centre lies within the margin of a structure voxel centre (as SciPy and plastimatch).",
            "--margin-mm M: uniform; X,Y,Z: ellipsoid along patient right–left, anterior–posterior, superior–inferior;",
            "R,L,A,P,S,I: six directions (union of eight ellipsoid octants)."})
final class ExpandCommand extends MarginCommand {
    @Option(names = "--margin-mm", required = true, paramLabel = "M|X,Y,Z|R,L,A,P,S,I", description = "Margin in mm.")
    String marginText;

    private Margin margin;

    @Override
    String verb() {
        return "expand";
    }

    @Override
    String resultType() {
        return "PTV";
    }

    @Override
    MarginResult apply(MarginExpander expander, Mask input) {
        return expander.expandInPlace(input, margin()); // the input is not needed afterwards: no second grid-sized mask
    }

    private Margin margin() {
        if (margin == null) margin = Margin.parse(marginText);
        return margin;
    }

    @Override
    Map<String, Object> describeMargin() {
        return describe(margin());
    }
    @Override
    SubvoxelResult applySubvoxel(SubvoxelMargin margins, Mask input, double[] outSpacingMm) {
        return margins.expand(input, margin(), outSpacingMm);
    }
}
