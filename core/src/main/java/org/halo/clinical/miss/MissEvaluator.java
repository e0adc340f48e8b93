package org.halo.clinical.miss;

/**
 * Evaluates every scenario of a problem: the scenario kernel. The Java implementation is the reference; an OpenCL
 * backend offers its own through {@code Backend.capability(MissEvaluator.class)} and must give identical outcomes. Ten
 * thousand scenarios take seconds on a CPU and milliseconds on a GPU, so {@code --device auto} opens a GPU for it.
 */
public interface MissEvaluator extends org.halo.compute.DeviceWorthy {
    String name();

    ScenarioOutcomes evaluate(MissProblem problem);
}
