package dev.eventstream.connect.reliability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Waits until a count reaches its target or stops moving, so that a scenario that falls short still ends with
 * its counts measured and asserted (a lost event shows as {@code lost=1}, not as a timeout).
 */
final class Settle {

    private Settle() {
    }

    /** Returns once {@code count} is at least {@code target}, or unchanged for {@code quiet}, or {@code timeout} passed. */
    static long until(LongSupplier count, long target, Duration quiet, Duration timeout) {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        long deadline = System.nanoTime() + timeout.toNanos();
        await().atMost(timeout.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = System.nanoTime();
            long current = count.getAsLong();
            if (current != last.getAndSet(current)) {
                changedAt.set(now);
            }
            return current >= target || now - changedAt.get() > quiet.toNanos() || now > deadline;
        });
        return last.get();
    }
}
