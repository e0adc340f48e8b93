package org.halo.clinical.miss;

/**
 * Evaluates every scenario of a problem: the scenario kernel. The Java implementation is the reference; an OpenCL
 * backend offers its own through {@code Backend.capability(MissEvaluator.class)} and must give identical outcomes. Ten
 * thousand scenarios take seconds on a CPU and milliseconds on a GPU, so {@code --device auto} opens a GPU for it.
 */
public interface MissEvaluator extends org.halo.compute.DeviceWorthy {
    /** {@return the evaluator's name, as results record it} */
    String name();

    /**
     * @param problem the problem
     * @return each scenario's outcomes
     */
    ScenarioOutcomes evaluate(MissProblem problem);

    /**
     * As {@link #evaluate(MissProblem)}, told which scenarios are known to keep every point inside the PTV (from the
     * same problem at a smaller margin): an evaluator may give those the all-inside outcome without evaluating them.
     *
     * @param problem the problem
     * @param knownInside scenarios already known to stay inside the PTV, or null
     * @return each scenario's outcomes
     */
    default ScenarioOutcomes evaluate(MissProblem problem, boolean[] knownInside) {
        return evaluate(problem);
    }

    /**
     * The coverage map's counts: per depth-band entry, the scenarios in which it belongs to the true CTV and receives
     * less than {@code level}. Every backend gives the same counts.
     *
     * @param problem the problem
     * @param level the dose (fraction of the prescription), in (0, 1]
     * @return the count per entry
     */
    int[] underCounts(MissProblem problem, double level);
}
