package org.halo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command tells the user: lines of text with units for people, or one JSON object for machines. Warnings go
 * to stderr as text (prefixed "warning:") and into the JSON's "warnings" list.
 */
final class Report {
    private final boolean json;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(boolean json) {
        this.json = json;
    }

    Report put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    Report line(String text) {
        lines.add(text);
        return this;
    }

    Report warn(String text) {
        warnings.add(text);
        return this;
    }

    /** A fact about how the work ran (for example a fallback to the CPU), printed as "note:" on stderr. */
    Report note(String text) {
        notes.add(text);
        return this;
    }

    Report warnAll(List<String> texts) {
        warnings.addAll(texts);
        return this;
    }

    void print(PrintWriter out, PrintWriter err) {
        if (json) {
            fields.putIfAbsent("warnings", warnings);
            if (!notes.isEmpty()) for (String n : notes) err.println("note: " + n);
            out.println(Json.write(fields));
        } else {
            for (String l : lines) out.println(l);
            for (String n : notes) err.println("note: " + n);
            for (String w : warnings) err.println("warning: " + w);
        }
        out.flush();
        err.flush();
    }
}
