package dev.eventstream.connect.http;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try again: exponential backoff with full jitter (delay uniform in [0, min(max, initial * 2^(n-1))]),
 * within a total budget measured from the first attempt; {@code Retry-After} (delta-seconds or HTTP-date) wins
 * over the computed delay, but never below the initial backoff, jittered by up to one initial backoff, and a
 * Retry-After past the budget gives up at once. Thread-safe.
 */
final class RetryPolicy {

    /** Returned by {@link #delayMs} when the budget does not allow another attempt. */
    static final long GIVE_UP = -1L;

    private final long initialMs;
    private final long maxMs;
    private final long budgetMs;
    private final Set<Integer> retriableStatuses;
    private final DoubleSupplier random;

    RetryPolicy(long initialMs, long maxMs, long budgetMs, Set<Integer> retriableStatuses, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.budgetMs = budgetMs;
        this.retriableStatuses = Set.copyOf(retriableStatuses);
        this.random = random;
    }

    static RetryPolicy forConfig(HttpsSinkConfig config) {
        return new RetryPolicy(config.retryBackoffInitialMs(), config.retryBackoffMaxMs(), config.retryTimeoutMs(),
                config.retryStatuses(), () -> ThreadLocalRandom.current().nextDouble());
    }

    boolean isRetriable(int status) {
        return retriableStatuses.contains(status);
    }

    long budgetMs() {
        return budgetMs;
    }

    /**
     * The delay before attempt {@code failedAttempts + 1}, or {@link #GIVE_UP}.
     *
     * @param failedAttempts attempts made so far (>= 1)
     * @param elapsedMs      time since the first attempt started
     * @param retryAfterMs   the server's Retry-After as a delay, or a negative value when absent
     */
    long delayMs(int failedAttempts, long elapsedMs, long retryAfterMs) {
        long remainingMs = budgetMs - elapsedMs;
        long delay;
        if (retryAfterMs >= 0) {
            // 0 or a date in the past must not become a tight loop; a wait past the budget is not worth waiting for
            long floor = Math.max(retryAfterMs, initialMs);
            if (floor > remainingMs) {
                return GIVE_UP;
            }
            // jittered, so that the senders the endpoint held do not all come back at the same instant
            delay = Math.min(floor + (long) (random.getAsDouble() * initialMs), remainingMs);
        } else {
            int exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
            long ceiling = Math.min(maxMs, initialMs << exponent);
            if (ceiling <= 0 || ceiling > maxMs) {
                ceiling = maxMs;
            }
            delay = (long) (random.getAsDouble() * (ceiling + 1));
            delay = Math.min(delay, ceiling);
        }
        if (delay > remainingMs) {
            return GIVE_UP;
        }
        return delay;
    }

    /** When a job held by its endpoint's Retry-After tries again: after the hold, jittered like a Retry-After. */
    long afterHoldMs(long heldMs) {
        return heldMs + (long) (random.getAsDouble() * initialMs);
    }

    /**
     * Parses a Retry-After header: delta-seconds, or an HTTP-date (RFC 9110 IMF-fixdate; RFC 850 and asctime
     * forms through RFC 1123 parsing where they agree). Returns the delay in milliseconds (0 for a date in the
     * past), or -1 when absent or unparseable.
     */
    static long parseRetryAfter(String value, long nowEpochMillis) {
        if (value == null) {
            return -1L;
        }
        String text = value.trim();
        if (text.isEmpty()) {
            return -1L;
        }
        if (text.chars().allMatch(Character::isDigit)) {
            // more digits than a long holds: the server asks for longer than any budget
            if (text.length() > 18) {
                return Long.MAX_VALUE;
            }
            long seconds = Long.parseLong(text);
            return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
        }
        try {
            long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0L, at - nowEpochMillis);
        } catch (DateTimeParseException e) {
            return -1L;
        }
    }
}
