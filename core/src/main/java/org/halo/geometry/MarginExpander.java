package org.halo.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.Backend;
import org.halo.compute.Box;
import org.halo.compute.CostProblem;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * Margin operations with voxel-centre semantics: a voxel belongs to CTV ⊕ margin when its centre lies within the
 * margin's structuring element placed on the centre of some CTV voxel. This is what SciPy's
 * {@code distance_transform_edt(~ctv, sampling) <= m} and plastimatch's {@code dmap} + {@code threshold} compute.
 *
 * <p><b>Ties.</b> Voxels exactly at the margin are inside. Spacings such as 1.2 mm are not exact in binary, so
 * (5 × 1.2 mm)² evaluates to slightly more than (6 mm)². The test is therefore d²/m² ≤ 1 + {@value #TIE_TOLERANCE}:
 * a voxel whose centre is at most 5·10⁻⁷·m beyond the margin (5 nm for a 10 mm margin) counts as on it.
 *
 * <p><b>Speed.</b> Work is confined to the CTV's bounding box padded by the margin, and partial costs beyond the margin
 * are dropped after each pass (band limiting); both are exact.
 *
 * <p><b>Grid edge.</b> Voxels outside the grid are neither CTV nor background. A PTV that would reach past the grid is
 * cut there and a warning says by how much; a shrink does not erode from the grid edge.
 */
public final class MarginExpander {
    /** Relative tolerance on the normalised squared distance, see the class comment. */
    public static final double TIE_TOLERANCE = 1e-6;

    private final Backend backend;

    /** @param backend where the distance passes run */
    public MarginExpander(Backend backend) {
        this.backend = backend;
    }

    /**
     * CTV grown by the margin.
     *
     * @param ctv the structure
     * @param margin the margin
     * @return the grown structure and its warnings
     */
    public MarginResult expand(Mask ctv, Margin margin) {
        return grow(ctv, margin, Double.NEGATIVE_INFINITY, null);
    }

    /**
     * CTV grown by the margin, written over the CTV's own voxels: afterwards {@code ctv} holds the PTV, and the result
     * is that same mask. For pipelines that no longer need the CTV (the command line, cohorts), it saves a second
     * grid-sized mask. Exact, because the expansion contains the CTV and every backend reads all sites before it marks.
     *
     * @param ctv the structure, overwritten
     * @param margin the margin
     * @return the grown structure (the same mask) and its warnings
     */
    public MarginResult expandInPlace(Mask ctv, Margin margin) {
        return grow(ctv, margin, Double.NEGATIVE_INFINITY, ctv);
    }

    /**
     * Voxels whose normalised cost lies in (lowerExclusive, 1 + tolerance]: the expansion, or a shell of it; marked into
     * {@code target} (the CTV itself, for an expansion in place), or into a new mask when it is null.
     */
    private MarginResult grow(Mask ctv, Margin margin, double lowerExclusive, Mask target) {
        Grid grid = ctv.grid();
        List<String> warnings = new ArrayList<>();
        Interval bounds = ctv.bounds();
        if (bounds == null) return target == null ? emptyResult(grid, warnings) : new MarginResult(target, emptyWarning(warnings));
        double[][] ext = margin.gridExtentsMm(grid);
        Box box = reachBox(grid, bounds, ext, warnings);
        Mask out = target != null ? target : Mask.empty(grid);
        backend.markCostBand(problem(ctv, box, (byte) 1, ext), lowerExclusive, 1.0 + TIE_TOLERANCE, out.voxels());
        return new MarginResult(out, warnings);
    }

    /**
     * CTV shrunk by the margin: voxels whose centre is farther than the margin from every non-CTV voxel centre.
     *
     * @param ctv the structure
     * @param margin the margin
     * @return the shrunk structure and its warnings
     */
    public MarginResult shrink(Mask ctv, Margin margin) {
        Grid grid = ctv.grid();
        List<String> warnings = new ArrayList<>();
        Interval bounds = ctv.bounds();
        if (bounds == null) return emptyResult(grid, warnings);
        double[][] ext = margin.mirrored().gridExtentsMm(grid);
        // Sites below the box act upward (Δ > 0, the "plus" extent) and sites above act downward.
        Box box = Box.of(Intervals.intersect(grown(bounds, grid, ext, true), grid.interval()));
        byte[] nearOutside = backend.withinCost(problem(ctv, box, (byte) 0, ext), 1.0 + TIE_TOLERANCE);
        Mask out = Mask.empty(grid);
        byte[] src = ctv.voxels(), dst = out.voxels();
        forEachBoxVoxel(box, grid, (boxIndex, gridIndex) -> {
            if (src[gridIndex] != 0 && nearOutside[boxIndex] == 0) dst[gridIndex] = 1;
        });
        if (out.isEmpty()) {
            warnings.add("the margin removes the whole structure: no voxel centre lies farther than the margin from its outside, so the result is empty");
        }
        return new MarginResult(out, warnings);
    }

    /**
     * The shell between an inner and an outer margin: CTV⊕outer minus CTV⊕inner (inner 0 leaves out the CTV). For
     * uniform margins this is one transform: with the outer margin's normalised costs, the inner margin is the cost
     * level (inner/outer)², so the shell is the band between the two levels (one upload and one download on a device).
     *
     * @param ctv the structure
     * @param inner the ring's inner margin
     * @param outer the ring's outer margin
     * @return the ring and its warnings
     */
    public MarginResult ring(Mask ctv, Margin inner, Margin outer) {
        if (inner instanceof Margin.Uniform in && outer instanceof Margin.Uniform out && out.mm() > 0 && in.mm() < out.mm()) {
            return band(ctv, in.mm(), out);
        }
        MarginResult big = expand(ctv, outer);
        MarginResult small = expand(ctv, inner);
        List<String> warnings = new ArrayList<>(big.warnings());
        for (String w : small.warnings()) if (!warnings.contains(w)) warnings.add(w);
        return new MarginResult(MaskAlgebra.subtract(big.mask(), small.mask()), warnings);
    }

    private MarginResult band(Mask ctv, double innerMm, Margin.Uniform outer) {
        double ratio = innerMm / outer.mm();
        double lower = innerMm <= 0 ? 0.0 : ratio * ratio * (1.0 + TIE_TOLERANCE);
        return grow(ctv, outer, lower, null);
    }

    private static MarginResult emptyResult(Grid grid, List<String> warnings) {
        return new MarginResult(Mask.empty(grid), emptyWarning(warnings));
    }

    private static List<String> emptyWarning(List<String> warnings) {
        warnings.add("the input structure is empty, so the result is empty");
        return warnings;
    }

    /**
     * The box a margin can reach from a structure's bounding box ({@code bbox}, inclusive voxel indices), clipped to the
     * grid; a warning for each side where it was cut.
     */
    /**
     * {@code bounds} grown on each axis by the whole voxels the margin reaches: below by its extent toward the axis's
     * low side ({@code ext[a][1]}), above by its extent toward the high side ({@code ext[a][0]}); {@code mirrored} swaps
     * them, for a shrink, whose outside sites act from the other side. Not clipped to the grid.
     */
    private static Interval grown(Interval bounds, Grid grid, double[][] ext, boolean mirrored) {
        long[] min = new long[3], max = new long[3];
        for (int a = 0; a < 3; a++) {
            min[a] = bounds.min(a) - reachVoxels(ext[a][mirrored ? 0 : 1], grid.spacingMm(a));
            max[a] = bounds.max(a) + reachVoxels(ext[a][mirrored ? 1 : 0], grid.spacingMm(a));
        }
        return new FinalInterval(min, max);
    }

    /** The box a margin can reach from {@code bounds}, clipped to the grid; a warning for each side where it was cut. */
    private static Box reachBox(Grid grid, Interval bounds, double[][] ext, List<String> warnings) {
        Interval reach = grown(bounds, grid, ext, false);
        for (int a = 0; a < 3; a++) {
            if (reach.min(a) < 0) {
                warnings.add(String.format(Locale.ROOT, "the result reaches past the grid edge on the %s side by up to %.2f mm and is cut there",
                        sideName(grid, a, false), ext[a][1] - bounds.min(a) * grid.spacingMm(a)));
            }
            if (reach.max(a) > grid.size(a) - 1) {
                warnings.add(String.format(Locale.ROOT, "the result reaches past the grid edge on the %s side by up to %.2f mm and is cut there",
                        sideName(grid, a, true), ext[a][0] - (grid.size(a) - 1 - bounds.max(a)) * grid.spacingMm(a)));
            }
        }
        return Box.of(Intervals.intersect(reach, grid.interval()));
    }

    /**
     * The transform problem an expansion of {@code ctv} by {@code margin} solves: normalised costs on the box the margin
     * can reach (or on the whole grid), sites at the structure's voxels, threshold 1 + {@link #TIE_TOLERANCE}. For
     * benchmarks and backends' own tests, which then time or check exactly the work {@link #expand} does.
     *
     * @param ctv the structure
     * @param margin the margin
     * @param wholeGrid solve on the whole grid rather than the box the margin can reach
     * @return the problem
     */
    public static CostProblem expansionProblem(Mask ctv, Margin margin, boolean wholeGrid) {
        Grid g = ctv.grid();
        Interval bounds = ctv.bounds();
        if (bounds == null) throw new IllegalArgumentException("the structure is empty");
        double[][] ext = margin.gridExtentsMm(g);
        Box box = wholeGrid ? Box.whole(g.size(0), g.size(1), g.size(2)) : reachBox(g, bounds, ext, new ArrayList<>());
        return problem(ctv, box, (byte) 1, ext);
    }

    /** Whole voxels a margin of {@code mm} can reach along an axis of spacing {@code spacingMm}, ties included. */
    static int reachVoxels(double mm, double spacingMm) {
        if (mm <= 0) return 0;
        return (int) Math.floor(mm / spacingMm * Math.sqrt(1.0 + TIE_TOLERANCE));
    }

    private static CostProblem problem(Mask mask, Box box, byte siteValue, double[][] ext) {
        Grid g = mask.grid();
        double[] wPos = new double[3], wNeg = new double[3];
        for (int a = 0; a < 3; a++) {
            wPos[a] = weight(g.spacingMm(a), ext[a][0]);
            wNeg[a] = weight(g.spacingMm(a), ext[a][1]);
        }
        return new CostProblem(mask.voxels(), g.size(0), g.size(1), g.size(2), box, siteValue, wPos, wNeg, 1.0 + TIE_TOLERANCE);
    }

    /** (s/m)²: the normalised squared cost of one voxel step; +∞ for a zero extent (no growth that way). */
    private static double weight(double spacingMm, double extentMm) {
        if (extentMm <= 0) return Double.POSITIVE_INFINITY;
        double r = spacingMm / extentMm;
        return r * r;
    }

    static String sideName(Grid grid, int axis, boolean plusSide) {
        int r = grid.patientAxisOf(axis);
        if (r < 0) return "grid axis " + "ijk".charAt(axis) + (plusSide ? " high" : " low");
        boolean towardPatientPlus = (grid.patientAxisSign(axis) > 0) == plusSide;
        String[][] names = {{"right", "left"}, {"anterior", "posterior"}, {"inferior", "superior"}};
        return names[r][towardPatientPlus ? 1 : 0];
    }

    interface VoxelPair {
        void accept(int boxIndex, int gridIndex);
    }

    static void forEachBoxVoxel(Box box, Grid grid, VoxelPair body) {
        int bi = 0;
        for (int k = box.z0(); k < box.z1(); k++) {
            for (int j = box.y0(); j < box.y1(); j++) {
                int gi = grid.index(box.x0(), j, k);
                for (int i = 0; i < box.nx(); i++) body.accept(bi++, gi + i);
            }
        }
    }
}
