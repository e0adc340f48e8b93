package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.halo.clinical.guideline.Intent;
import org.halo.compute.CpuBackend;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/** A comparison recalls the rows an earlier one computed with the same inputs, and they are those it would compute. */
class RowMemoryTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final Mask CTV = MissSimulationTest.sphere(4, 1);
    private static final ErrorModel ERRORS = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(0.6)).withRandomMm(ErrorModel.isotropic(0.5))
            .withDelineationMm(0.5);

    private static MarginComparison.Request request(int hsrtFractions) {
        List<MarginComparison.Arm> arms = List.of(new MarginComparison.Arm("srs", Intent.SRS, 1, ERRORS, null),
                new MarginComparison.Arm("hsrt", Intent.HSRT, hsrtFractions, ERRORS, null));
        return new MarginComparison.Request(CTV, new double[] {0, 1, 2}, arms, new DoseModel.Exponential(null, null), 400, 7, null,
                MarginComparison.Metric.P_MISS_D95, 0.05).withPrecision(Precision.AUTO);
    }

    @Test
    void onlyTheRowsWhoseInputsChangedAreComputedAndEveryRowIsWhatAFreshComparisonGives() {
        RowMemory<MissResult> memory = new RowMemory<>(100);
        MarginComparison remembering = new MarginComparison(new MissSimulation(CPU), memory);
        MarginComparison.Result first = remembering.run(request(3), null);
        assertEquals(0, memory.hits());
        MarginComparison.Result again = remembering.run(request(3), null);
        assertEquals(6, memory.hits(), "the same question: every row recalled");
        assertEquals(6, again.rowsRecalled());
        assertEquals(0, first.rowsRecalled());
        for (int i = 0; i < 6; i++) assertSame(first.rows().get(i).result(), again.rows().get(i).result());
        MarginComparison.Result changed = remembering.run(request(5), null);
        assertEquals(9, memory.hits(), "five fractions instead of three: only the HSRT rows computed");
        MarginComparison.Result fresh = new MarginComparison(new MissSimulation(CPU)).run(request(5), null);
        for (int i = 0; i < 6; i++) {
            assertEquals(fresh.rows().get(i).result().missD95(), changed.rows().get(i).result().missD95(), "row " + i);
            assertEquals(fresh.rows().get(i).result().anyGeometricMiss(), changed.rows().get(i).result().anyGeometricMiss(), "row " + i);
        }
        assertEquals(fresh.verdict(), changed.verdict());
    }

    @Test
    void theLeastRecentlyUsedResultLeavesFirst() {
        RowMemory<MissResult> memory = new RowMemory<>(3);
        MarginComparison.Request q = request(3);
        new MarginComparison(new MissSimulation(CPU), memory).run(q, null); // six rows through a memory of three
        MarginComparison.Arm srs = q.arms().get(0), hsrt = q.arms().get(1);
        for (double m : q.marginsMm()) {
            assertNull(memory.recall(q.at(srs, m)), "SRS at " + m + " left for the later rows");
            assertNotNull(memory.recall(q.at(hsrt, m)), "HSRT at " + m + " kept");
        }
    }
}
