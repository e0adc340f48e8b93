package org.halo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.ContourRasterizer;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.DicomFolder;
import org.halo.io.dicom.DicomObject;
import org.halo.io.dicom.DicomReader;
import org.halo.io.dicom.ReferenceGrid;
import org.halo.io.dicom.RtDose;
import org.halo.io.dicom.RtPlan;
import org.halo.io.dicom.RtStructureSet;
import org.halo.io.dicom.RtStructureSetWriter;
import org.halo.image.Mask;
import org.halo.io.dicom.Tag;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dicom", mixinStandardHelpOptions = true, description = "DICOM RT: list objects, convert structures, doses and CT series, export masks as a structure set.",
        subcommands = {DicomCommand.ListCommand.class, DicomCommand.ConvertCommand.class, DicomCommand.ExportCommand.class})
final class DicomCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "What a DICOM file or folder holds: structure sets with their ROIs, doses with their grids, image series, plans.")
    static final class ListCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE|DIR")
        Path path;

        @Mixin
        CommonOptions common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<Path> files = DicomFolder.files(path);
            Report r = new Report(common.json);
            List<Map<String, Object>> objects = new ArrayList<>();
            Map<String, Integer> imageSeries = new LinkedHashMap<>();
            for (Path f : files) {
                DicomFolder.Item item = DicomFolder.read(f);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("file", f.toString());
                o.put("modality", item.modality());
                o.put("transfer_syntax", item.transferSyntax());
                if (item instanceof DicomFolder.StructureSetItem ssItem) {
                    RtStructureSet rs = ssItem.structureSet();
                    r.line(f.getFileName() + ": RTSTRUCT, frame of reference " + rs.frameOfReference());
                    List<Map<String, Object>> rois = new ArrayList<>();
                    for (RtStructureSet.Roi roi : rs.rois()) {
                        int points = roi.contours().stream().mapToInt(RtStructureSet.Contour::pointCount).sum();
                        r.line(String.format(java.util.Locale.ROOT, "  ROI %3d  %-24s %-12s %4d contour(s) %7d point(s)", roi.number(), "'" + roi.name() + "'",
                                roi.interpretedType() == null ? "" : roi.interpretedType(), roi.contours().size(), points));
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("number", roi.number());
                        m.put("name", roi.name());
                        m.put("type", roi.interpretedType());
                        m.put("contours", roi.contours().size());
                        m.put("points", roi.contours().stream().mapToInt(RtStructureSet.Contour::pointCount).sum());
                        rois.add(m);
                    }
                    o.put("frame_of_reference", rs.frameOfReference());
                    o.put("rois", rois);
                } else if (item instanceof DicomFolder.DoseItem doseItem) {
                    RtDose dose = doseItem.dose();
                    Grid g = dose.dose().grid();
                    double[] range = dose.dose().range();
                    r.line(f.getFileName() + ": RTDOSE " + g.size(0) + " × " + g.size(1) + " × " + g.size(2) + " voxels of "
                            + Format.num(g.spacingMm(0)) + " × " + Format.num(g.spacingMm(1)) + " × " + Format.num(g.spacingMm(2)) + " mm, "
                            + dose.type() + " " + dose.summation() + ", units " + dose.units() + ", max " + Format.num(range[1]));
                    o.put("size", g.size());
                    o.put("spacing_mm", g.spacingMm());
                    o.put("dose_units", dose.units());
                    o.put("dose_type", dose.type());
                    o.put("dose_summation", dose.summation());
                    o.put("max_dose", range[1]);
                    o.put("frame_of_reference", dose.frameOfReference());
                } else if (item instanceof DicomFolder.PlanItem planItem) {
                    RtPlan plan = planItem.plan();
                    double rx = plan.targetPrescriptionGy();
                    RtPlan.Prescription chosen = plan.targetPrescription();
                    r.line(f.getFileName() + ": RTPLAN, " + plan.beams() + " beam(s), " + plan.fractions() + " fraction(s)"
                            + (Double.isNaN(rx) ? "" : ", target prescription " + Format.num(rx) + " Gy")
                            + (chosen != null && !chosen.prescribesTarget() ? " (from a " + chosen.structureType()
                                    + " reference: the plan has no site or volume reference)" : ""));
                    List<Map<String, Object>> refs = new ArrayList<>();
                    for (RtPlan.Prescription ref0 : plan.prescriptions()) {
                        r.line("  dose reference " + (ref0.structureType() == null ? "(no type)" : ref0.structureType())
                                + (ref0.description() == null ? "" : " '" + ref0.description() + "'") + ": " + Format.num(ref0.doseGy()) + " Gy"
                                + (ref0.prescribesTarget() ? "" : " (a calculation point)"));
                        Map<String, Object> ref = new LinkedHashMap<>();
                        ref.put("type", ref0.structureType());
                        ref.put("description", ref0.description());
                        ref.put("dose_gy", ref0.doseGy());
                        refs.add(ref);
                    }
                    o.put("beams", plan.beams());
                    o.put("fractions", plan.fractions());
                    o.put("target_prescription_gy", Double.isNaN(rx) ? null : rx);
                    o.put("dose_references", refs);
                    List<List<Double>> isocentres = new ArrayList<>();
                    for (double[] iso : plan.isocentresMm()) {
                        isocentres.add(List.of(iso[0], iso[1], iso[2]));
                        r.line("  isocentre (" + Format.num(iso[0]) + ", " + Format.num(iso[1]) + ", " + Format.num(iso[2]) + ") mm, LPS");
                    }
                    o.put("isocentres_mm", isocentres);
                } else if (item instanceof DicomFolder.ImageItem image) {
                    imageSeries.merge(image.modality() + " series " + image.seriesUid(), 1, Integer::sum);
                    o.put("series", image.seriesUid());
                } else {
                    r.line(f.getFileName() + ": " + item.modality() + " (not used by Halo)");
                }
                objects.add(o);
            }
            for (Map.Entry<String, Integer> e : imageSeries.entrySet()) r.line(e.getKey() + ": " + e.getValue() + " slice(s)");
            r.put("objects", objects);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Convert a ROI of an RTSTRUCT to a mask, an RTDOSE to a dose volume in its units, or a CT series to HU.",
                "ROI masks: voxel-centre (0/1) by default, --fractional for the fraction of each voxel inside (float32)."})
    static final class ConvertCommand implements Callable<Integer> {
        static final class Source {
            @Option(names = "--rtstruct", paramLabel = "FILE", required = true, description = "RTSTRUCT file (needs --roi).")
            Path rtstruct;

            @Option(names = "--rtdose", paramLabel = "FILE", required = true, description = "RTDOSE file.")
            Path rtdose;

            @Option(names = "--ct", paramLabel = "DIR", required = true, description = "Folder of one CT series.")
            Path ct;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--roi", paramLabel = "NAME", description = "ROI name (or number).")
        String roi;

        @Option(names = "--reference", paramLabel = "CT_DIR|RTDOSE|IMAGE", description = "Grid for the mask: a CT folder, an RTDOSE, or any image file.")
        Path reference;

        @Option(names = "--spacing-mm", paramLabel = "X,Y,Z", description = "Grid for the mask: this spacing around the ROI.")
        String spacing;

        @Option(names = "--fractional", description = "Fraction of each voxel inside the ROI (float32) instead of 0/1.")
        boolean fractional;

        @Option(names = "--ignore-frame-of-reference", description = "Convert even if structure set and reference lie in different frames of reference.")
        boolean ignoreFrame;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output image (NIfTI, NRRD or MetaImage).")
        Path out;

        @Mixin
        CommonOptions common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Report r = new Report(common.json);
            if (source.rtdose != null) {
                RtDose dose = RtDose.read(source.rtdose);
                String desc = "DICOM RTDOSE units=" + dose.units() + " type=" + dose.type() + " summation=" + dose.summation();
                ImageFiles.write(dose.dose().withDescription(desc), out);
                double[] range = dose.dose().range();
                String unit = "GY".equalsIgnoreCase(dose.units()) ? "Gy" : dose.units();
                r.line("RTDOSE " + source.rtdose + " → " + out + " (float32, " + unit + ", DoseGridScaling " + dose.scaling() + " applied)");
                r.line("  " + grid(dose.dose().grid()) + ", dose " + Format.num(range[0]) + " … " + Format.num(range[1]) + " " + unit
                        + ", " + dose.type() + " " + dose.summation());
                r.put("input", source.rtdose.toString()).put("output", out.toString()).put("dose_units", dose.units())
                        .put("dose_type", dose.type()).put("min_dose", range[0]).put("max_dose", range[1]).put("size", dose.dose().grid().size())
                        .put("spacing_mm", dose.dose().grid().spacingMm());
            } else if (source.ct != null) {
                CtSeries ct = CtSeries.read(source.ct);
                ImageFiles.write(ct.image().withDescription("CT HU"), out);
                r.line("CT " + source.ct + " → " + out + " (HU): " + grid(ct.image().grid()) + ", " + ct.slices() + " slices");
                r.put("input", source.ct.toString()).put("output", out.toString()).put("size", ct.image().grid().size())
                        .put("spacing_mm", ct.image().grid().spacingMm()).put("slices", ct.slices());
            } else {
                if (roi == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rtstruct needs --roi NAME");
                if ((reference == null) == (spacing == null)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give exactly one of --reference and --spacing-mm");
                }
                RtStructureSet rs = RtStructureSet.read(source.rtstruct);
                RtStructureSet.Roi theRoi = rs.roi(roi);
                Grid grid;
                String frame = null;
                String refKind;
                if (spacing != null) {
                    grid = ReferenceGrid.around(theRoi, parseSpacing(spacing));
                    refKind = "grid of " + spacing + " mm around the ROI";
                } else if (Files.isDirectory(reference)) {
                    CtSeries ct = CtSeries.read(reference);
                    grid = ct.image().grid();
                    frame = ct.frameOfReference();
                    refKind = "CT series " + reference;
                } else if (DicomReader.looksLikeDicom(reference)) {
                    DicomObject d = DicomReader.read(reference).data();
                    if ("RTDOSE".equals(d.string(Tag.MODALITY))) {
                        RtDose dose = RtDose.read(reference);
                        grid = dose.dose().grid();
                        frame = dose.frameOfReference();
                        refKind = "RTDOSE grid " + reference;
                    } else {
                        CtSeries ct = CtSeries.read(reference);
                        grid = ct.image().grid();
                        frame = ct.frameOfReference();
                        refKind = "image " + reference;
                    }
                } else {
                    grid = ImageFiles.read(reference).grid();
                    refKind = "grid of " + reference + " (no frame of reference to check)";
                }
                String roiFrame = theRoi.frameOfReference();
                if (frame != null && roiFrame != null && !frame.equals(roiFrame)) {
                    String msg = "structure set frame of reference " + roiFrame + " differs from the reference's " + frame;
                    if (!ignoreFrame) throw HaloException.inFile(source.rtstruct, msg + " (--ignore-frame-of-reference to convert anyway)");
                    r.warn(msg + "; converted anyway as asked");
                }
                ContourRasterizer.Result res;
                try {
                    res = ContourRasterizer.rasterize(theRoi, grid, fractional);
                } catch (HaloException e) {
                    throw HaloException.inFile(source.rtstruct, e.getMessage(), e);
                }
                Volume v = fractional ? res.fraction() : res.mask().toVolume();
                ImageFiles.write(v, out);
                double cc = fractional ? res.fraction().sum() * grid.voxelVolumeMm3() / 1000 : res.mask().volumeCc();
                r.line("ROI " + theRoi.number() + " '" + theRoi.name() + "' of " + source.rtstruct + " → " + out
                        + (fractional ? " (fraction of each voxel, float32)" : " (voxel centres, 0/1)"));
                r.line("  on the " + refKind + ": " + grid(grid));
                r.line("  volume: " + Format.cc(cc) + " (contours: " + Format.cc(res.contourVolumeCc()) + ", area × plane spacing)");
                r.warnAll(res.warnings());
                r.put("roi", theRoi.name()).put("roi_number", theRoi.number()).put("output", out.toString()).put("fractional", fractional)
                        .put("size", grid.size()).put("spacing_mm", grid.spacingMm()).put("volume_cc", Format.r3(cc))
                        .put("contour_volume_cc", Format.r3(res.contourVolumeCc()));
            }
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }

        private static String grid(Grid g) {
            return g.size(0) + " × " + g.size(1) + " × " + g.size(2) + " voxels of " + Format.num(g.spacingMm(0)) + " × "
                    + Format.num(g.spacingMm(1)) + " × " + Format.num(g.spacingMm(2)) + " mm";
        }

        private static double[] parseSpacing(String text) {
            String[] parts = text.split(",");
            if (parts.length != 3) throw new IllegalArgumentException("--spacing-mm takes X,Y,Z in mm, got '" + text + "'");
            double[] s = new double[3];
            for (int i = 0; i < 3; i++) {
                try {
                    s[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--spacing-mm takes X,Y,Z in mm, got '" + text + "'");
                }
                if (!(s[i] > 0) || Double.isInfinite(s[i])) throw new IllegalArgumentException("--spacing-mm values must be positive mm, got '" + text + "'");
            }
            return s;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write masks on a CT series' grid as a new RT Structure Set that references the CT (marching-squares contours).")
    static final class ExportCommand implements Callable<Integer> {
        @Option(names = "--reference", required = true, paramLabel = "CT_DIR", description = "Folder of the CT series the masks are drawn on.")
        Path reference;

        @Option(names = "--labels", paramLabel = "LABELMAP", description = "A label map on the CT grid: one ROI per label value (named by --names).")
        Path labels;

        @Option(names = "--names", split = ",", paramLabel = "N=NAME", description = "With --labels: the ROI name of each label (default 'label N').")
        List<String> names;

        @Option(names = "--structure", paramLabel = "MASK:NAME[:R,G,B[:TYPE]]",
                description = "A mask (or a sub-voxel fraction map, traced at 0.5) on the CT grid and its ROI name, colour (0-255 each; default red) "
                        + "and RT ROI Interpreted Type (default ORGAN, e.g. PTV, CTV, GTV, CONTROL). Repeat for more ROIs.")
        List<String> structures;

        @Option(names = "--label", paramLabel = "TEXT", defaultValue = "Halo", description = "Structure Set Label (16 characters at most). Default: ${DEFAULT-VALUE}.")
        String label;

        @Option(names = "--append-to", paramLabel = "RS_in.dcm",
                description = "Write a new structure set holding every ROI of this one (unchanged) and the new ones; this file is not touched.")
        Path appendTo;

        @Option(names = "--replace", description = "With --append-to: a new ROI replaces an old one of the same name (otherwise that is an error).")
        boolean replace;

        @Option(names = "--simplify-mm", paramLabel = "D", defaultValue = "0",
                description = "Remove contour points while no outline moves more than D mm (Douglas-Peucker). Default: ${DEFAULT-VALUE} (no simplification).")
        double simplifyMm;

        @Option(names = "--holes", paramLabel = "FORM", defaultValue = "keyhole",
                description = "How holes are written: keyhole (each joined to the outline around it by a zero-width cut between rows of voxel centres, "
                        + "so readers that take the union of contours keep them) or separate (outer and hole contours, combined even-odd). "
                        + "Default: ${DEFAULT-VALUE}.")
        String holes;

        @Option(names = "--out", required = true, paramLabel = "RS.dcm", description = "The structure set to write.")
        Path out;

        @Mixin
        CommonOptions common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** One structure per label value of the label map, in increasing order, named from --names. */
        private List<RtStructureSetWriter.Structure> labelStructures(CtSeries ct) {
            org.halo.image.Volume v = org.halo.io.ImageFiles.read(labels);
            if (!v.grid().sameGeometry(ct.image().grid(), 1e-3)) {
                throw HaloException.inFile(labels, "is not on the CT grid of " + reference + " (" + v.grid() + " vs " + ct.image().grid() + ")");
            }
            Map<Long, String> named = new LinkedHashMap<>();
            for (String n : names == null ? List.<String>of() : names) {
                String[] kv = n.split("=", 2);
                try {
                    if (kv.length != 2 || kv[1].isBlank()) throw new NumberFormatException();
                    named.put(Long.parseLong(kv[0].trim()), kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--names '" + n + "': give LABEL=NAME, e.g. 1=GTV");
                }
            }
            org.halo.image.Volume.Values at = v.values();
            java.util.TreeSet<Long> values = new java.util.TreeSet<>();
            int count = v.grid().voxelCount();
            for (int i = 0; i < count; i++) {
                double x = at.at(i);
                if (x != Math.rint(x)) throw HaloException.inFile(labels, "is not a label map (value " + Format.num(x) + " is not an integer)");
                if (x != 0) values.add((long) x);
            }
            for (Long k : named.keySet()) if (!values.contains(k)) throw HaloException.inFile(labels, "holds no label " + k + " (named by --names)");
            List<RtStructureSetWriter.Structure> out = new ArrayList<>();
            int[][] palette = {{255, 0, 0}, {0, 160, 255}, {0, 200, 0}, {255, 160, 0}, {200, 0, 200}, {0, 200, 200}};
            int c = 0;
            for (long value : values) {
                Mask m = Mask.empty(v.grid());
                for (int i = 0; i < count; i++) if (at.at(i) == value) m.voxels()[i] = 1;
                out.add(new RtStructureSetWriter.Structure(named.getOrDefault(value, "label " + value), palette[c++ % palette.length], "ORGAN", m));
            }
            return out;
        }

        @Override
        public Integer call() {
            if ((structures == null || structures.isEmpty()) && labels == null) throw new IllegalArgumentException("give --structure or --labels");
            if (names != null && labels == null) throw new IllegalArgumentException("--names needs --labels");
            CtSeries ct = CtSeries.read(reference);
            List<RtStructureSetWriter.Structure> list = new ArrayList<>();
            Report r = new Report(common.json);
            if (labels != null) list.addAll(labelStructures(ct));
            for (String spec : structures == null ? List.<String>of() : structures) {
                String[] parts = spec.split(":", -1);
                if (parts.length < 2 || parts.length > 4 || parts[1].isBlank()) {
                    throw new IllegalArgumentException("--structure '" + spec + "': give MASK:NAME[:R,G,B[:TYPE]]");
                }
                Path file = Path.of(parts[0]);
                int[] colour = {255, 0, 0};
                if (parts.length >= 3 && !parts[2].isBlank()) {
                    String[] c = parts[2].split(",");
                    if (c.length != 3) throw new IllegalArgumentException("--structure '" + spec + "': the colour is R,G,B (0-255 each)");
                    try {
                        for (int k = 0; k < 3; k++) colour[k] = Integer.parseInt(c[k].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--structure '" + spec + "': the colour is R,G,B (0-255 each)");
                    }
                }
                String type = parts.length == 4 && !parts[3].isBlank() ? parts[3].toUpperCase(java.util.Locale.ROOT) : "ORGAN";
                org.halo.image.Volume v = org.halo.io.ImageFiles.read(file);
                org.halo.image.Volume fractions = null;
                Mask m;
                try {
                    m = Mask.fromVolume(v, null);
                } catch (Mask.NotBinary e) {
                    double[] range = v.range();
                    if (!(range[0] >= 0 && range[1] <= 1)) {
                        throw HaloException.inFile(file, "is neither a mask (0/1) nor a fraction map (values 0-1): values " + Format.num(range[0]) + " to "
                                + Format.num(range[1]));
                    }
                    fractions = v; // a sub-voxel fraction map: traced at its 0.5 level
                    org.halo.image.Volume.Values at = v.values();
                    m = Mask.empty(v.grid());
                    for (int i = 0; i < m.voxels().length; i++) if (at.at(i) >= 0.5) m.voxels()[i] = 1;
                } catch (IllegalArgumentException e) {
                    throw HaloException.inFile(file, e.getMessage());
                }
                if (!m.grid().sameGeometry(ct.image().grid(), 1e-3)) {
                    throw HaloException.inFile(file, "is not on the CT grid of " + reference + " (" + m.grid() + " vs " + ct.image().grid() + ")");
                }
                if (m.isEmpty()) {
                    r.warn("structure '" + parts[1] + "' (" + file + ") is empty: not written");
                    continue;
                }
                try {
                    list.add(new RtStructureSetWriter.Structure(parts[1], colour, type, m, fractions));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--structure '" + spec + "': " + e.getMessage());
                }
            }
            if (list.isEmpty()) throw new IllegalArgumentException("no structure to write: every --structure is empty");
            if (replace && appendTo == null) throw new IllegalArgumentException("--replace needs --append-to");
            List<RtStructureSetWriter.KeptRoi> kept = List.of();
            if (appendTo != null) {
                if (appendTo.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException("--out must differ from --append-to (the old structure set is never overwritten)");
                }
                kept = RtStructureSetWriter.kept(appendTo, ct, list.stream().map(RtStructureSetWriter.Structure::name).toList(), replace);
            }
            RtStructureSetWriter.Written w = RtStructureSetWriter.write(out, ct, kept, list, label, simplifyMm, HoleForm.parse(holes));
            r.put("command", "dicom export").put("out", out.toString()).put("reference", reference.toString()).put("sop_instance_uid", w.sopInstanceUid());
            List<Map<String, Object>> rois = new ArrayList<>();
            r.line("Wrote " + out + ": RT Structure Set referencing " + ct.slices() + " CT slices (series " + ct.seriesUid() + "), " + w.names().size()
                    + " ROI(s)" + (kept.isEmpty() ? "" : ", " + kept.size() + " of them from " + appendTo) + ":");
            for (int k = 0; k < w.names().size(); k++) {
                boolean old = k < kept.size();
                String type = old ? kept.get(k).type() : list.get(k - kept.size()).type();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", w.names().get(k));
                m.put("type", type);
                m.put("contours", w.contours().get(k));
                m.put("points", w.points().get(k));
                m.put("kept", old);
                if (!old) m.put("volume_cc", Format.r3(list.get(k - kept.size()).mask().volumeCc()));
                rois.add(m);
                r.line(String.format(java.util.Locale.ROOT, "  %-24s %-8s %5d contours %7d points  %s", "'" + w.names().get(k) + "'", type, w.contours().get(k),
                        w.points().get(k), old ? "(kept)" : "(mask " + Format.cc(list.get(k - kept.size()).mask().volumeCc()) + ")"));
            }
            r.put("rois", rois);
            common.report(r);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }
}
