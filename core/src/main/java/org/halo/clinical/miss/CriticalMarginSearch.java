package org.halo.clinical.miss;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * Finds a {@link CriticalMargin} by bisection between evaluated margins: the listed margins first, then each midpoint
 * it evaluates, shared by the three criteria. Every margin is evaluated with the same scenarios (seed), so the risk
 * estimates move together and the bracket follows the curve rather than its noise.
 */
final class CriticalMarginSearch {
    /** The two-sided 95 % normal quantile. */
    static final double Z95 = 1.959963984540054;

    private final TreeMap<Double, MissResult.Probability> risks;
    private final DoubleFunction<MissResult.Probability> evaluate;
    private int evaluations;

    /**
     * @param listed the risk at each listed margin (mm)
     * @param evaluate the risk at any other margin (mm)
     */
    CriticalMarginSearch(Map<Double, MissResult.Probability> listed, DoubleFunction<MissResult.Probability> evaluate) {
        this.risks = new TreeMap<>(listed);
        this.evaluate = evaluate;
    }

    /**
     * @param targetRisk the acceptable probability
     * @param resolutionMm the widest bracket an answer may have (mm), positive
     * @return the margin for the target risk and its interval
     */
    CriticalMargin find(double targetRisk, double resolutionMm) {
        Double margin = smallest(p -> p.value() <= targetRisk, resolutionMm);
        Double low = smallest(p -> p.value() - Z95 * p.standardError() <= targetRisk, resolutionMm);
        Double high = smallest(p -> p.value() + Z95 * p.standardError() <= targetRisk, resolutionMm);
        return new CriticalMargin(margin, low, high, resolutionMm, evaluations, risks.firstKey());
    }

    /** The smallest evaluated margin meeting the criterion whose evaluated neighbour below fails it at most the resolution away. */
    private Double smallest(Predicate<MissResult.Probability> meets, double resolutionMm) {
        while (true) {
            Double below = null, meeting = null;
            for (Map.Entry<Double, MissResult.Probability> e : risks.entrySet()) {
                if (meets.test(e.getValue())) {
                    meeting = e.getKey();
                    break;
                }
                below = e.getKey();
            }
            if (meeting == null || below == null || meeting - below <= resolutionMm) return meeting;
            double mid = (below + meeting) / 2;
            risks.put(mid, evaluate.apply(mid));
            evaluations++;
        }
    }
}
