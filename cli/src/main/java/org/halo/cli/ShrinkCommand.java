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

@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = {"Contract a structure by an exact margin in mm: keep the voxels whose centre is farther than the",
            "margin from every voxel centre outside the structure. Margins as for expand (R,L,... = how far each side moves in)."})
final class ShrinkCommand extends MarginCommand {
    @Option(names = "--margin-mm", required = true, paramLabel = "M|X,Y,Z|R,L,A,P,S,I", description = "Margin in mm.")
    String marginText;

    @Override
    String verb() {
        return "shrink";
    }

    @Override
    MarginResult apply(MarginExpander expander, Mask input) {
        return expander.shrink(input, Margin.parse(marginText));
    }

    @Override
    Map<String, Object> describeMargin() {
        return describe(Margin.parse(marginText));
    }
    @Override
    SubvoxelResult applySubvoxel(SubvoxelMargin margins, Mask input, double[] outSpacingMm) {
        return margins.shrink(input, Margin.parse(marginText), outSpacingMm);
    }
}
