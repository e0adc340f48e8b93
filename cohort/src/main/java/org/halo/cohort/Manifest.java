package org.halo.cohort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.halo.HaloException;

/**
 * The rows a cohort run works through: either the index's manifest (one row per structure set, column {@code rtstruct})
 * or a hand-written one in image mode (one row per target mask, column {@code target}). Columns Halo does not know are
 * kept, in order, and copied into the results. Relative paths are read relative to the manifest's folder.
 */
public record Manifest(Path file, Mode mode, List<Entry> entries, List<String> extraColumns) {
    public enum Mode { DICOM, IMAGE }

    /**
     * One row: the patient, the structure set (DICOM) or target mask (image), the reference grid, dose and plan, the
     * target's name (image mode), the plan's prescription (Gy), fractions and isocentre (mm, LPS), and the extra columns.
     */
    public record Entry(int line, String patientId, Path source, Path reference, Path dose, String targetName, Double rxGy, Integer fractions,
                        double[] isocentreMm, Map<String, String> extra) {}

    private static final Set<String> DICOM_COLUMNS = Set.of("patient_id", "rtstruct", "reference", "rtdose", "rtplan", "fractions", "rx_gy",
            "isocentre_mm", "rois", "problems");
    private static final Set<String> IMAGE_COLUMNS = Set.of("patient_id", "target", "target_name", "dose", "rx_gy", "fractions", "isocentre_mm");

    public static Manifest read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HaloException.inFile(file, "cannot read the manifest: " + e.getMessage(), e);
        }
        return parse(text, file, file.toAbsolutePath().getParent());
    }

    /**
     * A manifest from its text (read by the caller, for example from a Hadoop file system): {@code file} names it in
     * messages, {@code base} is the folder relative paths start from (null: paths must be absolute).
     */
    public static Manifest parse(String text, Path file, Path base) {
        List<List<String>> rows;
        try {
            rows = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage(), e);
        }
        if (rows.isEmpty()) throw HaloException.inFile(file, "the manifest is empty (no header line)");
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("patient_id")) throw HaloException.inFile(file, "the manifest has no 'patient_id' column");
        Mode mode;
        if (header.contains("rtstruct")) mode = Mode.DICOM;
        else if (header.contains("target")) mode = Mode.IMAGE;
        else throw HaloException.inFile(file, "the manifest has neither an 'rtstruct' column (from halo cohort index) nor a 'target' column (image mode)");
        Set<String> known = mode == Mode.DICOM ? DICOM_COLUMNS : IMAGE_COLUMNS;
        List<String> extra = header.stream().filter(h -> !known.contains(h)).toList();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) continue;
            int line = r + 1;
            if (row.size() != header.size()) {
                throw HaloException.inFile(file, "line " + line + " has " + row.size() + " fields, the header " + header.size());
            }
            Map<String, String> v = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) v.put(header.get(c), row.get(c).strip());
            Entry e;
            try {
                e = entry(line, mode, v, extra, base);
            } catch (IllegalArgumentException ex) {
                throw HaloException.inFile(file, "line " + line + ": " + ex.getMessage(), ex);
            }
            // A row twice would store its targets twice: refuse, naming both lines.
            String key = CohortStore.key(e.patientId(), e.source().toString(), e.targetName());
            Integer before = seen.putIfAbsent(key, line);
            if (before != null) throw HaloException.inFile(file, "line " + line + " repeats line " + before + " (same patient and " + (mode == Mode.DICOM
                    ? "structure set" : "target") + ")");
            entries.add(e);
        }
        return new Manifest(file, mode, List.copyOf(entries), extra);
    }

    private static Entry entry(int line, Mode mode, Map<String, String> v, List<String> extraColumns, Path base) {
        String patient = v.get("patient_id");
        if (patient.isEmpty()) throw new IllegalArgumentException("no patient_id");
        Map<String, String> extra = new LinkedHashMap<>();
        for (String c : extraColumns) extra.put(c, v.get(c));
        Double rx = optNumber(v.get("rx_gy"), "rx_gy");
        String fx = v.getOrDefault("fractions", "");
        Integer fractions = fx.isEmpty() ? null : Integer.valueOf(parseInt(fx));
        double[] iso = isocentre(v.getOrDefault("isocentre_mm", ""));
        if (mode == Mode.DICOM) {
            Path rs = path(base, v.get("rtstruct"));
            if (rs == null) throw new IllegalArgumentException("no rtstruct");
            return new Entry(line, patient, rs, path(base, v.get("reference")), path(base, v.get("rtdose")), null, rx, fractions, iso, extra);
        }
        Path target = path(base, v.get("target"));
        if (target == null) throw new IllegalArgumentException("no target mask");
        String name = v.getOrDefault("target_name", "");
        if (name.isEmpty()) name = target.getFileName().toString().replaceFirst("\\.(nii\\.gz|nii|nrrd|nhdr|mha|mhd)$", "");
        return new Entry(line, patient, target, null, path(base, v.getOrDefault("dose", "")), name, rx, fractions, iso, extra);
    }

    private static Path path(Path base, String text) {
        if (text == null || text.isEmpty()) return null;
        Path p = Path.of(text);
        if (p.isAbsolute()) return p;
        if (base == null) throw new IllegalArgumentException("path '" + text + "' is relative, and this manifest's folder is not a local one: give absolute paths");
        return base.resolve(p).normalize();
    }

    private static Double optNumber(String text, String column) {
        if (text == null || text.isEmpty()) return null;
        try {
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d) || d <= 0) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + column + " needs a number > 0, got '" + text + "'");
        }
    }

    private static int parseInt(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column fractions needs a whole number ≥ 1, got '" + text + "'");
        }
    }

    static double[] isocentre(String text) {
        if (text.isEmpty()) return null;
        String[] p = text.split(";");
        if (p.length != 3) throw new IllegalArgumentException("column isocentre_mm needs x;y;z in mm, got '" + text + "'");
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(p[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column isocentre_mm needs x;y;z in mm, got '" + text + "'");
            }
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException("column isocentre_mm needs finite numbers, got '" + text + "'");
        }
        return v;
    }
}
