package org.halo.clinical.miss;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was computed for a {@link MissSimulation.Request} (a comparison's row, a coverage map, a nominal DVH), kept by
 * every input of the request for the next question over the same target: asked again, it is not computed again. Owned
 * by whoever asks a series of related questions (the explore page); bounded, the least recently used leaves first. The
 * CTV and an imported dose are compared by identity: the caller's own objects.
 *
 * @param <T> what is kept
 */
public final class RowMemory<T> {
    /** Every input that decides a result. */
    private record Key(MissTarget target, DoseModel dose, ErrorModel model, int fractions, int scenarios, long seed, List<Double> isocentreMm,
                       DoseAccumulation accumulation, TargetModel targetModel, double minDosePct, Estimator estimator, Precision precision) {
        static Key of(MissSimulation.Request r) {
            return new Key(r.target(), r.dose(), r.model(), r.fractions(), r.scenarios(), r.seed(),
                    r.isocentreMm() == null ? null : Arrays.stream(r.isocentreMm()).boxed().toList(), r.accumulation(), r.targetModel(), r.minDosePct(),
                    r.estimator(), r.precision());
        }
    }

    private final Map<Key, T> results;
    private int hits;

    /** @param capacity the most results kept */
    public RowMemory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a memory keeps at least one result");
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * @param r a request
     * @return what this memory holds for it, else null
     */
    public synchronized T recall(MissSimulation.Request r) {
        T m = results.get(Key.of(r));
        if (m != null) hits++;
        return m;
    }

    /**
     * @param r a request
     * @param result what was computed for it
     */
    public synchronized void keep(MissSimulation.Request r, T result) {
        results.put(Key.of(r), result);
    }

    /** {@return how many results were recalled rather than computed} */
    public synchronized int hits() {
        return hits;
    }
}
