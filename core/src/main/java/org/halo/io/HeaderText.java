package org.halo.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.halo.HaloException;

/** Line-oriented text headers (NRRD, MetaImage) read without reading past them into the binary data. */
final class HeaderText {
    private static final int MAX_LINE = 1 << 16;

    private HeaderText() {}

    /** The next line without its terminator, or null at the end of the stream. */
    static String readLine(InputStream in, Path file) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (line.size() >= MAX_LINE) throw HaloException.inFile(file, "header line longer than " + MAX_LINE + " bytes: not a text header");
            line.write(c);
        }
        if (c < 0 && line.size() == 0) return null;
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static double[] numbers(String value, int expected, String field, Path file) {
        String[] parts = value.trim().split("[\\s,()]+");
        double[] out = new double[expected];
        int n = 0;
        for (String p : parts) {
            if (p.isEmpty()) continue;
            if (n == expected) throw HaloException.inFile(file, field + " has more than " + expected + " values: '" + value.trim() + "'");
            try {
                out[n++] = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw HaloException.inFile(file, field + " is not a list of numbers: '" + value.trim() + "'");
            }
        }
        if (n != expected) throw HaloException.inFile(file, field + " needs " + expected + " values, found " + n + ": '" + value.trim() + "'");
        for (double v : out) if (!Double.isFinite(v)) throw HaloException.inFile(file, field + " holds a non-finite value: '" + value.trim() + "'");
        return out;
    }

    static long positiveInteger(String value, String field, Path file) {
        try {
            long v = Long.parseLong(value.trim());
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw HaloException.inFile(file, field + " must be a positive integer, got '" + value.trim() + "'");
        }
    }

    /** An integer field that may be 0 (skips, header sizes), named in the error; -1 where {@code allowMinusOne}. */
    static long integer(String value, String field, Path file, boolean allowMinusOne) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < (allowMinusOne ? -1 : 0)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw HaloException.inFile(file, field + " must be " + (allowMinusOne ? "-1 or " : "") + "a non-negative integer, got '" + value.trim() + "'");
        }
    }

    /** Shortest decimal text that reads back to the same double. */
}
