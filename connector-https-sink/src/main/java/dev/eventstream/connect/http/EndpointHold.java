package dev.eventstream.connect.http;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint's request to stop sending for a while (429 or 503 with {@code Retry-After}), shared by every task of
 * every connector in this JVM that delivers to the same origin (scheme, host, port): the endpoint asked the worker,
 * not one partition, to wait. Reference counted: acquired by each pipeline, forgotten when the last one releases it.
 * Thread-safe.
 */
final class EndpointHold {

    private static final Map<String, EndpointHold> BY_ORIGIN = new HashMap<>();

    private final String origin;
    private final AtomicLong heldUntilNanos = new AtomicLong(System.nanoTime());
    private int users;

    private EndpointHold(String origin) {
        this.origin = origin;
    }

    /** The hold of {@code url}'s origin; {@link #release()} it when done. */
    static EndpointHold acquire(URI url) {
        String origin = origin(url);
        synchronized (BY_ORIGIN) {
            EndpointHold hold = BY_ORIGIN.computeIfAbsent(origin, EndpointHold::new);
            hold.users++;
            return hold;
        }
    }

    void release() {
        synchronized (BY_ORIGIN) {
            if (--users == 0) {
                BY_ORIGIN.remove(origin);
            }
        }
    }

    /** No request to this endpoint before {@code delayMs} from now (a longer hold already set stays). */
    void holdFor(long delayMs, long nowNanos) {
        long until = nowNanos + Math.min(delayMs, Long.MAX_VALUE / 2_000_000L) * 1_000_000L;
        heldUntilNanos.accumulateAndGet(until, (current, proposed) -> current - proposed >= 0 ? current : proposed);
    }

    /** Milliseconds until requests may go again; 0 when not held. */
    long remainingMs(long nowNanos) {
        long left = heldUntilNanos.get() - nowNanos;
        return left <= 0 ? 0 : (left + 999_999L) / 1_000_000L;
    }

    static String origin(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                + url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }
}
