package dev.eventstream.connect.local;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/** What one endpoint has received since the stack started: the figures of its live status line. */
final class EndpointTally {

    private final String endpoint;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gzipRequests = new AtomicLong();
    private final AtomicLong signatureFailures = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong piiFound = new AtomicLong();
    private final Set<String> tenants = new ConcurrentSkipListSet<>();
    private long eventsAtLastLine;
    private long nanosAtLastLine = System.nanoTime();

    private final String kafkaDetail;

    /** A webhook's tally. */
    EndpointTally(String endpoint) {
        this(endpoint, null);
    }

    /** A Kafka endpoint's tally: no requests, signatures or credentials to count; {@code detail} says where it writes. */
    EndpointTally(String endpoint, String kafkaDetail) {
        this.endpoint = endpoint;
        this.kafkaDetail = kafkaDetail;
    }

    void request(boolean gzip, boolean signatureValid) {
        requests.incrementAndGet();
        if (gzip) {
            gzipRequests.incrementAndGet();
        }
        if (!signatureValid) {
            signatureFailures.incrementAndGet();
        }
    }

    void authFailure() {
        authFailures.incrementAndGet();
    }

    void event(String tenant, int piiValues) {
        events.incrementAndGet();
        if (tenant != null) {
            tenants.add(tenant);
        }
        piiFound.addAndGet(piiValues);
    }

    long events() {
        return events.get();
    }

    /** One status line; the rate is over the time since the previous line. */
    synchronized String line() {
        long now = System.nanoTime();
        long total = events.get();
        double seconds = Math.max(1e-3, (now - nanosAtLastLine) / 1e9);
        double rate = (total - eventsAtLastLine) / seconds;
        eventsAtLastLine = total;
        nanosAtLastLine = now;
        if (kafkaDetail != null) {
            return String.format("kafka %-16s %6.1f events/s  total %6d  tenants %-10s  %s  PII found %d",
                endpoint, rate, total, new TreeSet<>(tenants), kafkaDetail, piiFound.get());
        }
        long requestCount = requests.get();
        String gzip = requestCount == 0 ? "-" : (100 * gzipRequests.get() / requestCount) + "%";
        return String.format("https %-16s %6.1f events/s  total %6d  tenants %-10s  gzip %4s  signature failures %d  auth failures %d  PII found %d",
            endpoint, rate, total, new TreeSet<>(tenants), gzip, signatureFailures.get(), authFailures.get(), piiFound.get());
    }
}
