package org.halo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Mask;
import org.halo.io.ImageFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shared shape of the commands that turn one structure into another: read, operate, write, report with units. */
abstract class MarginCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input structure (NIfTI, NRRD or MetaImage).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output structure; format from the extension.")
    Path out;

    @Option(names = "--label", paramLabel = "N", description = "Take the voxels with this value from a label image.")
    Double label;

    @Option(names = "--subvoxel", description = "Treat the structure as the smooth surface its mask implies (sub-voxel accurate; see README).")
    boolean subvoxel;

    @Option(names = "--fractional", description = "With --subvoxel: write the fraction of each voxel inside (float32, 0-1) instead of a mask.")
    boolean fractional;

    @Option(names = "--out-spacing", split = ",", paramLabel = "X,Y,Z", description = "With --subvoxel: output grid spacing along the grid axes (mm), same extent.")
    double[] outSpacing;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    abstract String verb();

    /** The operation; it may overwrite {@code input}, which is not used afterwards. */
    abstract MarginResult apply(MarginExpander expander, Mask input);

    abstract Map<String, Object> describeMargin();

    /** The same operation in sub-voxel mode. */
    abstract SubvoxelResult applySubvoxel(SubvoxelMargin margins, Mask input, double[] outSpacingMm);

    @Override
    public Integer call() {
        if ((fractional || outSpacing != null) && !subvoxel) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fractional and --out-spacing need --subvoxel");
        }
        Mask input = Inputs.mask(in, label);
        if (subvoxel) return callSubvoxel(input);
        org.halo.compute.Backend backend = common.backend();
        MarginExpander expander = new MarginExpander(backend);
        long inVoxels = input.count();
        double inCc = input.ccOf(inVoxels);
        String inSpacing = spacingText(input);
        double[] spacingMm = input.grid().spacingMm();
        long t0 = System.nanoTime();
        MarginResult result = apply(expander, input);
        double ms = (System.nanoTime() - t0) / 1e6;
        ImageFiles.write(result.mask().toVolume(), out);
        long outVoxels = result.mask().count();
        double outCc = result.mask().ccOf(outVoxels);
        Report r = new Report(common.json);
        Map<String, Object> margin = describeMargin();
        r.put("command", verb()).put("input", in.toString()).put("output", out.toString()).put("margin_mm", margin)
                .put("input_voxels", inVoxels).put("input_cc", Format.r3(inCc))
                .put("output_voxels", outVoxels).put("output_cc", Format.r3(outCc))
                .put("voxel_spacing_mm", spacingMm).put("elapsed_ms", Format.r3(ms))
                .put("backend", backend.name());
        r.line(verb() + " " + in + " by " + marginText(margin) + " → " + out);
        r.line("  input:  " + Format.cc(inCc) + " (" + inVoxels + " voxels of " + inSpacing + ")");
        r.line("  output: " + Format.cc(outCc) + " (" + outVoxels + " voxels)");
        r.line("  time:   " + Format.ms(ms) + " on " + backend.name());
        r.warnAll(result.warnings());
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private Integer callSubvoxel(Mask input) {
        org.halo.compute.Backend backend = common.backend();
        long t0 = System.nanoTime();
        SubvoxelResult result;
        try {
            result = applySubvoxel(new SubvoxelMargin(backend), input, outSpacing);
        } catch (org.halo.HaloException e) {
            throw e; // already names its file
        } catch (IllegalArgumentException e) {
            throw org.halo.HaloException.inFile(in, e.getMessage());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        Mask binary = result.binary();
        ImageFiles.write(fractional ? result.fractionsVolume() : binary.toVolume(), out);
        double inCc = input.volumeCc(), fracCc = result.volumeCc(), binCc = binary.volumeCc();
        Report r = new Report(common.json);
        Map<String, Object> margin = describeMargin();
        r.put("command", verb()).put("mode", "subvoxel").put("output_kind", fractional ? "fraction float32 0-1" : "mask (volume-preserving)")
                .put("input", in.toString()).put("output", out.toString()).put("margin_mm", margin)
                .put("input_voxels", input.count()).put("input_cc", Format.r3(inCc))
                .put("output_fractional_cc", Format.r3(fracCc)).put("output_voxels", binary.count()).put("output_cc", Format.r3(binCc))
                .put("voxel_spacing_mm", input.grid().spacingMm()).put("output_spacing_mm", result.grid().spacingMm())
                .put("elapsed_ms", Format.r3(ms)).put("backend", backend.name());
        r.line(verb() + " (sub-voxel) " + in + " by " + marginText(margin) + " → " + out + (fractional ? " (fractions, float32)" : " (mask)"));
        r.line("  input:  " + Format.cc(inCc) + " (" + input.count() + " voxels of " + spacingText(input) + ")");
        r.line("  output: " + Format.cc(fracCc) + " sub-voxel; mask " + Format.cc(binCc) + " (" + binary.count() + " voxels of "
                + spacingText(binary) + ")");
        r.line("  time:   " + Format.ms(ms) + " on " + backend.name());
        r.warnAll(result.warnings());
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    static String spacingText(Mask m) {
        double[] s = m.grid().spacingMm();
        return Format.round(s[0], 3) + "×" + Format.round(s[1], 3) + "×" + Format.round(s[2], 3) + " mm";
    }

    static String marginText(Map<String, Object> margin) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : margin.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append(' ').append(e.getValue()).append(" mm");
        }
        return sb.toString();
    }

    static Map<String, Object> describe(Margin m) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (m instanceof Margin.Uniform u) {
            d.put("uniform", u.mm());
        } else if (m instanceof Margin.PerAxis p) {
            d.put("x", p.xMm());
            d.put("y", p.yMm());
            d.put("z", p.zMm());
        } else if (m instanceof Margin.Directional dir) {
            d.put("right", dir.rightMm());
            d.put("left", dir.leftMm());
            d.put("anterior", dir.anteriorMm());
            d.put("posterior", dir.posteriorMm());
            d.put("superior", dir.superiorMm());
            d.put("inferior", dir.inferiorMm());
        }
        return d;
    }
}
