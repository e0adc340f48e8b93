package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.halo.clinical.guideline.TargetKind;
import org.halo.compute.CpuBackend;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/** The fields a Monte Carlo reuses belong to whoever owns the cache: shared within it, never across owners. */
class MissCacheTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    private static final ErrorModel MODEL = Platform.MASK_6DOF.model(TargetKind.INTACT, true, 15);

    private static MissProblem build(Mask ctv, double marginMm, MissCache cache) {
        return build(ctv, marginMm, ScenarioSampler.sample(MODEL, 20, 1, 5), cache);
    }

    private static MissProblem build(Mask ctv, double marginMm, Scenarios sc, MissCache cache) {
        return MissProblem.build(new MissTarget.WithMargin(ctv, marginMm), new DoseModel.Exponential(null, null), MissSimulation.centroidMm(ctv),
                sc, MODEL.substeps(), DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, null, CPU, cache);
    }

    /** The problem's lattice in a run that pinned the error model's typical moves. */
    private static MissProblem pinned(Mask ctv, double marginMm, Scenarios sc, MissCache cache) {
        cache.pin(ctv, cache.motionSample(MODEL));
        try {
            return build(ctv, marginMm, sc, cache);
        } finally {
            cache.unpin();
        }
    }

    /**
     * Sized by each block's own largest move, blocks and seeds of one regimen get lattices 2 mm apart (and a distance
     * field each); with the error model's typical moves they share one, except a block that moves further still, whose
     * lattice grows to hold it.
     */
    @Test
    void theErrorModelsTypicalMovesGiveEveryBlockTheSameLattice() {
        Mask ctv = MissSimulationTest.sphere(5, 1);
        MissCache cache = new MissCache();
        Set<List<Integer>> own = new HashSet<>(), typical = new HashSet<>();
        for (int seed = 1; seed <= 8; seed++) {
            Scenarios sc = ScenarioSampler.sample(MODEL, 0, seed % 2 == 0 ? 4 : 400, 3, seed, true);
            MissProblem alone = build(ctv, 1.0, sc, cache), shared = pinned(ctv, 1.0, sc, cache);
            own.add(List.of(alone.nx(), alone.ny(), alone.nz()));
            typical.add(List.of(shared.nx(), shared.ny(), shared.nz()));
        }
        assertTrue(own.size() > 1, "lattices sized by the blocks' own moves: " + own);
        assertEquals(1, typical.size(), "with the typical moves: " + typical);
        MissProblem usual = pinned(ctv, 1.0, ScenarioSampler.sample(MODEL, 0, 32, 3, 1, true), cache);
        MissProblem sameField = pinned(ctv, 2.0, ScenarioSampler.sample(MODEL, 32, 64, 3, 1, true), cache);
        assertSame(usual.distanceMm(), sameField.distanceMm(), "another block and margin find the same field");
        Scenarios far = new Scenarios(1, 1, 0, new double[] {25, 0, 0}, new double[3], new double[1], new double[3], new double[3], new double[3],
                new int[1], 0, 0);
        MissProblem moved = pinned(ctv, 1.0, far, cache);
        assertTrue(moved.nx() >= usual.nx() + 2 * 15 / 0.5, "a 25 mm shift grows the lattice: " + moved.nx() + " against " + usual.nx());
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
        double[] centroid = cache.pin(ctv, null);
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
