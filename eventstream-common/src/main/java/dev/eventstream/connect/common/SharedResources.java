package dev.eventstream.connect.common;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One resource per key in this JVM (more precisely: in the class loader that loaded the plugin), shared by the tasks
 * that ask for the same key through reference-counted {@link Lease}s: the first lease makes the resource, the last
 * lease closed closes it. The house pattern of the region-map registry, for any resource: usage clients per client
 * config, HTTP clients, OAuth2 token sources per credential. Keys may hold secrets: they are never logged here.
 *
 * @param <K> what tells resources apart (equal keys share one resource)
 * @param <V> the resource
 */
public final class SharedResources<K, V> {

    private final Function<K, V> factory;
    private final Consumer<V> closer;
    private final Map<K, Entry> entries = new HashMap<>();

    /**
     * @param factory makes the resource of a key, under the registry's lock (keep it quick; start slow work lazily)
     * @param closer  closes a resource once its last lease was closed, outside the lock
     */
    public SharedResources(Function<K, V> factory, Consumer<V> closer) {
        this.factory = factory;
        this.closer = closer;
    }

    /**
     * @param closer closes a resource once its last lease was closed; resources are made by {@link #acquire(Object,
     *               Supplier)}
     */
    public SharedResources(Consumer<V> closer) {
        this(key -> {
            throw new IllegalStateException("no factory: acquire(key, factory)");
        }, closer);
    }

    /** A lease on the resource of {@code key}, made by the registry's factory if no open lease holds it. */
    public Lease acquire(K key) {
        return acquire(key, () -> factory.apply(key));
    }

    /**
     * A lease on the resource of {@code key}, made by {@code make} (under the registry's lock) if no open lease holds
     * it. When {@code make} throws, nothing is registered.
     */
    public synchronized Lease acquire(K key, Supplier<? extends V> make) {
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(key, make.get());
            entries.put(key, entry);
        }
        entry.references++;
        return new Lease(entry);
    }

    /** How many distinct resources are open. */
    public synchronized int open() {
        return entries.size();
    }

    /** How many open leases hold the resource of {@code key}; 0 when it is not open. */
    public synchronized int users(K key) {
        Entry entry = entries.get(key);
        return entry == null ? 0 : entry.references;
    }

    private void release(Entry entry) {
        synchronized (this) {
            if (--entry.references > 0) {
                return;
            }
            entries.remove(entry.key, entry);
        }
        // outside the lock: closing may wait (a producer's last flush), and other keys' tasks must not wait for it
        closer.accept(entry.resource);
    }

    private final class Entry {
        private final K key;
        private final V resource;
        private int references;

        Entry(K key, V resource) {
            this.key = key;
            this.resource = resource;
        }
    }

    /** One task's use of a shared resource. Closing it more than once is harmless. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        /** The shared resource; not to be closed by the holder. */
        public V get() {
            return entry.resource;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(entry);
        }
    }
}
