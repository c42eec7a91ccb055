package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstream.connect.control.connect.ClusterUnreachableException;
import dev.eventstream.connect.control.render.RenderResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local stack's retry: doubling delays up to a cap, a deadline, one clear line when it gives up; time is faked. */
class RetryWithBackoffTest {

    /** A clock that only the fake sleeper moves on. */
    private final long[] now = {0};
    private final List<Duration> slept = new ArrayList<>();
    private final RetryWithBackoff retry = new RetryWithBackoff(Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofSeconds(60),
        () -> now[0], delay -> {
            slept.add(delay);
            now[0] += delay.toNanos();
        });

    @Test
    void triesAgainWithDoublingDelaysCappedUntilTheStepSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call("apply", "see the log", () -> {
            if (attempts.incrementAndGet() < 8) {
                throw new IllegalStateException("409 rebalance in progress");
            }
            return "applied";
        }, e -> e instanceof IllegalStateException);
        assertThat(result).isEqualTo("applied");
        assertThat(attempts).hasValue(8);
        assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void aFailureThatDoesNotPassByItselfEndsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("apply", "see the log", () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad config");
        }, e -> e instanceof IllegalStateException)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad config");
        assertThat(attempts).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void givesUpBeforeTheDeadlineWithOneLineSayingWhatHowOftenAndTheLastReason() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("apply the connectors on the Connect worker at http://localhost:8083", "see logs/stack.log",
            () -> {
                throw new IllegalStateException("attempt " + attempts.incrementAndGet() + " refused");
            }, e -> true))
            .isInstanceOf(StackFailure.class)
            .hasMessage("could not apply the connectors on the Connect worker at http://localhost:8083: 19 attempts in 59 s (limit 60 s), "
                + "the last one failed with: attempt 19 refused (see logs/stack.log)");
        // 0.25 + 0.5 + 1 + 2 + 14 x 4 = 59.75 s waited: one more 4 s delay would pass the 60 s deadline.
        assertThat(slept).hasSize(18);
        assertThat(Duration.ofNanos(now[0])).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anInterruptedWaitStopsWithItsOwnMessageAndKeepsTheInterruptFlag() {
        RetryWithBackoff interrupted = new RetryWithBackoff(Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofSeconds(60),
            () -> 0L, delay -> {
                throw new InterruptedException();
            });
        try {
            assertThatThrownBy(() -> interrupted.call("apply", "see the log", () -> {
                throw new IllegalStateException("not ready");
            }, e -> true)).isInstanceOf(StackFailure.class).hasMessage("interrupted while waiting to apply");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void applyingOnAWorkerThatNeverAnswersEndsWithOneLineNamingTheWorker() throws IOException {
        String connectUrl = "http://127.0.0.1:" + freePort();
        RenderResult nothing = new RenderResult(List.of(), List.of());
        assertThatThrownBy(() -> EndpointConnectors.apply(nothing, connectUrl, "127.0.0.1:" + freePort(), retry))
            .isInstanceOf(StackFailure.class)
            .hasCauseInstanceOf(ClusterUnreachableException.class)
            .hasMessageStartingWith("could not apply the connectors on the Connect worker at " + connectUrl + ": 19 attempts in 59 s")
            .hasMessageContaining("Cannot reach the Connect REST API at " + connectUrl)
            .hasMessageEndingWith("(see logs/stack.log)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
