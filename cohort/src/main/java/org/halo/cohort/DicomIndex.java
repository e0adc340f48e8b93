package org.halo.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.halo.HaloException;
import org.halo.io.dicom.DicomReader;
import org.halo.io.dicom.RtPlan;

/**
 * Finds the structure sets in DICOM trees of any layout and file names and links each to its images, plan and dose by
 * their UIDs, never by folder names (docs/cohort.md, "Indexing"). Headers only: pixel data and contours are not read.
 */
public final class DicomIndex {
    private DicomIndex() {}

    /** The manifest rows and what the walk saw: files in all, DICOM files, files skipped (not DICOM), unreadable ones. */
    public record Result(List<ManifestRow> rows, int files, int dicomFiles, int skippedFiles, List<String> unreadable) {}

    public static Result index(List<Path> roots, Consumer<String> progress) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) throw HaloException.inFile(root, "no such file or folder");
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                throw HaloException.inFile(root, "cannot walk the folder: " + e.getMessage());
            }
        }
        files.sort(Comparator.naturalOrder());
        AtomicInteger done = new AtomicInteger();
        int total = files.size();
        // Each file becomes a header, an error line, or null (not DICOM).
        Object[] read = files.parallelStream().map(f -> {
            Object r;
            if (!DicomReader.looksLikeDicom(f)) r = null;
            else {
                try {
                    r = DicomHeader.read(f);
                } catch (HaloException e) {
                    r = e.getMessage(); // already names the file
                } catch (RuntimeException e) {
                    r = f + ": " + e.getMessage();
                }
            }
            int n = done.incrementAndGet();
            if (progress != null && (n % 2000 == 0 || n == total)) progress.accept(n + "/" + total + " files read");
            return r;
        }).toArray();
        List<DicomHeader> headers = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int skipped = 0;
        for (Object r : read) {
            if (r == null) skipped++;
            else if (r instanceof DicomHeader h) headers.add(h);
            else unreadable.add((String) r);
        }
        return new Result(link(headers), total, headers.size() + unreadable.size(), skipped, List.copyOf(unreadable));
    }

    /** One row per structure set, patients in order of their IDs, structure sets in file order. */
    static List<ManifestRow> link(List<DicomHeader> headers) {
        Map<String, List<DicomHeader>> byPatient = new LinkedHashMap<>();
        for (DicomHeader h : headers) byPatient.computeIfAbsent(h.patientId() == null ? "" : h.patientId(), k -> new ArrayList<>()).add(h);
        List<ManifestRow> rows = new ArrayList<>();
        byPatient.keySet().stream().sorted().forEach(patient -> {
            List<DicomHeader> files = byPatient.get(patient);
            for (DicomHeader s : files) if ("RTSTRUCT".equals(s.modality())) rows.add(row(patient, s, files));
        });
        return rows;
    }

    private static ManifestRow row(String patient, DicomHeader s, List<DicomHeader> files) {
        List<String> problems = new ArrayList<>();
        if (patient.isEmpty()) problems.add("no patient ID");
        Path reference = images(s, files, problems);
        DicomHeader plan = plan(s, files, problems);
        List<DicomHeader> doses = plan == null ? List.of() : files.stream().filter(h -> "RTDOSE".equals(h.modality()) && plan.sopUid() != null
                && plan.sopUid().equals(h.referencedPlan())).toList();
        if (doses.isEmpty()) {
            doses = files.stream().filter(h -> "RTDOSE".equals(h.modality()) && s.frameOfReference() != null
                    && s.frameOfReference().equals(h.frameOfReference())).toList();
            if (!doses.isEmpty()) problems.add("RTDOSE linked by frame of reference only (no plan reference)");
        }
        if (doses.isEmpty()) problems.add("no RTDOSE");
        else if (doses.size() > 1) problems.add(doses.size() + " RTDOSEs link to this structure set; the first is listed");
        DicomHeader dose = doses.isEmpty() ? null : doses.get(0);
        if (reference == null && dose != null) {
            reference = dose.file();
            problems.add("no image series: the dose grid is the reference");
        } else if (reference == null) {
            problems.add("no image series and no dose: no reference grid");
        }
        Integer fractions = null;
        Double rx = null;
        double[] iso = null;
        if (plan != null && plan.plan() != null) {
            RtPlan p = plan.plan();
            fractions = p.fractions() > 0 ? p.fractions() : null;
            double gy = p.targetPrescriptionGy();
            rx = Double.isNaN(gy) ? null : gy;
            if (p.isocentresMm().size() > 1) problems.add(p.isocentresMm().size() + " isocentres; the first is listed");
            iso = p.isocentresMm().isEmpty() ? null : p.isocentresMm().get(0);
            if (fractions == null) problems.add("the plan states no number of fractions");
            if (rx == null) problems.add("the plan states no prescription dose");
        }
        return new ManifestRow(patient, s.file(), reference, dose == null ? null : dose.file(), plan == null ? null : plan.file(), fractions, rx, iso,
                s.rois(), List.copyOf(problems));
    }

    /**
     * The plan of a structure set, by the first of three rules that finds any: the plans whose Referenced Structure Set
     * names it; else the plans that name no structure set and that an RTDOSE in its frame of reference references; else
     * the plans that name no structure set in its frame of reference. A rule past the first is noted; several candidates
     * are listed, and none is linked (a guess would attach the wrong prescription silently).
     */
    private static DicomHeader plan(DicomHeader s, List<DicomHeader> files, List<String> problems) {
        List<DicomHeader> plans = files.stream().filter(h -> "RTPLAN".equals(h.modality())).toList();
        List<DicomHeader> naming = plans.stream().filter(p -> s.sopUid() != null && s.sopUid().equals(p.referencedStructureSet())).toList();
        if (!naming.isEmpty()) return onlyCandidate(naming, "reference this structure set", problems);
        List<DicomHeader> unattached = plans.stream().filter(p -> p.referencedStructureSet() == null).toList();
        List<String> dosePlans = files.stream().filter(h -> "RTDOSE".equals(h.modality()) && sameFrame(s, h) && h.referencedPlan() != null)
                .map(DicomHeader::referencedPlan).toList();
        List<DicomHeader> byDose = unattached.stream().filter(p -> p.sopUid() != null && dosePlans.contains(p.sopUid())).toList();
        if (!byDose.isEmpty()) {
            DicomHeader p = onlyCandidate(byDose, "name no structure set and are referenced by an RTDOSE in its frame of reference", problems);
            if (p != null) problems.add("RTPLAN linked through the RTDOSE that references it (the plan names no structure set)");
            return p;
        }
        List<DicomHeader> inFrame = unattached.stream().filter(p -> sameFrame(s, p)).toList();
        if (!inFrame.isEmpty()) {
            DicomHeader p = onlyCandidate(inFrame, "name no structure set and lie in its frame of reference", problems);
            if (p != null) problems.add("RTPLAN linked by frame of reference only (the plan names no structure set)");
            return p;
        }
        problems.add("no RTPLAN references this structure set");
        return null;
    }

    private static DicomHeader onlyCandidate(List<DicomHeader> plans, String why, List<String> problems) {
        if (plans.size() == 1) return plans.get(0);
        problems.add(plans.size() + " RTPLANs " + why + " (" + plans.stream().map(p -> p.file().getFileName() + " " + p.sopUid())
                .reduce((a, b) -> a + ", " + b).orElse("") + "): none linked");
        return null;
    }

    private static boolean sameFrame(DicomHeader a, DicomHeader b) {
        return a.frameOfReference() != null && a.frameOfReference().equals(b.frameOfReference());
    }

    /** The folder of the image series the structure set references (else one in its frame of reference), or null. */
    private static Path images(DicomHeader s, List<DicomHeader> files, List<String> problems) {
        for (String uid : s.referencedSeries()) {
            List<DicomHeader> series = files.stream().filter(h -> h.isImage() && uid.equals(h.seriesUid())).toList();
            if (!series.isEmpty()) return folderOf(series, problems);
        }
        Map<String, List<DicomHeader>> inFrame = new LinkedHashMap<>();
        for (DicomHeader h : files) {
            if (h.isImage() && h.seriesUid() != null && s.frameOfReference() != null && s.frameOfReference().equals(h.frameOfReference())) {
                inFrame.computeIfAbsent(h.seriesUid(), k -> new ArrayList<>()).add(h);
            }
        }
        if (inFrame.isEmpty()) return null;
        problems.add(String.format(Locale.ROOT, "image series linked by frame of reference only%s",
                inFrame.size() > 1 ? " (" + inFrame.size() + " series; the first is listed)" : ""));
        return folderOf(inFrame.values().iterator().next(), problems);
    }

    private static Path folderOf(List<DicomHeader> series, List<String> problems) {
        Path folder = series.get(0).file().getParent();
        for (DicomHeader h : series) {
            if (!h.file().getParent().equals(folder)) {
                problems.add("the image series spans several folders; the first is listed");
                break;
            }
        }
        return folder;
    }
}
