package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

/** The stored columns of a comparison row stay in step with its values, one column per component, in order. */
class ComparisonRowTest {
    @Test
    void oneColumnPerValueInTheSameOrder() {
        ComparisonRow r = new ComparisonRow("srs:1", 1, 1.5, 0.1, 0.01, 0.02, 0.003, 0.8, 0.05, 0.02, 0.1, 93, 88, 5.6, 7.1, 1.27, 1.9, 2.1, "conditional", 2000,
                42L);
        RecordComponent[] components = ComparisonRow.class.getRecordComponents();
        assertEquals(components.length, ComparisonRow.COLUMNS.size());
        assertEquals(components.length, r.values().size());
        assertEquals("srs:1", r.values().get(ComparisonRow.COLUMNS.indexOf("regimen")));
        assertEquals(7.1, r.values().get(ComparisonRow.COLUMNS.indexOf("ptv_cc")));
        assertEquals(2.1, r.values().get(ComparisonRow.COLUMNS.indexOf("finite_fractions_mm")));
        assertEquals("conditional", r.values().get(ComparisonRow.COLUMNS.indexOf("estimator")));
        assertEquals(2000, r.values().get(ComparisonRow.COLUMNS.indexOf("scenarios_used")));
        assertEquals(42L, r.values().get(ComparisonRow.COLUMNS.indexOf("seed")));
    }
}
