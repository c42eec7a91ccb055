package dev.eventstream.connect.http;

import java.util.Set;

/**
 * What to do with a batch after an attempt to send it: a plain decision over the outcome, the attempt count and
 * the time spent, with no threads, no I/O and no state of its own. Delivered on 2xx; the task fails when the
 * credentials were refused; a retriable status or an I/O error is retried after {@link RetryPolicy}'s delay until its
 * budget is spent, then dead-lettered with the attempts and the last outcome; a split status on a batch of several
 * records splits it; any other status is dead-lettered at once.
 */
final class OutcomePolicy {

    /** What the job does next. */
    sealed interface Decision {
    }

    /** The endpoint took the batch. */
    record Deliver() implements Decision {
    }

    /** Send the same batch again after {@code delayMs}. */
    record Retry(long delayMs) implements Decision {
    }

    /** Resend the batch's records in halves, to isolate the ones the endpoint refuses. */
    record Split() implements Decision {
    }

    /** Report the batch's records to the DLQ with {@code reason}. */
    record DeadLetter(String reason) implements Decision {
    }

    /** No record is to blame: the task fails with {@code message}. */
    record FailTask(String message) implements Decision {
    }

    private final RetryPolicy retryPolicy;
    private final Set<Integer> splitStatuses;

    OutcomePolicy(RetryPolicy retryPolicy, Set<Integer> splitStatuses) {
        this.retryPolicy = retryPolicy;
        this.splitStatuses = Set.copyOf(splitStatuses);
    }

    static OutcomePolicy forConfig(HttpsSinkConfig config) {
        return new OutcomePolicy(RetryPolicy.forConfig(config), config.splitStatuses());
    }

    /**
     * @param outcome     the attempt's outcome
     * @param attempts    attempts made so far, this one included (>= 1)
     * @param elapsedMs   time since the first attempt started
     * @param sentRecords records in the batch's body
     */
    Decision decide(HttpSender.Outcome outcome, int attempts, long elapsedMs, int sentRecords) {
        if (outcome.success()) {
            return new Deliver();
        }
        if (outcome.credentialsRefused()) {
            return new FailTask(outcome.error().getMessage());
        }
        int status = outcome.status();
        if (status < 0 || retryPolicy.isRetriable(status)) {
            long delay = retryPolicy.delayMs(attempts, elapsedMs, outcome.retryAfterMs());
            if (delay != RetryPolicy.GIVE_UP) {
                return new Retry(delay);
            }
            return new DeadLetter("gave up after " + attempts + " attempts in " + elapsedMs + " ms ("
                    + HttpsSinkConfig.RETRY_TIMEOUT_MS + "=" + retryPolicy.budgetMs() + "), last: " + outcome.describe());
        }
        if (splitStatuses.contains(status) && sentRecords > 1) {
            return new Split();
        }
        return new DeadLetter("non-retriable " + outcome.describe() + " after " + attempts + " attempt(s)");
    }

    /**
     * How long every request to the endpoint waits: a 429 or 503 with Retry-After asks the worker, not one
     * partition, to stop (capped at the retry budget: past it the next request finds out again); -1 for no hold.
     */
    long endpointHoldMs(HttpSender.Outcome outcome) {
        int status = outcome.status();
        if ((status == 429 || status == 503) && outcome.retryAfterMs() >= 0) {
            return Math.min(outcome.retryAfterMs(), retryPolicy.budgetMs());
        }
        return -1L;
    }

    /** When a job held by its endpoint tries again. */
    long afterHoldMs(long heldMs) {
        return retryPolicy.afterHoldMs(heldMs);
    }
}
