package dev.eventstream.connect.usage;

import java.time.Instant;
import java.util.Objects;

/**
 * What one usage record counts: a tenant's endpoint, a source topic, one minute, and the task instance that
 * counted it ({@code source}: connector, task and a random id per task start). Each task instance publishes its own
 * running totals under its own keys, so the compacted topic keeps the latest total of every instance and minute,
 * and a reader adds them up: no two writers ever share a key, and a re-sent total replaces, never doubles.
 */
public record UsageKey(String tenant, String endpoint, String topic, long minute, String source) {

    public UsageKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(source, "source");
    }

    /** The minute since the epoch that {@code epochMillis} falls in. */
    public static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, 60_000L);
    }

    public Instant start() {
        return Instant.ofEpochSecond(minute * 60);
    }
}
