package dev.eventstream.connect.avro;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small size-bounded, thread-safe, least-recently-used cache. */
final class LruCache<K, V> {

    private final Map<K, V> map;

    LruCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    /**
     * Returns the cached value, computing and caching it on a miss. The computation runs outside the lock
     * (it may do I/O); two threads missing at once both compute, and the last one wins.
     */
    V computeIfAbsent(K key, Function<K, V> loader) {
        V value = get(key);
        if (value == null) {
            value = loader.apply(key);
            put(key, value);
        }
        return value;
    }

    synchronized int size() {
        return map.size();
    }

    synchronized void clear() {
        map.clear();
    }
}
