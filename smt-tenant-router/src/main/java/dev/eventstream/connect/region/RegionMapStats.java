package dev.eventstream.connect.region;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one region map source; thread-safe. Exposed over JMX by {@link RegionMapRegistry}. */
public final class RegionMapStats implements RegionMapStatsMBean {

    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private volatile long lastSuccessMs;
    private volatile int tenants;

    /**
     * Records a successful refresh.
     *
     * @return the length of the failure streak this success ended (0 when there was none)
     */
    long recordSuccess(long nowMs, int tenantCount) {
        successes.incrementAndGet();
        lastSuccessMs = nowMs;
        tenants = tenantCount;
        return consecutiveFailures.getAndSet(0);
    }

    /**
     * Records a failed refresh.
     *
     * @return the length of the failure streak including this failure (1 for the first of a streak)
     */
    long recordFailure() {
        failures.incrementAndGet();
        return consecutiveFailures.incrementAndGet();
    }

    @Override
    public long getRefreshFailures() {
        return failures.get();
    }

    @Override
    public long getConsecutiveFailures() {
        return consecutiveFailures.get();
    }

    @Override
    public long getRefreshSuccesses() {
        return successes.get();
    }

    @Override
    public long getLastSuccessMs() {
        return lastSuccessMs;
    }

    @Override
    public int getTenants() {
        return tenants;
    }
}
