package org.halo.cohort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.DecimalText;
import org.halo.io.SafeFiles;

/**
 * The manifest as CSV (RFC 4180 quoting; lists joined by ';'; coordinates x;y;z in mm), written atomically. Paths are
 * written relative to the manifest's own folder, where {@link Manifest#read} resolves them, so a study folder can be
 * moved or shared; a path given absolute stays absolute.
 */
public final class ManifestCsv {
    private ManifestCsv() {}

    /** The text with every path as it is (relative paths relative to the current directory). */
    public static String text(List<ManifestRow> rows) {
        return text(rows, null);
    }

    /** The text with relative paths rewritten relative to {@code folder} (null: as they are). */
    public static String text(List<ManifestRow> rows, Path folder) {
        StringBuilder sb = new StringBuilder(String.join(",", ManifestRow.COLUMNS)).append('\n');
        for (ManifestRow r : rows) {
            List<String> f = new ArrayList<>();
            f.add(r.patientId());
            f.add(path(r.rtstruct(), folder));
            f.add(path(r.reference(), folder));
            f.add(path(r.rtdose(), folder));
            f.add(path(r.rtplan(), folder));
            f.add(r.fractions() == null ? "" : r.fractions().toString());
            f.add(r.rxGy() == null ? "" : DecimalText.fixed(r.rxGy(), 4));
            f.add(r.isocentreMm() == null ? "" : DecimalText.fixed(r.isocentreMm()[0], 4) + ";" + DecimalText.fixed(r.isocentreMm()[1], 4) + ";" + DecimalText.fixed(r.isocentreMm()[2], 4));
            f.add(String.join(";", r.rois()));
            f.add(String.join("; ", r.problems()));
            for (int i = 0; i < f.size(); i++) sb.append(i == 0 ? "" : ",").append(quote(f.get(i)));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void write(List<ManifestRow> rows, Path file) {
        byte[] bytes = text(rows, file.toAbsolutePath().normalize().getParent()).getBytes(StandardCharsets.UTF_8);
        SafeFiles.write(file, out -> out.write(bytes));
    }

    /** A relative path (from the current directory) as seen from {@code folder}; absolute paths unchanged. */
    static String path(Path p, Path folder) {
        if (p == null) return "";
        if (p.isAbsolute() || folder == null) return p.toString();
        Path absolute = p.toAbsolutePath().normalize();
        if (absolute.getRoot() == null || !absolute.getRoot().equals(folder.getRoot())) return absolute.toString();
        String relative = folder.relativize(absolute).toString();
        return relative.isEmpty() ? "." : relative;
    }


    static String quote(String v) {
        if (v == null) return "";
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
