package org.halo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.compute.Backend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.RasterReference;
import org.halo.io.dicom.RoiOnReference;
import org.halo.io.dicom.RtStructureSetWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Shared shape of the commands that turn one structure into another: read, operate, write, report with units. */
abstract class MarginCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input structure (NIfTI, NRRD or MetaImage).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output structure; format from the extension.")
    Path out;

    @Option(names = "--label", paramLabel = "N", description = "Take the voxels with this value from a label image.")
    Double label;

    @Option(names = "--subvoxel", description = "Treat the structure as the smooth surface its mask implies (sub-voxel accurate; see docs/subvoxel.md).")
    boolean subvoxel;

    @Option(names = "--fractional", description = "With --subvoxel: write the fraction of each voxel inside (float32, 0-1) instead of a mask.")
    boolean fractional;

    @Option(names = "--out-spacing", split = ",", paramLabel = "X,Y,Z", description = "With --subvoxel: output grid spacing along the grid axes (mm), same extent.")
    double[] outSpacing;

    @Option(names = "--roi", paramLabel = "NAME", description = "With an RTSTRUCT as --in: the ROI to operate on; the result is written as a new "
            + "structure set (--out RS.dcm) holding every ROI of --in plus the new one (needs --reference).")
    String roi;

    @Option(names = "--reference", paramLabel = "CT_DIR", description = "With --roi: the CT series the structure set is drawn on.")
    Path reference;

    @Option(names = "--name", paramLabel = "NAME", description = "With --roi: the new ROI's name. Default: the ROI's name, the operation and the margin.")
    String name;

    @Option(names = "--replace", description = "With --roi: the new ROI replaces one of the same name in the structure set.")
    boolean replace;

    @Option(names = "--holes", paramLabel = "FORM", defaultValue = "keyhole",
            description = "With --roi: how the new ROI's holes are written, keyhole (joined to the outline by a zero-width cut) or separate. "
                    + "Default: ${DEFAULT-VALUE}.")
    String holes;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    abstract String verb();

    /** The operation; it may overwrite {@code input}, which is not used afterwards. */
    abstract MarginResult apply(MarginExpander expander, Mask input);

    abstract Map<String, Object> describeMargin();

    /** The same operation in sub-voxel mode. */
    abstract SubvoxelResult applySubvoxel(SubvoxelMargin margins, Mask input, double[] outSpacingMm);

    @Override
    public Integer call() {
        if ((fractional || outSpacing != null) && !subvoxel) {
            throw new ParameterException(spec.commandLine(), "--fractional and --out-spacing need --subvoxel");
        }
        if (roi != null || reference != null || name != null || replace) return callDicom();
        Mask input = Inputs.mask(in, label);
        if (subvoxel) return callSubvoxel(input);
        Backend backend = common.backend();
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
        Backend backend = common.backend();
        long t0 = System.nanoTime();
        SubvoxelResult result;
        try {
            result = applySubvoxel(new SubvoxelMargin(backend), input, outSpacing);
        } catch (HaloException e) {
            throw e; // already names its file
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(in, e.getMessage());
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

    /** The RT ROI Interpreted Type of the result. */
    String resultType() {
        return "CONTROL";
    }

    /**
     * The clinical path: a ROI of a structure set, rasterised on its CT (voxel centres), operated on, and written with
     * every ROI of the input as a new structure set.
     */
    private Integer callDicom() {
        if (roi == null || reference == null) throw new ParameterException(spec.commandLine(), "--roi and --reference go together");
        if (fractional || outSpacing != null || label != null) {
            throw new ParameterException(spec.commandLine(), "--fractional, --out-spacing and --label do not apply to a structure set");
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--out must differ from --in (the input structure set is never overwritten)");
        }
        CtSeries ct = CtSeries.read(reference);
        RoiOnReference source = RoiOnReference.read(in, roi, RasterReference.of(ct, reference), false, false);
        Mask input = source.raster().mask();
        Backend backend = common.backend();
        long t0 = System.nanoTime();
        List<String> warnings = new ArrayList<>(source.warnings());
        RtStructureSetWriter.Structure s = derived(source.roi().name(), input, backend, warnings);
        double ms = (System.nanoTime() - t0) / 1e6;
        RtStructureSetWriter.Written written = RtStructureSetWriter.withAdded(in, ct, s, replace, HoleForm.parse(holes), out);
        Map<String, Object> margin = describeMargin();
        Report r = new Report(common.json);
        r.put("command", verb()).put("mode", subvoxel ? "subvoxel" : "voxel-centre").put("input", in.toString()).put("roi", source.roi().name())
                .put("reference", reference.toString()).put("output", out.toString()).put("new_roi", s.name()).put("margin_mm", margin)
                .put("input_cc", Format.r3(input.volumeCc())).put("output_cc", Format.r3(s.mask().volumeCc())).put("rois_written", written.names())
                .put("elapsed_ms", Format.r3(ms)).put("backend", backend.name());
        r.line(verb() + (subvoxel ? " (sub-voxel)" : "") + " ROI '" + source.roi().name() + "' of " + in + " by " + marginText(margin) + " on the CT grid of "
                + reference);
        r.line("  input:  " + Format.cc(input.volumeCc()) + " (" + input.count() + " voxels of " + spacingText(input) + ")");
        r.line("  output: ROI '" + s.name() + "' " + Format.cc(s.mask().volumeCc()) + ", " + written.contours().get(written.contours().size() - 1)
                + " contours → " + out + " with " + written.names().size() + " ROI(s)");
        r.warnAll(warnings);
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    /** The operation applied to the ROI's mask, as the structure to add (sub-voxel: traced on its fraction map's 0.5 level). */
    private RtStructureSetWriter.Structure derived(String roiName, Mask input, Backend backend, List<String> warnings) {
        Mask result;
        Volume fractions = null;
        if (subvoxel) {
            SubvoxelResult sr = applySubvoxel(new SubvoxelMargin(backend), input, null);
            result = sr.binary();
            fractions = sr.fractionsVolume();
            warnings.addAll(sr.warnings());
        } else {
            MarginResult mr = apply(new MarginExpander(backend), input);
            result = mr.mask();
            warnings.addAll(mr.warnings());
        }
        if (result.isEmpty()) throw HaloException.inFile(in, "the " + verb() + " of ROI '" + roiName + "' is empty: nothing to write");
        String newName = name != null ? name : roiName + "_" + verb() + "_" + String.join("_", describeMargin().values().stream().map(String::valueOf).toList()) + "mm";
        return new RtStructureSetWriter.Structure(newName, RtStructureSetWriter.DEFAULT_COLOUR, resultType(), result, fractions);
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
