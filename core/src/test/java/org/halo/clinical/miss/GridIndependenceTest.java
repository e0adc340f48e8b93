package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Erf;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/**
 * The smooth target model against closed forms on 0.5, 1 and 1 × 1 × 2 mm grids with the target off the lattice
 * (docs/clinical.md, "How the model is validated"): the lens oracle (random error, D95), χ₃ coverage (systematic error,
 * full coverage), a Rayleigh oracle for rotation about a distant isocentre, and grid convergence on non-spherical
 * targets. Tolerance: three Monte Carlo standard errors or half a percentage point, whichever is larger.
 */
class GridIndependenceTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    static final double[][] GRIDS = {{0.5, 0.5, 0.5}, {1, 1, 1}, {1, 1, 2}};

    /** A ball of radius r (mm) off the lattice in a grid of the given spacing. */
    static Mask ball(double radiusMm, double[] sp, double[] centreMm) {
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) n[a] = (int) Math.ceil((centreMm[a] + radiusMm + 4) / sp[a]);
        Mask m = Mask.empty(Grid.of(n[0], n[1], n[2], sp[0], sp[1], sp[2]));
        Phantoms.addSphere(m, centreMm[0], centreMm[1], centreMm[2], radiusMm);
        return m;
    }

    static MissResult run(Mask ctv, double marginMm, ErrorModel model, int scenarios, double[] iso, TargetModel tm) {
        return new MissSimulation(CPU).run(new MissSimulation.Request(new MissTarget.WithMargin(ctv, marginMm), new DoseModel.SharpEdge(),
                model, 1, scenarios, 20261130L, iso, null).withTargetModel(tm));
    }

    /** Volume of a ball of radius r whose centre lies s from the centre of a ball of radius R, outside that ball. */
    static double outsideVolume(double r, double bigR, double s) {
        double vr = 4 / 3.0 * Math.PI * r * r * r;
        if (s <= bigR - r) return 0;
        if (s >= bigR + r) return vr;
        double lens = Math.PI * Math.pow(bigR + r - s, 2) * (s * s + 2 * s * r - 3 * r * r + 2 * s * bigR + 6 * r * bigR - 3 * bigR * bigR) / (12 * s);
        return vr - lens;
    }

    /** P(|X| ≤ x) for X standard normal in three dimensions. */
    static double chi3(double x) {
        return Erf.erf(x / Math.sqrt(2)) - Math.sqrt(2 / Math.PI) * x * Math.exp(-x * x / 2);
    }

    /** The closed form: P(D95 < 95 %) for a sphere r, margin m, random SD σ per axis, one fraction, sharp edge. */
    static double lensRisk(double r, double m, double sigma) {
        return 1 - chi3(criticalShiftMm(r, m) / sigma);
    }

    /**
     * Within half a point of the continuous closed form (what a finite grid's surface may differ by) plus three of the
     * estimate's standard errors.
     */
    static void assertClose(double expected, MissResult.Probability p, String what) {
        double tol = 0.005 + 3 * p.standardError();
        assertEquals(expected, p.value(), tol, what + String.format(" (%.4f ± %.4f)", p.value(), p.standardError()));
    }

    /** The shift beyond which a sphere r, margin m, has more than 5 % of its volume outside its PTV. */
    static double criticalShiftMm(double r, double m) {
        double vr = 4 / 3.0 * Math.PI * r * r * r;
        UnivariateFunction f = s -> outsideVolume(r, r + m, s) / vr - 0.05;
        return new BrentSolver(1e-12).solve(200, f, m + 1e-9, m + 2 * r);
    }

    /** The exact criterion (|shift| > s*) applied to the very scenarios the simulation draws: no Monte Carlo error between the two. */
    static double sameDrawLensRisk(double r, double m, ErrorModel random, int scenarios) {
        double sStar = criticalShiftMm(r, m);
        Scenarios sc = ScenarioSampler.sample(random, scenarios, 1, 20261130L);
        int fail = 0;
        for (int j = 0; j < scenarios; j++) {
            double[] v = sc.setupShiftMm();
            if (Math.sqrt(v[3 * j] * v[3 * j] + v[3 * j + 1] * v[3 * j + 1] + v[3 * j + 2] * v[3 * j + 2]) > sStar) fail++;
        }
        return fail / (double) scenarios;
    }

    /**
     * The quantity the lens oracle turns on, without Monte Carlo: a sphere shifted by s* along 30 directions has exactly
     * 5 % of its volume outside its PTV. Halo's under-dosed share, averaged over the directions, within 0.2 % of the volume
     * on every grid (what a 1 mm mask tells of the surface) and within 0.08 % on the finest, for caps 1.4 and 1.9 mm deep:
     * the sampled volume keeps depth bands at every depth (a layer of bands 1 mm deep with a merged point below it lost
     * the cap's deep part, and failed both).
     */
    @Test
    void underDosedVolumeOfAShiftedSphere() {
        double[][] cases = {{10, 2}, {20, 1}};
        int dirs = 30;
        for (double[] c : cases) {
            double r = c[0], m = c[1], sStar = criticalShiftMm(r, m);
            for (double[] sp : GRIDS) {
                Mask ctv = ball(r, sp, new double[] {r + 3.137, r + 3.291, r + 3.419});
                double[] setup = new double[3 * dirs];
                for (int d = 0; d < dirs; d++) { // a Fibonacci sphere of directions
                    double z = 1 - (2 * d + 1.0) / dirs, rho = Math.sqrt(1 - z * z), phi = d * Math.PI * (3 - Math.sqrt(5));
                    setup[3 * d] = sStar * rho * Math.cos(phi);
                    setup[3 * d + 1] = sStar * rho * Math.sin(phi);
                    setup[3 * d + 2] = sStar * z;
                }
                Scenarios shifted = new Scenarios(dirs, 1, 1, new double[3 * dirs], new double[3 * dirs], new double[dirs], setup, new double[3 * dirs],
                        new double[3 * dirs], new int[dirs], 0, 0);
                MissProblem p = MissProblem.build(new MissTarget.WithMargin(ctv, m), new DoseModel.SharpEdge(), MissSimulation.centroidMm(ctv), shifted,
                        ErrorModel.none().substeps(), DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, CPU);
                ScenarioOutcomes o = new JavaMissEvaluator(2).evaluate(p);
                double error = 0;
                for (int d = 0; d < dirs; d++) error += (o.below95()[d] / (double) o.points()[d] - 0.05) / dirs;
                System.out.printf("under-dosed share r=%s m=%s at s*=%.3f mm, grid %s: error %+.5f of the volume%n", r, m, sStar, java.util.Arrays.toString(sp), error);
                assertEquals(0, error, sp[0] == 0.5 ? 0.0008 : 0.002, "r=" + r + " m=" + m + " on " + java.util.Arrays.toString(sp));
            }
        }
    }

    @Test
    void lensFormulaReproducesTheIssueFigures() {
        assertEquals(0.0338, lensRisk(6, 2, 1), 0.0001);
        assertEquals(0.0098, lensRisk(5, 1, 0.5), 0.0001);
        assertEquals(0.0098, lensRisk(10, 2, 1), 0.0001);
        assertEquals(0.900, chi3(2.5), 0.0005);
        assertEquals(0.950, chi3(2.796), 0.0005);
    }

    @Test
    void lensOracleOnEveryGrid() {
        double[][] cases = {{6, 2, 1}, {5, 1, 0.5}, {10, 2, 1}};
        for (double[] c : cases) {
            double expected = lensRisk(c[0], c[1], c[2]);
            for (double[] sp : GRIDS) {
                Mask ctv = ball(c[0], sp, new double[] {c[0] + 3.137, c[0] + 3.291, c[0] + 3.419});
                ErrorModel random = ErrorModel.none().withRandomMm(ErrorModel.isotropic(c[2]));
                MissResult r = run(ctv, c[1], random, 20_000, null, TargetModel.SMOOTH);
                System.out.printf("lens r=%s m=%s σ=%s grid %s: %.4f ± %.4f (closed form %.4f; the lens criterion on the same draw %.4f)%n", c[0], c[1], c[2],
                        java.util.Arrays.toString(sp), r.missD95().value(), r.missD95().standardError(), expected, sameDrawLensRisk(c[0], c[1], random, 20_000));
                assertClose(expected, r.missD95(), "r=" + c[0] + " m=" + c[1] + " σ=" + c[2] + " on " + java.util.Arrays.toString(sp));
            }
        }
    }

    @Test
    void chi3CoverageOnEveryGrid() {
        ErrorModel sys = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(1.0));
        for (double[] sp : GRIDS) {
            Mask ctv = ball(10, sp, new double[] {13.137, 13.291, 13.419});
            for (double m : new double[] {2.5, 2.796}) {
                MissResult r = run(ctv, m, sys, 20_000, null, TargetModel.SMOOTH);
                System.out.printf("chi3 m=%s grid %s: %.4f ± %.4f (closed form %.4f)%n", m, java.util.Arrays.toString(sp), r.fullCoverage().value(),
                        r.fullCoverage().standardError(), chi3(m));
                assertClose(chi3(m), r.fullCoverage(), "m=" + m + " on " + java.util.Arrays.toString(sp));
            }
        }
    }

    /**
     * Rotation about a distant isocentre: a small continuous sphere's centre moves by (R − I)(c − iso), for small
     * angles a 2-D Gaussian of SD D·σθ perpendicular to c − iso; the sphere itself is unchanged by turning about its
     * centre. So P(full coverage) = P(|Δ| ≤ m) = 1 − exp(−m² / (2 D² σθ²)) (Rayleigh).
     */
    @Test
    void rotationAboutADistantIsocentreFollowsRayleigh() {
        double sigmaDeg = 1.0, distance = 50, m = 1.2;
        double s = distance * Math.toRadians(sigmaDeg);
        double expected = 1 - Math.exp(-m * m / (2 * s * s));
        for (double[] sp : GRIDS) {
            double[] c = {6.137, 6.291, 6.419};
            Mask ctv = ball(3, sp, c);
            Grid g = ctv.grid();
            double[] centre = g.indexToPatientMm(c[0] / sp[0], c[1] / sp[1], c[2] / sp[2]);
            double[] iso = {centre[0] - distance, centre[1], centre[2]};
            MissResult r = run(ctv, m, ErrorModel.none().withRotationDeg(sigmaDeg), 10_000, iso, TargetModel.SMOOTH);
            System.out.printf("rayleigh grid %s: %.4f ± %.4f (closed form %.4f)%n", java.util.Arrays.toString(sp), r.fullCoverage().value(),
                    r.fullCoverage().standardError(), expected);
            assertClose(expected, r.fullCoverage(), "rotation on " + java.util.Arrays.toString(sp));
        }
    }

    /** A mask of the voxel centres inside an axis-aligned ellipsoid, or inside a spherical shell when inner > 0. */
    static Mask shape(double[] sp, double[] centreMm, double[] semiAxesMm, double innerMm) {
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) n[a] = (int) Math.ceil((centreMm[a] + semiAxesMm[a] + 4) / sp[a]);
        Mask m = Mask.empty(Grid.of(n[0], n[1], n[2], sp[0], sp[1], sp[2]));
        for (int k = 0; k < n[2]; k++) for (int j = 0; j < n[1]; j++) for (int i = 0; i < n[0]; i++) {
            double x = i * sp[0] - centreMm[0], y = j * sp[1] - centreMm[1], z = k * sp[2] - centreMm[2];
            double e = x * x / (semiAxesMm[0] * semiAxesMm[0]) + y * y / (semiAxesMm[1] * semiAxesMm[1]) + z * z / (semiAxesMm[2] * semiAxesMm[2]);
            if (e <= 1 && (innerMm <= 0 || x * x + y * y + z * z > innerMm * innerMm)) m.voxels()[m.grid().index(i, j, k)] = 1;
        }
        return m;
    }

    /**
     * Grid convergence on targets without a closed form: an ellipsoid and a cavity-like shell, the same continuous
     * target on 0.5, 1, 1.5 and 1 × 1 × 2 mm grids, give the same risks within three standard errors.
     */
    @Test
    void nonSphericalTargetsConvergeAcrossGrids() {
        double[][] grids = {{0.5, 0.5, 0.5}, {1, 1, 1}, {1.5, 1.5, 1.5}, {1, 1, 2}};
        ErrorModel errors = ErrorModel.none().withRandomMm(ErrorModel.isotropic(0.8)).withSystematicMm(ErrorModel.isotropic(0.6));
        double[][][] targets = {{{9, 6.5, 5}, {0}}, {{9, 9, 9}, {5}}};
        for (double[][] t : targets) {
            MissResult reference = null;
            for (double[] sp : grids) {
                Mask ctv = shape(sp, new double[] {t[0][0] + 3.137, t[0][1] + 3.291, t[0][2] + 3.419}, t[0], t[1][0]);
                MissResult r = new MissSimulation(CPU).run(new MissSimulation.Request(new MissTarget.WithMargin(ctv, 1.0), new DoseModel.SharpEdge(),
                        errors, 3, 6_000, 20261130L, null, null));
                System.out.printf("convergence %s grid %s: P(D95) %.4f ± %.4f, P(full) %.4f ± %.4f, CTV %.3f cc%n", t[1][0] > 0 ? "shell" : "ellipsoid",
                        java.util.Arrays.toString(sp), r.missD95().value(), r.missD95().standardError(), r.fullCoverage().value(), r.fullCoverage().standardError(),
                        r.ctvCc());
                if (reference == null) {
                    reference = r;
                    continue;
                }
                for (boolean d95 : new boolean[] {true, false}) {
                    MissResult.Probability a = d95 ? reference.missD95() : reference.fullCoverage(), b = d95 ? r.missD95() : r.fullCoverage();
                    double tol = Math.max(3 * Math.hypot(a.standardError(), b.standardError()), 0.005);
                    assertEquals(a.value(), b.value(), tol, (d95 ? "P(D95 < 95 %)" : "P(full coverage)") + " on " + java.util.Arrays.toString(sp));
                }
            }
        }
    }
}
