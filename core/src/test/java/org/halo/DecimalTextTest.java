package org.halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one number formatter: whole numbers bare, trailing zeros gone, rounding half up on the exact binary value, round trips. */
class DecimalTextTest {
    @Test
    void exactReadsBackAsTheSameDouble() {
        assertEquals("2", DecimalText.exact(2.0));
        assertEquals("-3", DecimalText.exact(-3.0));
        assertEquals("0", DecimalText.exact(-0.0));
        assertEquals("0.1", DecimalText.exact(0.1));
        assertEquals("0.30000000000000004", DecimalText.exact(0.1 + 0.2));
        assertEquals("0.00001", DecimalText.exact(1e-5));
        assertEquals("123456789012", DecimalText.exact(123456789012.0));
        assertEquals("1E+20", DecimalText.exact(1e20));
        assertEquals("1E-7", DecimalText.exact(1e-7));
        assertEquals("NaN", DecimalText.exact(Double.NaN));
        assertEquals("-Infinity", DecimalText.exact(Double.NEGATIVE_INFINITY));
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(v)) assertEquals(v, Double.parseDouble(DecimalText.exact(v)), "round trip of " + v);
        }
    }

    @Test
    void significantRoundsHalfUpOnTheBinaryValue() {
        assertEquals("0.123457", DecimalText.significant(0.123456789, 6));
        assertEquals("2", DecimalText.significant(2.0000001, 6));
        assertEquals("123457000", DecimalText.significant(123456789, 6));
        assertEquals("0.13", DecimalText.significant(0.125, 2), "0.125 is exact in binary: half up");
        assertEquals("2.67", DecimalText.significant(2.675, 3), "2.675 is 2.67499... in binary");
        assertEquals("-1.4", DecimalText.significant(-1.45, 2), "-1.45 is -1.4499999999999999556 in binary");
        assertEquals("-2.4", DecimalText.significant(-2.35, 2), "-2.35 is -2.3500000000000000888 in binary: away from zero");
        assertEquals("0", DecimalText.significant(-0.0, 3));
        assertEquals("Infinity", DecimalText.significant(Double.POSITIVE_INFINITY, 3));
        assertThrows(IllegalArgumentException.class, () -> DecimalText.significant(1, 0));
    }

    @Test
    void fixedKeepsAtMostItsDecimals() {
        assertEquals("1.2346", DecimalText.fixed(1.23456, 4));
        assertEquals("2", DecimalText.fixed(2.00001, 4));
        assertEquals("0", DecimalText.fixed(-0.00001, 4), "never -0");
        assertEquals("-12.5", DecimalText.fixed(-12.5, 4));
        assertEquals("3", DecimalText.fixed(2.5, 0));
        assertEquals("100", DecimalText.fixed(99.99999, 3));
    }
}
