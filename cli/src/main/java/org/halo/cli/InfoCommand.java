package org.halo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halo.image.Grid;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Geometry of an image in DICOM patient coordinates (LPS, mm): size, spacing, origin, direction, value range.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Image file.")
    Path file;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Volume v = ImageFiles.read(file);
        Grid g = v.grid();
        Volume.ValueSummary values = v.summary();
        double[] d = g.direction();
        Report r = new Report(common.json);
        r.put("file", file.toString()).put("format", ImageFiles.formatOf(file).name()).put("size", g.size())
                .put("frames", v.frames()).put("spacing_mm", g.spacingMm()).put("origin_mm", g.originMm())
                .put("direction", d).put("axis_aligned", g.isAxisAligned()).put("voxel_type", v.voxelType().name().toLowerCase())
                .put("min", values.min()).put("max", values.max()).put("nan_voxels", values.nanCount())
                .put("infinite_voxels", values.positiveInfinityCount() + values.negativeInfinityCount())
                .put("voxel_volume_mm3", g.voxelVolumeMm3()).put("grid_volume_cc", g.voxelVolumeMm3() * g.voxelCount() / 1000.0);
        r.line(file + " (" + ImageFiles.formatOf(file).name() + ")");
        r.line("  size:      " + g.size(0) + " × " + g.size(1) + " × " + g.size(2) + " voxels" + (v.frames() > 1 ? " × " + v.frames() + " frames" : ""));
        r.line("  spacing:   " + Format.num(g.spacingMm(0)) + " × " + Format.num(g.spacingMm(1)) + " × " + Format.num(g.spacingMm(2)) + " mm");
        double[] o = g.originMm();
        r.line("  origin:    (" + Format.num(o[0]) + ", " + Format.num(o[1]) + ", " + Format.num(o[2]) + ") mm, LPS");
        r.line("  axes:      i " + axis(d, 0) + ", j " + axis(d, 1) + ", k " + axis(d, 2) + (g.isAxisAligned() ? "" : "  [oblique]"));
        r.line("  type:      " + v.voxelType().name().toLowerCase() + ", " + (Double.isNaN(values.min()) ? "no finite values"
                : "finite values " + Format.num(values.min()) + " … " + Format.num(values.max())));
        if (values.nonFiniteCount() > 0) {
            r.line("  not finite: " + values.nanCount() + " NaN, " + values.positiveInfinityCount() + " +Infinity, "
                    + values.negativeInfinityCount() + " -Infinity voxels");
        }
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private static String axis(double[] d, int c) {
        return "(" + Format.num(d[c]) + ", " + Format.num(d[3 + c]) + ", " + Format.num(d[6 + c]) + ")";
    }
}
