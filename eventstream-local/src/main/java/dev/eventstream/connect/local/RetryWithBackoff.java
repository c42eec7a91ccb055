package dev.eventstream.connect.local;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Tries a step again while it fails for a reason that passes by itself (a worker still joining its group), waiting
 * twice as long after each failure up to a cap, and gives up at a deadline with a {@link StackFailure} that says
 * what was tried, how often, for how long, and the last reason. Any other failure ends it at once.
 */
final class RetryWithBackoff {

    /** How the waiting is done: {@link Thread#sleep} in the stack; a recording fake in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    RetryWithBackoff(Duration firstDelay, Duration maxDelay, Duration timeout, LongSupplier nanoClock, Sleeper sleeper) {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay, got " + firstDelay + " and " + maxDelay);
        }
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.timeout = timeout;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static RetryWithBackoff of(Duration firstDelay, Duration maxDelay, Duration timeout) {
        return new RetryWithBackoff(firstDelay, maxDelay, timeout, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Runs {@code step} until it returns; a failure that {@code passing} accepts is tried again after the next delay,
     * unless that delay would end after the deadline.
     *
     * @param what what the step does, for the message when giving up ("apply the connectors on http://...")
     * @param hint what to look at then ("see logs/stack.log")
     */
    <T> T call(String what, String hint, Supplier<T> step, Predicate<RuntimeException> passing) {
        long start = nanoClock.getAsLong();
        long deadline = start + timeout.toNanos();
        Duration delay = firstDelay;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (!passing.test(e)) {
                    throw e;
                }
                if (nanoClock.getAsLong() + delay.toNanos() > deadline) {
                    Duration spent = Duration.ofNanos(nanoClock.getAsLong() - start);
                    throw new StackFailure("could not " + what + ": " + attempts + " attempts in " + spent.toSeconds()
                        + " s (limit " + timeout.toSeconds() + " s), the last one failed with: " + e.getMessage() + " (" + hint + ")", e);
                }
                pause(what, delay);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    private void pause(String what, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while waiting to " + what, e);
        }
    }
}
