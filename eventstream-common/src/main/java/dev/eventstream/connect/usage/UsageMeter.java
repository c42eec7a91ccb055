package dev.eventstream.connect.usage;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sink task instance's usage, per tenant, endpoint, topic and minute, as running totals. Counting is a map
 * look-up and a few additions on the delivery thread; publishing ({@link UsagePublisher}) takes snapshots of the
 * totals that changed and marks them published only once the broker acknowledged them, so a total that could not
 * be published stays pending and goes out with the next flush. Thread-safe.
 */
public final class UsageMeter {

    private final String connector;
    private final String source;
    private final Map<UsageKey, Bucket> buckets = new ConcurrentHashMap<>();

    /** A pending total: the counts and the version they had when the snapshot was taken. */
    public record Pending(UsageCounts counts, long version) { }

    private static final class Bucket {
        private UsageCounts counts = UsageCounts.ZERO;
        private long version;
        private long publishedVersion;

        synchronized void add(UsageCounts delta) {
            counts = counts.plus(delta);
            version++;
        }

        synchronized Pending pending() {
            return version == publishedVersion ? null : new Pending(counts, version);
        }

        synchronized void published(long at) {
            publishedVersion = Math.max(publishedVersion, at);
        }

        synchronized boolean clean() {
            return version == publishedVersion;
        }
    }

    /**
     * @param connector the connector's name ({@code es-<tenant>-<endpoint>} for the suite's connectors)
     * @param task      the task number
     */
    public UsageMeter(String connector, int task) {
        this.connector = connector;
        this.source = connector + "/" + task + "/" + UUID.randomUUID();
    }

    /** The connector these counts belong to. */
    public String connector() {
        return connector;
    }

    /** The task instance these counts belong to: {@code <connector>/<task>/<random id of this start>}. */
    public String source() {
        return source;
    }

    /** Adds {@code delta} to the tenant's counts for {@code topic} in the minute of {@code atMillis}. */
    public void add(String tenant, String topic, long atMillis, UsageCounts delta) {
        String owner = tenant == null ? "" : tenant;
        UsageKey key = new UsageKey(owner, endpointOf(connector, owner), topic, UsageKey.minuteOf(atMillis), source);
        buckets.computeIfAbsent(key, k -> new Bucket()).add(delta);
    }

    /** Every total changed since it was last published. */
    public Map<UsageKey, Pending> pending() {
        Map<UsageKey, Pending> pending = new LinkedHashMap<>();
        buckets.forEach((key, bucket) -> {
            Pending p = bucket.pending();
            if (p != null) {
                pending.put(key, p);
            }
        });
        return pending;
    }

    /** The broker acknowledged {@code key}'s total as of {@code version}. */
    public void published(UsageKey key, long version) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.published(version);
        }
    }

    /** Forgets published totals of minutes before {@code minute}: they will not change any more. */
    public void forgetPublishedBefore(long minute) {
        buckets.entrySet().removeIf(e -> e.getKey().minute() < minute && e.getValue().clean());
    }

    /**
     * Keeps at most {@code max} totals in memory by dropping those of the oldest minutes, published or not: the bound
     * on what a long usage outage can hold (one total per tenant, topic and minute).
     * @return the sum of the dropped totals that were not published yet (what the usage topic may miss), or ZERO
     */
    public UsageCounts dropOldestBeyond(int max) {
        int excess = buckets.size() - max;
        if (excess <= 0) {
            return UsageCounts.ZERO;
        }
        UsageCounts lost = UsageCounts.ZERO;
        List<UsageKey> oldest = buckets.keySet().stream().sorted(Comparator.comparingLong(UsageKey::minute))
            .limit(excess).toList();
        for (UsageKey key : oldest) {
            Bucket bucket = buckets.remove(key);
            Pending pending = bucket == null ? null : bucket.pending();
            if (pending != null) {
                lost = lost.plus(pending.counts());
            }
        }
        return lost;
    }

    /** Totals held in memory (published or not). */
    public int size() {
        return buckets.size();
    }

    /** {@code crm} for connector {@code es-acme-crm} of tenant {@code acme}; any other connector name as is. */
    static String endpointOf(String connector, String tenant) {
        String prefix = "es-" + tenant + "-";
        return connector.startsWith(prefix) && connector.length() > prefix.length() ? connector.substring(prefix.length()) : connector;
    }
}
