package org.halo;

import java.util.Locale;

/**
 * Checks, before a grid-sized allocation, that the Java heap can hold it, so that a large input ends in one line that
 * says how much memory the work needs rather than an {@link OutOfMemoryError} halfway through.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Thrown when {@code bytes} more would not fit: the facts, for the caller to word (and say how to raise the heap). */
    public static final class Shortfall extends HaloException {
        private static final long serialVersionUID = 1L;

        private final long neededBytes, availableBytes, maxHeapBytes;

        Shortfall(String what, long neededBytes, long availableBytes, long maxHeapBytes) {
            super(String.format(Locale.ROOT, "%s needs about %s of memory; the Java heap has %s free of %s", what, size(neededBytes),
                    size(availableBytes), size(maxHeapBytes)));
            this.neededBytes = neededBytes;
            this.availableBytes = availableBytes;
            this.maxHeapBytes = maxHeapBytes;
        }

        public long neededBytes() {
            return neededBytes;
        }

        public long availableBytes() {
            return availableBytes;
        }

        public long maxHeapBytes() {
            return maxHeapBytes;
        }
    }

    /** Refuses {@code what} when {@code bytes} exceed what the heap can still give (after one collection). */
    public static void require(long bytes, String what) {
        if (bytes <= available()) return;
        System.gc();
        long free = available();
        if (bytes > free) throw new Shortfall(what, bytes, free, Runtime.getRuntime().maxMemory());
    }

    private static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
    }
}
