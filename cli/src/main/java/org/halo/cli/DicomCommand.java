package org.halo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.ContourRasterizer;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.DicomFolder;
import org.halo.io.dicom.LabelMap;
import org.halo.io.dicom.RasterReference;
import org.halo.io.dicom.RoiOnReference;
import org.halo.io.dicom.RtDose;
import org.halo.io.dicom.RtPlan;
import org.halo.io.dicom.RtStructureSet;
import org.halo.io.dicom.RtStructureSetWriter;
import org.halo.io.dicom.StructureFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "dicom", mixinStandardHelpOptions = true, description = "DICOM RT: list objects, convert structures, doses and CT series, export masks as a structure set.",
        subcommands = {DicomCommand.ListCommand.class, DicomCommand.ConvertCommand.class, DicomCommand.ExportCommand.class})
final class DicomCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

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
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Report r = new Report(common.json);
            List<Map<String, Object>> objects = new ArrayList<>();
            Map<String, Integer> imageSeries = new LinkedHashMap<>();
            for (Path f : DicomFolder.files(path)) {
                DicomFolder.Item item = DicomFolder.read(f);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("file", f.toString());
                o.put("modality", item.modality());
                o.put("transfer_syntax", item.transferSyntax());
                if (item instanceof DicomFolder.StructureSetItem ss) structureSet(r, o, f, ss.structureSet());
                else if (item instanceof DicomFolder.DoseItem d) dose(r, o, f, d.dose());
                else if (item instanceof DicomFolder.PlanItem p) plan(r, o, f, p.plan());
                else if (item instanceof DicomFolder.ImageItem image) {
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

        private static void structureSet(Report r, Map<String, Object> o, Path f, RtStructureSet rs) {
            r.line(f.getFileName() + ": RTSTRUCT, frame of reference " + rs.frameOfReference());
            List<Map<String, Object>> rois = new ArrayList<>();
            for (RtStructureSet.Roi roi : rs.rois()) {
                int points = roi.contours().stream().mapToInt(RtStructureSet.Contour::pointCount).sum();
                r.line(String.format(Locale.ROOT, "  ROI %3d  %-24s %-12s %4d contour(s) %7d point(s)", roi.number(), "'" + roi.name() + "'",
                        roi.interpretedType() == null ? "" : roi.interpretedType(), roi.contours().size(), points));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", roi.number());
                m.put("name", roi.name());
                m.put("type", roi.interpretedType());
                m.put("contours", roi.contours().size());
                m.put("points", points);
                rois.add(m);
            }
            o.put("frame_of_reference", rs.frameOfReference());
            o.put("rois", rois);
        }

        private static void dose(Report r, Map<String, Object> o, Path f, RtDose dose) {
            Grid g = dose.dose().grid();
            double[] range = dose.dose().range();
            r.line(f.getFileName() + ": RTDOSE " + gridText(g) + ", " + dose.type() + " " + dose.summation() + ", units " + dose.units() + ", max "
                    + Format.num(range[1]));
            o.put("size", g.size());
            o.put("spacing_mm", g.spacingMm());
            o.put("dose_units", dose.units());
            o.put("dose_type", dose.type());
            o.put("dose_summation", dose.summation());
            o.put("max_dose", range[1]);
            o.put("frame_of_reference", dose.frameOfReference());
        }

        private static void plan(Report r, Map<String, Object> o, Path f, RtPlan plan) {
            double rx = plan.targetPrescriptionGy();
            RtPlan.Prescription chosen = plan.targetPrescription();
            r.line(f.getFileName() + ": RTPLAN, " + plan.beams() + " beam(s), " + plan.fractions() + " fraction(s)"
                    + (Double.isNaN(rx) ? "" : ", target prescription " + Format.num(rx) + " Gy")
                    + (chosen != null && !chosen.prescribesTarget() ? " (from a " + chosen.structureType() + " reference: the plan has no site or volume reference)" : ""));
            List<Map<String, Object>> refs = new ArrayList<>();
            for (RtPlan.Prescription p : plan.prescriptions()) {
                r.line("  dose reference " + (p.structureType() == null ? "(no type)" : p.structureType()) + (p.description() == null ? "" : " '" + p.description() + "'")
                        + ": " + Format.num(p.doseGy()) + " Gy" + (p.prescribesTarget() ? "" : " (a calculation point)"));
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("type", p.structureType());
                ref.put("description", p.description());
                ref.put("dose_gy", p.doseGy());
                refs.add(ref);
            }
            List<List<Double>> isocentres = new ArrayList<>();
            for (double[] iso : plan.isocentresMm()) {
                isocentres.add(List.of(iso[0], iso[1], iso[2]));
                r.line("  isocentre (" + Format.num(iso[0]) + ", " + Format.num(iso[1]) + ", " + Format.num(iso[2]) + ") mm, LPS");
            }
            o.put("beams", plan.beams());
            o.put("fractions", plan.fractions());
            o.put("target_prescription_gy", Double.isNaN(rx) ? null : rx);
            o.put("dose_references", refs);
            o.put("isocentres_mm", isocentres);
        }
    }

    /** A grid in words: voxels and spacing. */
    static String gridText(Grid g) {
        return g.size(0) + " × " + g.size(1) + " × " + g.size(2) + " voxels of " + Format.num(g.spacingMm(0)) + " × " + Format.num(g.spacingMm(1)) + " × "
                + Format.num(g.spacingMm(2)) + " mm";
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
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Report r = new Report(common.json);
            if (source.rtdose != null) convertDose(r);
            else if (source.ct != null) convertCt(r);
            else convertRoi(r);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }

        private void convertDose(Report r) {
            RtDose dose = RtDose.read(source.rtdose);
            String desc = "DICOM RTDOSE units=" + dose.units() + " type=" + dose.type() + " summation=" + dose.summation();
            ImageFiles.write(dose.dose().withDescription(desc), out);
            double[] range = dose.dose().range();
            String unit = "GY".equalsIgnoreCase(dose.units()) ? "Gy" : dose.units();
            r.line("RTDOSE " + source.rtdose + " → " + out + " (float32, " + unit + ", DoseGridScaling " + dose.scaling() + " applied)");
            r.line("  " + gridText(dose.dose().grid()) + ", dose " + Format.num(range[0]) + " … " + Format.num(range[1]) + " " + unit + ", " + dose.type() + " "
                    + dose.summation());
            r.put("input", source.rtdose.toString()).put("output", out.toString()).put("dose_units", dose.units()).put("dose_type", dose.type())
                    .put("min_dose", range[0]).put("max_dose", range[1]).put("size", dose.dose().grid().size()).put("spacing_mm", dose.dose().grid().spacingMm());
        }

        private void convertCt(Report r) {
            CtSeries ct = CtSeries.read(source.ct);
            ImageFiles.write(ct.image().withDescription("CT HU"), out);
            r.line("CT " + source.ct + " → " + out + " (HU): " + gridText(ct.image().grid()) + ", " + ct.slices() + " slices");
            r.put("input", source.ct.toString()).put("output", out.toString()).put("size", ct.image().grid().size())
                    .put("spacing_mm", ct.image().grid().spacingMm()).put("slices", ct.slices());
        }

        private void convertRoi(Report r) {
            if (roi == null) throw new ParameterException(spec.commandLine(), "--rtstruct needs --roi NAME");
            if ((reference == null) == (spacing == null)) throw new ParameterException(spec.commandLine(), "give exactly one of --reference and --spacing-mm");
            RasterReference ref = spacing != null ? RasterReference.around(RtStructureSet.read(source.rtstruct).roi(roi), parseSpacing(spacing))
                    : RasterReference.read(reference);
            RoiOnReference placed;
            try {
                placed = RoiOnReference.read(source.rtstruct, roi, ref, fractional, ignoreFrame);
            } catch (RoiOnReference.OtherFrame e) {
                throw new HaloException(e.getMessage() + " (--ignore-frame-of-reference to convert anyway)", e);
            }
            ContourRasterizer.Result res = placed.raster();
            Grid grid = ref.grid();
            ImageFiles.write(fractional ? res.fraction() : res.mask().toVolume(), out);
            double cc = fractional ? res.fraction().sum() * grid.voxelVolumeMm3() / 1000 : res.mask().volumeCc();
            RtStructureSet.Roi theRoi = placed.roi();
            r.line("ROI " + theRoi.number() + " '" + theRoi.name() + "' of " + source.rtstruct + " → " + out
                    + (fractional ? " (fraction of each voxel, float32)" : " (voxel centres, 0/1)"));
            r.line("  on the " + (spacing != null ? "grid of " + spacing + " mm around the ROI" : ref.describe()) + ": " + gridText(grid));
            r.line("  volume: " + Format.cc(cc) + " (contours: " + Format.cc(res.contourVolumeCc()) + ", area × plane spacing)");
            r.warnAll(placed.warnings());
            r.put("roi", theRoi.name()).put("roi_number", theRoi.number()).put("output", out.toString()).put("fractional", fractional)
                    .put("size", grid.size()).put("spacing_mm", grid.spacingMm()).put("volume_cc", Format.r3(cc)).put("contour_volume_cc", Format.r3(res.contourVolumeCc()));
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
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if ((structures == null || structures.isEmpty()) && labels == null) throw new IllegalArgumentException("give --structure or --labels");
            if (names != null && labels == null) throw new IllegalArgumentException("--names needs --labels");
            if (replace && appendTo == null) throw new IllegalArgumentException("--replace needs --append-to");
            CtSeries ct = CtSeries.read(reference);
            Report r = new Report(common.json);
            List<RtStructureSetWriter.Structure> list = new ArrayList<>();
            if (labels != null) list.addAll(LabelMap.structures(labels, labelNames(), ct.image().grid()));
            for (String text : structures == null ? List.<String>of() : structures) {
                RtStructureSetWriter.Structure s = structure(text, ct.image().grid());
                if (s == null) r.warn("structure '" + text.split(":", -1)[1] + "' (" + text.split(":", -1)[0] + ") is empty: not written");
                else list.add(s);
            }
            if (list.isEmpty()) throw new IllegalArgumentException("no structure to write: every --structure is empty");
            List<RtStructureSetWriter.KeptRoi> kept = List.of();
            if (appendTo != null) {
                if (appendTo.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException("--out must differ from --append-to (the old structure set is never overwritten)");
                }
                kept = RtStructureSetWriter.kept(appendTo, ct, list.stream().map(RtStructureSetWriter.Structure::name).toList(), replace);
            }
            RtStructureSetWriter.Written w = RtStructureSetWriter.write(out, ct, kept, list, label, simplifyMm, HoleForm.parse(holes));
            report(r, ct, kept, list, w);
            common.report(r);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }

        /** One --structure: parsed and read, its errors prefixed with the option; null when the mask is empty. */
        private static RtStructureSetWriter.Structure structure(String text, Grid ctGrid) {
            StructureFile file;
            try {
                file = StructureFile.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--structure '" + text + "': " + e.getMessage());
            }
            try {
                return file.read(ctGrid);
            } catch (HaloException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--structure '" + text + "': " + e.getMessage());
            }
        }

        /** --names LABEL=NAME,... as a map. */
        private Map<Long, String> labelNames() {
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
            return named;
        }

        private void report(Report r, CtSeries ct, List<RtStructureSetWriter.KeptRoi> kept, List<RtStructureSetWriter.Structure> list, RtStructureSetWriter.Written w) {
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
                r.line(String.format(Locale.ROOT, "  %-24s %-8s %5d contours %7d points  %s", "'" + w.names().get(k) + "'", type, w.contours().get(k),
                        w.points().get(k), old ? "(kept)" : "(mask " + Format.cc(list.get(k - kept.size()).mask().volumeCc()) + ")"));
            }
            r.put("rois", rois);
        }
    }
}
