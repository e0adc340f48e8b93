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

        /** Bytes the work needs. */
        private final long neededBytes;
        /** Bytes the heap could still give. */
        private final long availableBytes;
        /** The heap's maximum size in bytes. */
        private final long maxHeapBytes;

        Shortfall(String what, long neededBytes, long availableBytes, long maxHeapBytes) {
            super(String.format(Locale.ROOT, "%s needs about %s of memory; the Java heap has %s free of %s", what, size(neededBytes),
                    size(availableBytes), size(maxHeapBytes)));
            this.neededBytes = neededBytes;
            this.availableBytes = availableBytes;
            this.maxHeapBytes = maxHeapBytes;
        }

        /** @return the bytes the work needs */
        public long neededBytes() {
            return neededBytes;
        }

        /** @return the bytes the heap could still give, after one collection */
        public long availableBytes() {
            return availableBytes;
        }

        /** @return the heap's maximum size in bytes (-Xmx) */
        public long maxHeapBytes() {
            return maxHeapBytes;
        }
    }

    /**
     * Refuses {@code what} when {@code bytes} exceed what the heap can still give (after one collection).
     *
     * @param bytes the bytes the work is about to allocate
     * @param what the work, in words, for the message
     * @throws Shortfall when they would not fit
     */
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
