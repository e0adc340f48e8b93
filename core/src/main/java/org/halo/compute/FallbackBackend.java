package org.halo.compute;

import java.util.function.Consumer;

/**
 * Runs on an accelerated backend and, if that fails with a {@link BackendFailure}, reruns the same work on the CPU
 * path from then on. The result is the same either way; {@code notify} hears one line saying what happened.
 */
public final class FallbackBackend implements Backend {
    private final Backend primary;
    private final Backend cpu;
    private final Consumer<String> notify;
    private volatile boolean failed;

    /**
     * @param primary the accelerated backend
     * @param cpu the CPU path to fall back on
     * @param notify hears one line when the work falls back
     */
    public FallbackBackend(Backend primary, Backend cpu, Consumer<String> notify) {
        this.primary = primary;
        this.cpu = cpu;
        this.notify = notify;
    }

    @Override
    public int cpuThreads() {
        return cpu.cpuThreads();
    }

    @Override
    public String name() {
        return failed ? cpu.name() : primary.name();
    }

    @Override
    public void close() {
        primary.close();
        cpu.close();
    }

    @Override
    public float[] minimumCost(CostProblem problem) {
        if (!failed) {
            try {
                return primary.minimumCost(problem);
            } catch (BackendFailure e) {
                fail(e);
            }
        }
        return cpu.minimumCost(problem);
    }

    @Override
    public byte[] withinCostBand(CostProblem problem, double lowerExclusive, double upperInclusive) {
        if (!failed) {
            try {
                return primary.withinCostBand(problem, lowerExclusive, upperInclusive);
            } catch (BackendFailure e) {
                fail(e);
            }
        }
        return cpu.withinCostBand(problem, lowerExclusive, upperInclusive);
    }

    @Override
    public void markCostBand(CostProblem problem, double lowerExclusive, double upperInclusive, byte[] gridMask) {
        if (!failed) {
            try {
                primary.markCostBand(problem, lowerExclusive, upperInclusive, gridMask);
                return;
            } catch (BackendFailure e) {
                fail(e); // the primary marks nothing before its result is complete, so the CPU starts from the same mask
            }
        }
        cpu.markCostBand(problem, lowerExclusive, upperInclusive, gridMask);
    }

    /**
     * The primary backend's capability, watched: a {@link BackendFailure} from it switches this backend to the CPU
     * (with the one-line note) and is rethrown, so the caller runs its Java code instead.
     */
    @Override
    public <T> T capability(Class<T> type) {
        if (failed) return null;
        T inner = primary.capability(type);
        if (inner == null || !type.isInterface()) return inner;
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            try {
                return method.invoke(inner, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof BackendFailure f) fail(f);
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }

    private void fail(BackendFailure e) {
        failed = true;
        notify.accept(primary.name() + " failed (" + e.getMessage() + "); the Java CPU path ran instead, with the same result");
    }
}
