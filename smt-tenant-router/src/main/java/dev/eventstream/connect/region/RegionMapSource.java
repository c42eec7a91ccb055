package dev.eventstream.connect.region;

import java.util.Map;

/**
 * A tenant to primary-region map that keeps itself current. One instance per source per worker JVM,
 * shared by every task through {@link RegionMapRegistry}; all methods are thread-safe.
 */
public interface RegionMapSource extends AutoCloseable {

    /**
     * Loads the first complete map, then starts refreshing it in the background.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when no map could be loaded within the start-up
     *                                                          timeout; the message names the source and the cause
     */
    void start();

    /** The last good map, immutable; empty before {@link #start()} succeeded. */
    Map<String, String> current();

    /** Refresh counters, exposed over JMX. */
    RegionMapStats stats();

    /** {@code <type>:<location>}, free of secrets; used in logs, errors and the JMX name. */
    String description();

    /** Stops refreshing and releases threads, files and connections. Idempotent. */
    @Override
    void close();
}
