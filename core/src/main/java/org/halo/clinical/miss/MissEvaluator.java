package org.halo.clinical.miss;

/**
 * Evaluates every scenario of a problem: the scenario kernel. The Java implementation is the reference; an OpenCL
 * backend offers its own through {@code Backend.capability(MissEvaluator.class)} and must give identical outcomes.
 */
public interface MissEvaluator {
    String name();

    ScenarioOutcomes evaluate(MissProblem problem);
}
