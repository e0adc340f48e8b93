package org.halo.cli;

import java.util.Locale;

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
        if (Double.isInfinite(v) || Double.isNaN(v)) return Double.toString(v);
        if (Math.abs(v) < 1e-12) return "0";
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        String s = b.abs().compareTo(java.math.BigDecimal.valueOf(1e7)) >= 0 ? b.toString() : b.toPlainString();
        return s.contains(".") || s.contains("E") ? s : s + ".0";
    }

    static double r3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
