package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.halo.clinical.guideline.TargetKind;
import org.halo.compute.CpuBackend;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/** The fields a Monte Carlo reuses belong to whoever owns the cache: shared within it, never across owners. */
class MissCacheTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    private static MissProblem build(Mask ctv, double marginMm, MissCache cache) {
        ErrorModel m = Platform.MASK_6DOF.model(TargetKind.INTACT, true, 15);
        return MissProblem.build(new MissTarget.WithMargin(ctv, marginMm), new DoseModel.Exponential(null, null), MissSimulation.centroidMm(ctv),
                ScenarioSampler.sample(m, 20, 1, 5), m.substeps(), DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null, CPU, cache);
    }

    @Test
    void oneOwnersRowsShareTheTargetsFieldsAndOtherOwnersDoNot() {
        Mask ctv = MissSimulationTest.sphere(5, 1);
        MissCache mine = new MissCache();
        MissProblem first = build(ctv, 1.0, mine), second = build(ctv, 1.0, mine), elsewhere = build(ctv, 1.0, new MissCache());
        assertSame(first.distanceMm(), second.distanceMm(), "the same owner's second row reuses the distance field");
        assertSame(first.distanceSlope(), second.distanceSlope(), "and its slopes");
        assertNotSame(first.distanceMm(), elsewhere.distanceMm(), "another owner computes its own");
        assertArrayEquals(first.distanceMm(), elsewhere.distanceMm(), "to the same values");
    }

    /**
     * A run's one pass gives the centroid {@link MissSimulation#centroidMm} gives, to the bit, and the content hash
     * the field lookups use, so a pinned lookup finds the field an unpinned one computed.
     */
    @Test
    void aRunsOnePassGivesTheCentroidAndTheHash() {
        Mask ctv = GridIndependenceTest.shape(new double[] {0.7, 0.9, 1.3}, new double[] {9.1, 7.3, 6.2}, new double[] {6, 5, 4}, 0); // unequal axes
        MissCache cache = new MissCache();
        MissProblem unpinned = build(ctv, 1.0, cache);
        double[] centroid = cache.pin(ctv);
        try {
            assertArrayEquals(MissSimulation.centroidMm(ctv), centroid);
            assertSame(unpinned.distanceMm(), build(ctv, 1.0, cache).distanceMm());
        } finally {
            cache.unpin();
        }
    }

    @Test
    void aMaskChangedInPlaceIsANewTarget() {
        Mask ctv = MissSimulationTest.sphere(5, 1);
        MissCache cache = new MissCache();
        MissProblem before = build(ctv, 1.0, cache);
        byte[] v = ctv.voxels();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                v[i] = 0; // one voxel fewer
                break;
            }
        }
        assertNotSame(before.distanceMm(), build(ctv, 1.0, cache).distanceMm());
    }
}
