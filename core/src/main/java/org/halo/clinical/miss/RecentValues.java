package org.halo.clinical.miss;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last few values computed from a lattice's arrays, held softly: the rows of a margin comparison (and of a
 * cohort's target) repeat the same lattice, distance field and PTVs across regimens and margins. Values are never
 * written after they are computed.
 */
final class RecentValues<V> {
    /** More than a comparison's default margins (seven), so the next regimen finds each margin's fields again. */
    private static final int SIZE = 8;
    private final ArrayDeque<SoftReference<Map.Entry<Object, V>>> entries = new ArrayDeque<>();

    V get(Object key, Supplier<V> compute) {
        synchronized (entries) {
            for (var r : entries) {
                var e = r.get();
                if (e != null && e.getKey().equals(key)) return e.getValue();
            }
        }
        V v = compute.get();
        synchronized (entries) {
            entries.addFirst(new SoftReference<>(Map.entry(key, v)));
            while (entries.size() > SIZE) entries.removeLast();
        }
        return v;
    }

    /** A byte array compared by content (hashed once). */
    static final class Content {
        private final byte[] bytes;
        private final int hash;

        Content(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** An array compared by identity (a distance field the field cache hands out again). */
    record Identity(Object array) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.array == array;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(array);
        }
    }
}
