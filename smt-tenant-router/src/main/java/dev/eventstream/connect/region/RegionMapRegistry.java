package dev.eventstream.connect.region;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One {@link RegionMapSource} per {@link RegionSourceSpec} in this JVM (more precisely: in the class loader
 * that loaded this plugin), shared by every predicate instance through reference-counted {@link Lease}s. The
 * first lease starts the source (blocking until it has a map, outside the registry lock, so tasks of other
 * sources are not held up); the last lease closed stops it and unregisters its MBean.
 */
public final class RegionMapRegistry {

    private static final Logger log = LoggerFactory.getLogger(RegionMapRegistry.class);
    private static final RegionMapRegistry GLOBAL = new RegionMapRegistry(ManagementFactory.getPlatformMBeanServer());

    /** The JMX domain of the region map MBeans. */
    public static final String JMX_DOMAIN = "dev.eventstream";

    private final MBeanServer mbeanServer;
    private final Map<RegionSourceSpec, Entry> entries = new HashMap<>();

    RegionMapRegistry(MBeanServer mbeanServer) {
        this.mbeanServer = mbeanServer;
    }

    /** The registry shared by every predicate loaded by this class loader. */
    public static RegionMapRegistry global() {
        return GLOBAL;
    }

    /**
     * A lease on the source {@code spec} describes, started if this is the first lease.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when the source cannot load a first map
     */
    public Lease acquire(RegionSourceSpec spec) {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(spec, Entry::new);
            entry.references++;
        }
        try {
            entry.ensureStarted();
        } catch (RuntimeException e) {
            release(entry);
            throw e;
        }
        return new Lease(entry);
    }

    /** Number of sources currently open; for tests and diagnostics. */
    synchronized int openSources() {
        return entries.size();
    }

    private void release(Entry entry) {
        synchronized (this) {
            if (--entry.references > 0) {
                return;
            }
            entries.remove(entry.spec, entry);
            // Closed under the registry lock: a new source for the same spec cannot start (and register the same
            // MBean name) before this one is gone.
            entry.close();
        }
    }

    /** The JMX name of a source's counters. */
    public static ObjectName objectName(RegionSourceSpec spec) {
        try {
            return new ObjectName(JMX_DOMAIN + ":type=region-map,source=" + ObjectName.quote(spec.description())
                    + ",id=" + spec.settingsDigest());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("Cannot name the MBean of region map source " + spec, e);
        }
    }

    private final class Entry {
        private final RegionSourceSpec spec;
        private int references;
        private RegionMapSource source;
        private ObjectName registeredName;

        Entry(RegionSourceSpec spec) {
            this.spec = spec;
        }

        synchronized void ensureStarted() {
            if (source != null) {
                return;
            }
            RegionMapSource created = spec.create();
            try {
                created.start();
            } catch (RuntimeException e) {
                created.close();
                throw e;
            }
            source = created;
            register();
        }

        private void register() {
            ObjectName name = objectName(spec);
            try {
                mbeanServer.registerMBean(source.stats(), name);
                registeredName = name;
            } catch (JMException e) {
                log.warn("Could not register MBean {} for region map source {}; its counters are not visible in JMX",
                        name, spec, e);
            }
        }

        synchronized void close() {
            if (registeredName != null) {
                try {
                    mbeanServer.unregisterMBean(registeredName);
                } catch (JMException e) {
                    log.warn("Could not unregister MBean {}", registeredName, e);
                }
                registeredName = null;
            }
            if (source != null) {
                source.close();
                source = null;
                log.info("Region map source {} closed: no predicate uses it any more", spec);
            }
        }
    }

    /** One predicate's use of a shared source. Closing it more than once is harmless. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private final RegionMapSource source;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
            synchronized (entry) {
                this.source = entry.source;
            }
        }

        /** The current map of the shared source. */
        public Map<String, String> current() {
            return source.current();
        }

        public RegionMapSource source() {
            return source;
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
