package org.halo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halo.compute.Backend;
import org.halo.geometry.DistanceTransform;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "distance", mixinStandardHelpOptions = true,
        description = {"Exact Euclidean distance map in mm (float32) between voxel centres.",
            "Default: distance from each voxel to the nearest structure voxel centre (0 inside).",
            "--inside: distance from each structure voxel to the nearest outside voxel centre (0 outside).",
            "--signed: outside minus inside (positive outside, negative inside).",
            "Where there is nothing to measure to (empty structure) the value is +inf."})
final class DistanceCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input structure.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output distance map (float32, mm).")
    Path out;

    @Option(names = "--label", paramLabel = "N", description = "Take the voxels with this value from a label image.")
    Double label;

    @Option(names = "--signed", description = "Signed distance: positive outside, negative inside.")
    boolean signed;

    @Option(names = "--inside", description = "Distance inside the structure to its outside.")
    boolean inside;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (signed && inside) throw new CommandLine.ParameterException(spec.commandLine(), "--signed and --inside exclude each other");
        Mask mask = Inputs.mask(in, label);
        Backend backend = common.backend();
        DistanceTransform dt = new DistanceTransform(backend);
        long t0 = System.nanoTime();
        Volume d = signed ? dt.signed(mask) : inside ? dt.inside(mask) : dt.outside(mask);
        double ms = (System.nanoTime() - t0) / 1e6;
        ImageFiles.write(d, out);
        double[] range = d.range();
        String kind = signed ? "signed" : inside ? "inside" : "outside";
        Report r = new Report(common.json);
        r.put("command", "distance").put("kind", kind).put("input", in.toString()).put("output", out.toString())
                .put("structure_voxels", mask.count()).put("structure_cc", Format.r3(mask.volumeCc()))
                .put("min_mm", range[0]).put("max_mm", range[1]).put("elapsed_ms", Format.r3(ms)).put("backend", backend.name());
        r.line("distance (" + kind + ") of " + in + " → " + out + " (float32, mm)");
        r.line("  structure: " + Format.cc(mask.volumeCc()) + " (" + mask.count() + " voxels)");
        r.line("  range:     " + range[0] + " … " + range[1] + " mm");
        r.line("  time:      " + Format.ms(ms) + " on " + backend.name());
        if (mask.isEmpty()) r.warn("the structure is empty: every distance is +inf");
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
