package org.halo.compute;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The "auto" device: the Java CPU path, with an OpenCL GPU opened only when the work repays the device's start-up
 * (context creation and program loading take longer than a single CTV's whole margin; benchmarks/RESULTS.md has the
 * figures). Margins and distances on a box of at least
 * {@link #VOXELS_PER_THREAD} voxels per CPU thread, and {@link DeviceWorthy} capabilities (the geographic-miss Monte
 * Carlo), open the device; smaller work, and a DVH (milliseconds on the CPU), never starts OpenCL, so a one-structure
 * command starts as fast as with {@code --device cpu}. Once a device is open, all work it offers goes to it.
 */
public final class AutoBackend implements Backend {
    /**
     * Box voxels per CPU thread from which the Java path takes longer than a GPU takes to start (the transform's rate per
     * thread and a device's start-up are both measured in benchmarks/RESULTS.md).
     */
    public static final long VOXELS_PER_THREAD = 12_000_000L;

    private final CpuBackend cpu;
    private final Consumer<String> notify;
    private final long deviceVoxels;
    private Backend device; // null until the first work that warrants it; then the GPU (with fallback) or the CPU
    private String openNote;
    private long smallestOnCpu = -1;
    private Backend last;

    AutoBackend(CpuBackend cpu, Consumer<String> notify) {
        this(cpu, notify, VOXELS_PER_THREAD * cpu.threads());
    }

    /** Closes the device if one was opened. */
    @Override
    public int cpuThreads() {
        return cpu.cpuThreads();
    }

    @Override
    public synchronized void close() {
        if (device != null && device != cpu) device.close();
        device = null;
    }

    /** With another device threshold (tests). */
    AutoBackend(CpuBackend cpu, Consumer<String> notify, long deviceVoxels) {
        this.cpu = cpu;
        this.notify = notify;
        this.deviceVoxels = deviceVoxels;
        this.last = cpu;
    }

    @Override
    public synchronized String name() {
        return last.name();
    }

    /**
     * Why the work ran on the Java path, for the user (null when a GPU ran it).
     *
     * @return the note, or null
     */
    public synchronized String note() {
        if (device != null && device != cpu) return null;
        if (openNote != null) return openNote;
        if (smallestOnCpu < 0) return null;
        return String.format(Locale.ROOT, "device auto: the Java CPU path (a box of %.2f M voxels; OpenCL is started for boxes of at least "
                + "%.0f M voxels, where a GPU repays its start-up)", smallestOnCpu / 1e6, deviceVoxels / 1e6);
    }

    /**
     * The device auto chooses, opened now if it was not yet: a GPU with double precision, else the CPU path.
     *
     * @return the backend large work runs on
     */
    public synchronized Backend device() {
        if (device == null) {
            Backends.Selection s = Backends.openAutoGpu(cpu, notify);
            device = s.backend();
            openNote = s.note();
        }
        return device;
    }

    private synchronized Backend backendFor(CostProblem p) {
        long voxels = p.box().voxelCount();
        Backend b;
        if (device != null || voxels >= deviceVoxels) {
            b = device();
        } else {
            b = cpu;
            if (smallestOnCpu < 0 || voxels < smallestOnCpu) smallestOnCpu = voxels;
        }
        last = b;
        return b;
    }

    @Override
    public float[] minimumCost(CostProblem problem) {
        return backendFor(problem).minimumCost(problem);
    }

    @Override
    public byte[] withinCostBand(CostProblem problem, double lowerExclusive, double upperInclusive) {
        return backendFor(problem).withinCostBand(problem, lowerExclusive, upperInclusive);
    }

    @Override
    public void markCostBand(CostProblem problem, double lowerExclusive, double upperInclusive, byte[] gridMask) {
        backendFor(problem).markCostBand(problem, lowerExclusive, upperInclusive, gridMask);
    }

    /** A {@link DeviceWorthy} capability opens the device; any other is the open device's, or none (the Java path). */
    @Override
    public <T> T capability(Class<T> type) {
        Backend d;
        synchronized (this) {
            if (device == null && !DeviceWorthy.class.isAssignableFrom(type)) return null;
            d = device();
            if (d != cpu) last = d;
        }
        return d.capability(type);
    }
}
