package org.halo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as text, one way for all of Halo: a whole number without a decimal point ("2", not "2.0"), no trailing zeros,
 * no exponent between 1e-6 and 1e15, "NaN", "Infinity" and "-Infinity" as words, and never "-0". Rounding is half up
 * on the double's exact binary value (so 2.675, stored as 2.67499…, rounds to 2.67).
 */
public final class DecimalText {
    private DecimalText() {}

    /**
     * The shortest text that reads back as the same double ("0.1", "0.30000000000000004", "2"): for headers and files.
     *
     * @param v the number
     * @return its text
     */
    public static String exact(double v) {
        if (!Double.isFinite(v)) return word(v);
        return plain(new BigDecimal(Double.toString(v)));
    }

    /**
     * Rounded to {@code digits} significant digits ("0.123457" for 6): for messages and tables.
     *
     * @param v the number
     * @param digits significant digits, at least 1
     * @return its text
     */
    public static String significant(double v, int digits) {
        if (digits < 1) throw new IllegalArgumentException("digits must be at least 1, got " + digits);
        if (!Double.isFinite(v)) return word(v);
        return plain(new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_UP)));
    }

    /**
     * Rounded to at most {@code decimals} decimal places ("1.2346" for 4): for coordinates in mm.
     *
     * @param v the number
     * @param decimals decimal places, at least 0
     * @return its text
     */
    public static String fixed(double v, int decimals) {
        if (decimals < 0) throw new IllegalArgumentException("decimals must be at least 0, got " + decimals);
        if (!Double.isFinite(v)) return word(v);
        return plain(new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP));
    }

    private static String plain(BigDecimal b) {
        if (b.signum() == 0) return "0";
        BigDecimal s = b.stripTrailingZeros();
        double magnitude = s.abs().doubleValue();
        return magnitude >= 1e15 || magnitude < 1e-6 ? s.toString() : s.toPlainString();
    }

    private static String word(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }
}
