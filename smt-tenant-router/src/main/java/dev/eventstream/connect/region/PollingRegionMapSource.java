package dev.eventstream.connect.region;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A source that asks for the map every refresh interval on one daemon thread: {@link #fetch()} returns the
 * new map, or {@code null} when it has not changed since the last successful fetch.
 */
abstract class PollingRegionMapSource extends AbstractRegionMapSource {

    private static final Logger log = LoggerFactory.getLogger(PollingRegionMapSource.class);
    private static final long MAX_STARTUP_RETRY_MS = 1_000L;

    private final Duration refreshInterval;
    private final Duration startupTimeout;
    private final CountDownLatch closed = new CountDownLatch(1);
    private ScheduledExecutorService executor;

    PollingRegionMapSource(String description, Duration refreshInterval, Duration startupTimeout, Clock clock) {
        super(description, clock);
        this.refreshInterval = refreshInterval;
        this.startupTimeout = startupTimeout;
    }

    /**
     * Fetches the map.
     *
     * @return the new immutable map, or {@code null} when it is unchanged since the last successful fetch
     * @throws Exception any failure; the caller keeps the last good map
     */
    abstract Map<String, String> fetch() throws Exception;

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        loadFirstMap();
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eventstream-region-map-" + description());
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = refreshInterval.toMillis();
        executor.scheduleWithFixedDelay(this::refresh, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        log.info("Region map source {} started with {} tenants; refreshing every {} ms",
                description(), current().size(), intervalMs);
    }

    private void loadFirstMap() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        long retryMs = Math.min(refreshInterval.toMillis(), MAX_STARTUP_RETRY_MS);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Map<String, String> map = fetch();
                if (map == null) {
                    throw new IllegalStateException("the source reported no change before any map was loaded");
                }
                publish(map);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while loading the first region map from " + description(), e);
            } catch (Exception e) {
                recordFailure(e);
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs) - deadline > 0) {
                    throw new ConnectException("No region map could be loaded from " + description() + " ("
                            + attempts + " attempts within " + startupTimeout.toMillis() + " ms, "
                            + InPrimaryRegionConfig.STARTUP_TIMEOUT_MS + "); without a map no record's region can "
                            + "be decided. Last error: " + e, e);
                }
                if (awaitClosed(retryMs)) {
                    throw new ConnectException("Region map source " + description() + " was closed while starting");
                }
            }
        }
    }

    private boolean awaitClosed(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while loading the first region map from " + description(), e);
        }
    }

    private void refresh() {
        try {
            Map<String, String> map = fetch();
            if (map == null) {
                recordSuccess();
            } else {
                publish(map);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            recordFailure(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        ScheduledExecutorService toStop;
        synchronized (this) {
            toStop = executor;
        }
        if (toStop != null) {
            toStop.shutdownNow();
            try {
                if (!toStop.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn("Region map refresher of {} did not stop within 10 s", description());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
