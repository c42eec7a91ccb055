package dev.eventstream.connect.region;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * What every source shares: the current map (swapped atomically, never mutated), the counters, and
 * logging a failure streak once when it starts and once when it ends.
 */
abstract class AbstractRegionMapSource implements RegionMapSource {

    private static final Logger log = LoggerFactory.getLogger(AbstractRegionMapSource.class);

    private final String description;
    private final Clock clock;
    private final RegionMapStats stats = new RegionMapStats();
    private volatile Map<String, String> current = Map.of();

    AbstractRegionMapSource(String description, Clock clock) {
        this.description = description;
        this.clock = clock;
    }

    @Override
    public final Map<String, String> current() {
        return current;
    }

    @Override
    public final RegionMapStats stats() {
        return stats;
    }

    @Override
    public final String description() {
        return description;
    }

    /** Installs a newly loaded map (already immutable) and records the success. */
    final void publish(Map<String, String> map) {
        current = map;
        recordSuccess();
    }

    /** Records a successful refresh that found the map unchanged. */
    final void recordSuccess() {
        long endedStreak = stats.recordSuccess(clock.millis(), current.size());
        if (endedStreak > 0) {
            log.info("Region map source {} recovered after {} failed refreshes; the map has {} tenants",
                    description, endedStreak, current.size());
        }
    }

    /** Records a failed refresh; the last good map stays. Logs the first failure of a streak only. */
    final void recordFailure(Exception cause) {
        long streak = stats.recordFailure();
        if (streak == 1) {
            log.warn("Refreshing the region map from {} failed; keeping the last good map ({} tenants) and "
                    + "retrying every refresh interval. Further failures are counted in JMX "
                    + "(refreshFailures) and logged at DEBUG until a refresh succeeds. Cause: {}",
                    description, current.size(), cause.toString());
        } else {
            log.debug("Refreshing the region map from {} failed again ({} in a row)", description, streak, cause);
        }
    }
}
