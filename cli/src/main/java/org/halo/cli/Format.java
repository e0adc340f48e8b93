package org.halo.cli;

import java.util.Locale;
import org.halo.DecimalText;

/** Number formatting with units for the text output. */
final class Format {
    private Format() {}

    static String cc(double cc) {
        return String.format(Locale.ROOT, "%.3f cc", cc);
    }

    static String mm(double mm) {
        return String.format(Locale.ROOT, "%.3g mm", mm);
    }

    static String ms(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String round(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** Up to 6 significant digits, no trailing zeros: what a float32 header value really says. */
    static String num(double v) {
        return DecimalText.significant(v, 6);
    }

    static double r3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
