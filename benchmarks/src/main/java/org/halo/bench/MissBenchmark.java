package org.halo.bench;

import java.util.concurrent.TimeUnit;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.MissEvaluator;
import org.halo.clinical.miss.MissProblem;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.ScenarioOutcomes;
import org.halo.clinical.miss.ScenarioSampler;
import org.halo.clinical.miss.Scenarios;
import org.halo.clinical.miss.TargetModel;
import org.halo.compute.Backend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The geographic-miss Monte Carlo of issue 6: 10 000 scenarios × 5 fractions (5 drift substeps each) for a 2 cm
 * diameter CTV with a 1 mm margin and the mask-6dof-monitored preset, whole simulation (sampling, lattice, kernel,
 * statistics). Grids: 1 mm isotropic (4.2 k CTV points) and the clinical 0.5 × 0.5 × 1 mm (16.8 k points).
 * {@code scenarioKernelOnly} times the evaluator alone on a problem built once (scenarios sampled, lattice and dose
 * tabulated): on a GPU that is the device's share, with the upload of the problem and the download of the outcomes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class MissBenchmark {
    @Param({"cpu", "opencl"})
    String backend;

    @Param({"1x1x1", "0.5x0.5x1"})
    String grid;

    /** The smooth target (default) against today's voxel-centre model, same scenarios. */
    @Param({"smooth", "voxel-centre"})
    String targetModel;

    MissSimulation simulation;
    MissSimulation.Request request;
    MissProblem problem;
    MissEvaluator evaluator;

    @Setup
    public void setUp() {
        String[] s = grid.split("x");
        double sx = Double.parseDouble(s[0]), sz = Double.parseDouble(s[2]);
        int n = (int) Math.ceil(40 / sx), nz = (int) Math.ceil(40 / sz);
        Mask ctv = Mask.empty(Grid.of(n, n, nz, sx, sx, sz));
        Phantoms.addSphere(ctv, 20.1, 19.8, 20.3, 10);
        request = new MissSimulation.Request(new MissTarget.WithMargin(ctv, 1.0), new DoseModel.Exponential(null, null),
                Platform.MASK_6DOF_MONITORED.model(TargetKind.INTACT, true, 15), 5, 10_000, 1, null, null)
                .withTargetModel(TargetModel.valueOf(targetModel.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        Backend b = BackendBenchmark.open(backend);
        simulation = new MissSimulation(b);
        Scenarios sc = ScenarioSampler.sample(request.model(), request.scenarios(), request.fractions(), request.seed());
        problem = MissProblem.build(request.target(), request.dose(), MissSimulation.centroidMm(ctv), sc, request.model().substeps(),
                request.accumulation(), request.targetModel(), b);
        evaluator = simulation.evaluator();
    }

    @Benchmark
    public ScenarioOutcomes scenarioKernelOnly() {
        return evaluator.evaluate(problem);
    }

    @Benchmark
    public MissResult tenThousandScenariosFiveFractions() {
        return simulation.run(request);
    }
}
