package org.halo.clinical.miss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.halo.compute.Backend;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Matrix3;

/**
 * Everything a backend needs to evaluate the scenarios, as flat arrays (docs/clinical.md, "halo miss"):
 * <ul>
 *   <li>a lattice with the CTV grid's axes (finer for the smooth target model) that every displaced point stays inside,
 *       holding the distance in mm to the dose-shaping set: the CTV for a margin (offset = the margin), or the PTV
 *       (offset 0); signed (negative inside) for the smooth model, zero inside for voxel centres;
 *   <li>for an imported dose, the relative dose on the same lattice;
 *   <li>per axis, a bound on the slope of the interpolated distance ({@link #slope}): the kernels bound a whole drift
 *       segment from one read with it;
 *   <li>the {@link EvaluationPoints}, weighted in units of {@link #weightCc}, and per scenario the total weight of its
 *       true CTV and its delineation offset δ;
 *   <li>per course and fraction, the rigid transform in lattice coordinates and the drift vector;
 *   <li>the lattice's grid, which places the points (lattice coordinates) in the patient;
 *   <li>for the conditional estimator, the {@link DelineationIntegral} (null for the plain one).
 * </ul>
 * With {@link TargetModel#VOXEL_CENTRE} every point is a voxel centre of weight 1, a cell of its own: the PTV of
 * margin m is {x : dist(x, CTV centres) ≤ m}, as in {@code halo expand}.
 */
