package dev.eventstream.connect.region;

/**
 * JMX view of one region map source, registered as
 * {@code dev.eventstream:type=region-map,source="<type>:<location>",id=<settings digest>}.
 */
public interface RegionMapStatsMBean {

    /** Refreshes that failed since the source started (the last good map was kept each time). */
    long getRefreshFailures();

    /** Failures since the last successful refresh; 0 while the source is healthy. */
    long getConsecutiveFailures();

    /** Successful refreshes, including those that found the map unchanged. */
    long getRefreshSuccesses();

    /** Epoch milliseconds of the last successful refresh; 0 before the first. */
    long getLastSuccessMs();

    /** Number of tenants in the current map. */
    int getTenants();
}
