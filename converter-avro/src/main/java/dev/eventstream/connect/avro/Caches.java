package dev.eventstream.connect.avro;

import java.util.function.Function;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;

/** Kafka's own thread-safe LRU cache, and the compute-on-miss its {@link Cache} interface lacks. */
final class Caches {

    private Caches() {
    }

    static <K, V> Cache<K, V> lru(int maxEntries) {
        return new SynchronizedCache<>(new LRUCache<>(maxEntries));
    }

    /**
     * The cached value, computed and cached on a miss. The computation runs outside the cache's lock (it may do
     * I/O); two threads missing at once both compute, and the last one wins.
     */
    static <K, V> V computeIfAbsent(Cache<K, V> cache, K key, Function<K, V> loader) {
        V value = cache.get(key);
        if (value == null) {
            value = loader.apply(key);
            cache.put(key, value);
        }
        return value;
    }
}