public record MissProblem(
        TargetModel targetModel,
        int nx, int ny, int nz,
        float[] distanceMm,
        float[] relativeDose,
        double offsetMm,
        double[] falloff, double falloffStepMm, boolean sharpEdge,
        byte[] cellInside,
        double[] distanceSlope,
        EvaluationPoints points,
        double[] spacingMm,
        int[] scenarioWeight, double[] delineationMm,
        int scenarios, int fractions, int substeps,
        double[] transforms, double[] driftReachMm, double[] moveBoundMm,
        double dosePerFractionGy, double alphaBetaGy,
        double weightCc, double ctvCc, double ptvCc, double g50Mm, int doseOutsideGrid, List<String> warnings, Grid lattice,
        DelineationIntegral delineationIntegral) {

    /** Doubles per (course, fraction) in {@link #transforms}: a 3×3 matrix, a translation, a drift (lattice units). */
    public static final int TRANSFORM = 15;
    /** Relative tolerance of the inside-the-PTV test, as in {@link MarginExpander#TIE_TOLERANCE}. */
    public static final double TIE = MarginExpander.TIE_TOLERANCE;

    /**
     * True when the dose is accumulated as BED (relative to the planned BED) rather than physical dose.
     *
     * @return true for BED
     */
    public boolean biological() {
        return alphaBetaGy > 0;
    }

    /** {@return the evaluation points: depth-band entries and surface points} */
    public int pointCount() {
        return points.entries() + points.surfaceCount();
    }



    /**
     * The problem the evaluators solve: the evaluation points, the PTV's distance field, the scenarios' transforms.
     *
     * @param target the CTV and its PTV
     * @param dose the dose model
     * @param isocentreMm the isocentre (mm, LPS)
     * @param sc the scenarios
     * @param substeps time steps per fraction
     * @param acc how fraction doses add up
     * @param model how the target is represented
     * @param backend where the distance transforms run
     * @return the problem
     */
    public static MissProblem build(MissTarget target, DoseModel dose, double[] isocentreMm, Scenarios sc, int substeps, DoseAccumulation acc,
                                    TargetModel model, Backend backend) {
        return build(target, dose, isocentreMm, sc, substeps, acc, model, null, backend);
    }

    /**
     * As {@link #build(MissTarget, DoseModel, double[], Scenarios, int, DoseAccumulation, TargetModel, Backend)}, with the
     * delineation offset's distribution to integrate (the conditional estimator): the points then reach
     * {@link DelineationIntegral#upperMm} whatever the sampled offsets.
     *
     * @param target the CTV and its PTV
     * @param dose the dose model
     * @param isocentreMm the isocentre (mm, LPS)
     * @param sc the scenarios
     * @param substeps time steps per fraction
     * @param acc how fraction doses add up
     * @param model how the target is represented
     * @param offset the offset's mean and SD (mm) to integrate, or null for the plain estimator
     * @param backend where the distance transforms run
     * @return the problem
     */
    public static MissProblem build(MissTarget target, DoseModel dose, double[] isocentreMm, Scenarios sc, int substeps, DoseAccumulation acc,
                                    TargetModel model, DelineationIntegral.Offset offset, Backend backend) {
        return build(target, dose, isocentreMm, sc, substeps, acc, model, offset, backend, new MissCache());
    }

    /**
     * As {@link #build(MissTarget, DoseModel, double[], Scenarios, int, DoseAccumulation, TargetModel, DelineationIntegral.Offset, Backend)},
     * reusing the distance, skip and slope fields the caller's cache holds from earlier problems of the same target.
     *
     * @param target the CTV and its PTV
     * @param dose the dose model
     * @param isocentreMm the isocentre (mm, LPS)
     * @param sc the scenarios
     * @param substeps time steps per fraction
     * @param acc how fraction doses add up
     * @param model how the target is represented
     * @param offset the offset's mean and SD (mm) to integrate, or null for the plain estimator
     * @param backend where the distance transforms run
     * @param cache what the caller's earlier problems computed
     * @return the problem
     */
    public static MissProblem build(MissTarget target, DoseModel dose, double[] isocentreMm, Scenarios sc, int substeps, DoseAccumulation acc,
                                    TargetModel model, DelineationIntegral.Offset offset, Backend backend, MissCache cache) {
        Mask ctv = target.ctv();
        if (ctv.isEmpty()) throw new IllegalArgumentException("the CTV is empty");
        List<String> warnings = new ArrayList<>();
        double maxDelin = offset == null ? 0 : DelineationIntegral.upperMm(offset.meanMm(), offset.sdMm());
        for (double d : sc.delineationMm()) maxDelin = Math.max(maxDelin, d);
        double shapeReach = target instanceof MissTarget.WithMargin wm ? wm.marginMm() : 0;
        Geometry geo = Geometry.of(target, dose, isocentreMm, sc, maxDelin, shapeReach, model, backend, cache);
        // The offsets given a true CTV that is not empty: the target's deepest threshold is known only now.
        OffsetLaw law = geo.offsetLaw(sc);
        double[] delineation = law.offsetsMm(sc.delineationMm());
        double mostMm = Arrays.stream(delineation).max().orElse(maxDelin);
        if (mostMm > maxDelin) { // the conditioned offsets reach further: points up to them, and the law of those points
            geo = Geometry.of(target, dose, isocentreMm, sc, mostMm, shapeReach, model, backend, cache);
            law = geo.offsetLaw(sc);
            delineation = law.offsetsMm(sc.delineationMm());
        }
        MissLattice lattice = geo.lattice();
        EvaluationPoints points = geo.points();
        ScenarioMotion motion = geo.motion();
        boolean imported = dose instanceof DoseModel.Imported;
        int[] scenarioWeight = new int[sc.count()];
        for (int j = 0; j < sc.count(); j++) {
            scenarioWeight[j] = (int) points.weightAt(delineation[j]);
            if (scenarioWeight[j] == 0) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "scenario %d's true CTV is empty (delineation offset %.2f mm) "
                        + "after conditioning on one that is not", j, delineation[j]));
            }
        }
        DoseTable doseTable = DoseTable.of(dose, lattice, warnings);
        Grid lg = lattice.grid();
        double[] tf = transforms(sc, lg, lg.originMm(), isocentreMm);
        double df = acc.dosePerFractionGy(), ab = acc.alphaBetaGy();
        int[] size = lg.size();
        double weightCc = points.weightMm3() / 1000.0;
        double ctvCc = model == TargetModel.SMOOTH ? points.weightAt(0) * weightCc : ctv.volumeCc();
        return new MissProblem(model, size[0], size[1], size[2], lattice.distanceMm(), doseTable.relative(), shapeReach, doseTable.falloff(),
                doseTable.stepMm(), doseTable.sharp(),
                imported ? null : cache.cellInside(lg, lattice.ptv(), () -> cellInside(lattice.ptv(), size[0], size[1], size[2])),
                cache.slopes(lg, lattice.distanceMm(), () -> slope(lattice.distanceMm(), size[0], size[1], size[2], lg.spacingMm())), points,
                lg.spacingMm().clone(), scenarioWeight, delineation, sc.count(), sc.fractions(), hasDrift(sc) ? substeps : 1, tf,
                motion.driftReachMm(), motion.moveBoundMm(), df, ab, weightCc, ctvCc, lattice.ptvCc(), doseTable.g50Mm(),
                doseTable.outsideGrid(), List.copyOf(warnings), lg,
                offset == null ? null : DelineationIntegral.of(points, offset.meanMm(), offset.sdMm(), law.massScale()));
    }

    /** Where a problem's points move and where they lie: the moves' bounds, the lattice and the evaluation points. */
    private record Geometry(ScenarioMotion motion, MissLattice lattice, EvaluationPoints points) {
        /** The geometry whose points reach the offset {@code maxDelin} (mm). */
        static Geometry of(MissTarget target, DoseModel dose, double[] isocentreMm, Scenarios sc, double maxDelin, double shapeReach, TargetModel model,
                           Backend backend, MissCache cache) {
            Mask ctv = target.ctv();
            ScenarioMotion motion = ScenarioMotion.of(sc, ctv.grid(), ctv.bounds(), isocentreMm, maxDelin, shapeReach,
                    model == TargetModel.SMOOTH ? cache.typicalMotion(ctv) : null);
            boolean imported = dose instanceof DoseModel.Imported;
            if (model == TargetModel.SMOOTH) {
                MissLattice lattice = SmoothTarget.lattice(target, motion.reachMm(), shapeReach, backend, cache);
                return new Geometry(motion, lattice, SmoothTarget.points(lattice, maxDelin, isocentreMm, imported, backend, cache));
            }
            MissLattice lattice = MissLattice.around(target, motion.reachMm(), shapeReach, backend);
            return new Geometry(motion, lattice, voxelCentrePoints(lattice, maxDelin, isocentreMm, imported, backend, cache));
        }

        /** The scenarios' offset law given a true CTV of these points (checked: refused where it would often be empty). */
        OffsetLaw offsetLaw(Scenarios sc) {
            OffsetLaw law = new OffsetLaw(sc.delineationMeanMm(), sc.delineationSdMm(), points.sortedThresholds()[0]);
            law.check();
            return law;
        }
    }


    /**
     * True when b is a at a margin at least as large: the same lattice, distance field, points, scenarios and
     * accumulation, an analytic dose, and a PTV {d ≤ inside} that contains a's. A point inside a's PTV at a substep is
     * then inside b's.
     */
    static boolean sameButLargerMargin(MissProblem a, MissProblem b) {
        if (a.relativeDose != null || b.relativeDose != null || a.cellInside == null || b.cellInside == null) return false;
        if (a.targetModel != b.targetModel || a.nx != b.nx || a.ny != b.ny || a.nz != b.nz || a.scenarios != b.scenarios
                || a.fractions != b.fractions || a.substeps != b.substeps || !(b.offsetMm >= a.offsetMm)) return false;
        if (a.dosePerFractionGy != b.dosePerFractionGy || a.alphaBetaGy != b.alphaBetaGy) return false;
        if (!Arrays.equals(a.spacingMm, b.spacingMm) || !Arrays.equals(a.transforms, b.transforms) || !Arrays.equals(a.delineationMm, b.delineationMm)
                || !Arrays.equals(a.scenarioWeight, b.scenarioWeight)) return false;
        if ((a.delineationIntegral == null) != (b.delineationIntegral == null)
                || a.delineationIntegral != null && a.delineationIntegral.upperMm() != b.delineationIntegral.upperMm()) return false;
        if (a.distanceMm != b.distanceMm && !Arrays.equals(a.distanceMm, b.distanceMm)) return false;
        EvaluationPoints p = a.points, q = b.points;
        return Arrays.equals(p.cellStart(), q.cellStart()) && Arrays.equals(p.xyz(), q.xyz()) && Arrays.equals(p.weight(), q.weight())
                && Arrays.equals(p.threshold(), q.threshold()) && Arrays.equals(p.surfaceXyz(), q.surfaceXyz())
                && Arrays.equals(p.surfaceNormal(), q.surfaceNormal()) && Arrays.equals(p.surfaceBiasMm(), q.surfaceBiasMm());
    }

    /** D·S: grid index offsets to patient mm. */
    private static double[] indexToMm(Grid g) {
        double[] m = g.direction().clone();
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[3 * r + c] *= g.spacingMm(c);
        return m;
    }



    /**
     * The voxel-centre evaluation points: every lattice centre whose signed distance to the contour is at most the
     * largest delineation offset, each a cell of its own with that distance as its threshold.
     */
    static EvaluationPoints voxelCentrePoints(MissLattice lattice, double maxDelin, double[] isocentreMm, boolean imported, Backend backend,
                                              MissCache cache) {
        Grid grid = lattice.grid();
        int nx = grid.size(0), ny = grid.size(1);
        float[] sdf = lattice.signedMm();
        float[] skipField = imported ? null : SkipField.of(lattice, backend, cache);
        int count = 0;
        for (float v : sdf) if (v <= maxDelin) count++;
        float[] pts = new float[3 * count], threshold = new float[count];
        int[] cellStart = new int[count + 1], weight = new int[count];
        int c = 0;
        for (int i = 0; i < sdf.length; i++) {
            if (!(sdf[i] <= maxDelin)) continue;
            pts[3 * c] = i % nx;
            pts[3 * c + 1] = (i / nx) % ny;
            pts[3 * c + 2] = i / (nx * ny);
            threshold[c] = sdf[i];
            weight[c] = 1;
            cellStart[++c] = c;
        }
        return EvaluationPoints.of(cellStart, pts, weight, threshold, new float[0], new float[0], new float[0], grid, skipField, isocentreMm,
                grid.voxelVolumeMm3());
    }



    /**
     * Per course and fraction: x = c + R(v − c) + T in lattice coordinates, and the drift ({@link #TRANSFORM} doubles
     * each). The lattice has the CTV grid's axes and spacing and its own origin.
     */
    static double[] transforms(Scenarios sc, Grid ctvGrid, double[] latticeOriginMm, double[] isocentreMm) {
        int n = sc.fractions();
        double[] dirScaled = indexToMm(ctvGrid);
        double[] toIndex = Matrix3.inverse(dirScaled);
        double[] cL = new double[3];
        double[] isoRel = {isocentreMm[0] - latticeOriginMm[0], isocentreMm[1] - latticeOriginMm[1], isocentreMm[2] - latticeOriginMm[2]};
        Matrix3.apply(toIndex, isoRel, cL);
        double[] tf = new double[TRANSFORM * sc.count() * n];
        double[] r = new double[9], m = new double[9], tmp = new double[9], t = new double[3], tl = new double[3], u = new double[3], ul = new double[3];
        for (int j = 0; j < sc.count(); j++) {
            for (int k = 0; k < n; k++) {
                int f = j * n + k;
                rotation(sc.systematicRotationDeg()[3 * j] + sc.rotationDeg()[3 * f], sc.systematicRotationDeg()[3 * j + 1] + sc.rotationDeg()[3 * f + 1],
                        sc.systematicRotationDeg()[3 * j + 2] + sc.rotationDeg()[3 * f + 2], r);
                Matrix3.product(r, dirScaled, tmp);
                Matrix3.product(toIndex, tmp, m);
                for (int a = 0; a < 3; a++) t[a] = sc.systematicShiftMm()[3 * j + a] + sc.setupShiftMm()[3 * f + a];
                for (int a = 0; a < 3; a++) u[a] = sc.driftMm()[3 * f + a];
                Matrix3.apply(toIndex, t, tl);
                Matrix3.apply(toIndex, u, ul);
                int o = TRANSFORM * f;
                System.arraycopy(m, 0, tf, o, 9);
                for (int a = 0; a < 3; a++) {
                    tf[o + 9 + a] = cL[a] - (m[3 * a] * cL[0] + m[3 * a + 1] * cL[1] + m[3 * a + 2] * cL[2]) + tl[a];
                    tf[o + 12 + a] = ul[a];
                }
            }
        }
        return tf;
    }

    /**
     * Per axis, the largest difference of the distance field between lattice neighbours per mm (mm/mm): each partial
     * derivative of its trilinear interpolant is a convex combination of such differences, so moving by Δ (mm) changes
     * the interpolated distance by at most Σ slope_a·|Δ_a|.
     */
    static double[] slope(float[] v, int nx, int ny, int nz, double[] h) {
        int sz = nx * ny;
        double mx = 0, my = 0, mz = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    int i = row + x;
                    float c = v[i];
                    if (x + 1 < nx) mx = Math.max(mx, Math.abs((double) v[i + 1] - c));
                    if (y + 1 < ny) my = Math.max(my, Math.abs((double) v[i + nx] - c));
                    if (z + 1 < nz) mz = Math.max(mz, Math.abs((double) v[i + sz] - c));
                }
            }
        }
        return new double[] {mx / h[0], my / h[1], mz / h[2]};
    }

    /**
     * For analytic doses, 1 for each interpolation cell (lower corner index) whose eight corners all lie in the PTV:
     * every position in it reads dose 1 and counts as inside, without interpolating. Null for imported doses.
     */
    private static byte[] cellInside(byte[] ptv, int nx, int ny, int nz) {
        byte[] c = new byte[ptv.length];
        int sy = nx, sz = nx * ny;
        for (int z = 0; z < nz - 1; z++) {
            for (int y = 0; y < ny - 1; y++) {
                for (int x = 0; x < nx - 1; x++) {
                    int o = x + nx * (y + ny * z);
                    if ((ptv[o] & ptv[o + 1] & ptv[o + sy] & ptv[o + sy + 1] & ptv[o + sz] & ptv[o + sz + 1] & ptv[o + sy + sz] & ptv[o + sy + sz + 1]) != 0) c[o] = 1;
                }
            }
        }
        return c;
    }

    /** Without drift every substep is the same position: one step gives the same numbers, faster. */
    private static boolean hasDrift(Scenarios sc) {
        for (double d : sc.driftMm()) if (d != 0) return true;
        return false;
    }

    /** R = Rz(γ)·Ry(β)·Rx(α), angles in degrees about the patient axes. */
    static void rotation(double alphaDeg, double betaDeg, double gammaDeg, double[] out) {
        double a = Math.toRadians(alphaDeg), b = Math.toRadians(betaDeg), c = Math.toRadians(gammaDeg);
        double ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), scc = Math.sin(c);
        double[] rx = {1, 0, 0, 0, ca, -sa, 0, sa, ca};
        double[] ry = {cb, 0, sb, 0, 1, 0, -sb, 0, cb};
        double[] rz = {cc, -scc, 0, scc, cc, 0, 0, 0, 1};
        double[] t = new double[9];
        Matrix3.product(ry, rx, t);
        Matrix3.product(rz, t, out);
    }

    static Mask crop(Mask src, Grid lattice, int[] lo) {
        Grid g = src.grid();
        byte[] from = src.voxels();
        byte[] to = new byte[lattice.voxelCount()];
        int nx = lattice.size(0), ny = lattice.size(1), nz = lattice.size(2);
        for (int z = 0; z < nz; z++) {
            int gz = z + lo[2];
            if (gz < 0 || gz >= g.size(2)) continue;
            for (int y = 0; y < ny; y++) {
                int gy = y + lo[1];
                if (gy < 0 || gy >= g.size(1)) continue;
                for (int x = 0; x < nx; x++) {
                    int gx = x + lo[0];
                    if (gx >= 0 && gx < g.size(0)) to[x + nx * (y + ny * z)] = from[g.index(gx, gy, gz)];
                }
            }
        }
        return Mask.wrap(lattice, to);
    }

    /** Number of sorted values ≤ v. */
    static int upperBound(float[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    static double dist(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    static double max(double[] v) {
        return Math.max(v[0], Math.max(v[1], v[2]));
    }
}
