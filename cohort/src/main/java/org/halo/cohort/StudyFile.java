package org.halo.cohort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.HaloException;

/**
 * A study file: the flat subset of YAML a study needs. {@code key: value} lines, {@code #} comments, lists either
 * inline ({@code margins: [0, 0.5, 1]} or {@code margins: 0,0.5,1}) or as {@code - item} lines under their key, values
 * optionally quoted. Anything else (nesting, anchors, multi-line strings) is refused with the line number.
 */
public final class StudyFile {
    private StudyFile() {}

    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HaloException.inFile(file, "cannot read the study file: " + e.getMessage(), e);
        }
        try {
            return parse(lines);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage(), e);
        }
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> keys = new LinkedHashMap<>();
        String listKey = null;
        List<String> items = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = stripComment(lines.get(n));
            if (line.isBlank() || line.strip().equals("---")) continue;
            String t = line.strip();
            if (t.startsWith("- ") || t.equals("-")) {
                if (listKey == null) throw new IllegalArgumentException("line " + (n + 1) + ": a list item with no key above it");
                items.add(unquote(t.substring(1).strip()));
                continue;
            }
            if (listKey != null) {
                keys.put(listKey, String.join(",", items));
                listKey = null;
                items.clear();
            }
            if (Character.isWhitespace(line.charAt(0))) throw new IllegalArgumentException("line " + (n + 1) + ": nested keys are not part of a study file");
            int colon = t.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("line " + (n + 1) + ": expected 'key: value', got '" + t + "'");
            String key = t.substring(0, colon).strip();
            String value = t.substring(colon + 1).strip();
            if (keys.containsKey(key)) throw new IllegalArgumentException("line " + (n + 1) + ": key '" + key + "' given twice");
            if (value.isEmpty()) {
                listKey = key;
            } else if (value.startsWith("[")) {
                if (!value.endsWith("]")) throw new IllegalArgumentException("line " + (n + 1) + ": a list opened with '[' must close on the same line");
                List<String> v = new ArrayList<>();
                for (String s : value.substring(1, value.length() - 1).split(",")) if (!s.isBlank()) v.add(unquote(s.strip()));
                keys.put(key, String.join(",", v));
            } else {
                keys.put(key, unquote(value));
            }
        }
        if (listKey != null) keys.put(listKey, String.join(",", items));
        return keys;
    }

    private static String stripComment(String line) {
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return line.substring(0, i);
        }
        return line;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) return v.substring(1, v.length() - 1);
        return v;
    }
}
