package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomePolicyTest {

    /** Backoff 100 ms doubling up to 1 s, a 10 s budget, 429/503 retriable, 400/413 split; jitter at its maximum. */
    private final OutcomePolicy policy = new OutcomePolicy(
            new RetryPolicy(100, 1_000, 10_000, Set.of(429, 503), () -> 0.999999), Set.of(400, 413));

    private static HttpSender.Outcome status(int status) {
        return new HttpSender.Outcome(status, -1L, "bad thing", null, false, 1);
    }

    private static HttpSender.Outcome status(int status, long retryAfterMs) {
        return new HttpSender.Outcome(status, retryAfterMs, "", null, false, 1);
    }

    private static HttpSender.Outcome ioError(IOException error) {
        return new HttpSender.Outcome(-1, -1L, null, error, false, 1);
    }

    @Test
    void aSuccessIsDelivered() {
        assertThat(policy.decide(status(204), 3, 500, 10)).isEqualTo(new OutcomePolicy.Deliver());
    }

    @Test
    void aRetriableStatusIsRetriedWithExponentialBackoff() {
        assertThat(policy.decide(status(503), 1, 0, 10)).isEqualTo(new OutcomePolicy.Retry(100));
        assertThat(policy.decide(status(503), 3, 300, 10)).isEqualTo(new OutcomePolicy.Retry(400));
        assertThat(policy.decide(status(429), 9, 3_000, 10)).isEqualTo(new OutcomePolicy.Retry(1_000));
    }

    @Test
    void anIoErrorIsRetried() {
        assertThat(policy.decide(ioError(new SocketTimeoutException("timeout")), 2, 100, 10))
                .isEqualTo(new OutcomePolicy.Retry(200));
    }

    @Test
    void retryAfterWinsOverTheBackoffJitteredByUpToOneInitialBackoff() {
        assertThat(policy.decide(status(429, 2_000), 1, 0, 10)).isEqualTo(new OutcomePolicy.Retry(2_099));
    }

    @Test
    void anExhaustedBudgetDeadLettersWithTheStatusAndTheAttempts() {
        OutcomePolicy.Decision decision = policy.decide(status(503), 12, 9_800, 10);

        assertThat(decision).isInstanceOf(OutcomePolicy.DeadLetter.class);
        assertThat(((OutcomePolicy.DeadLetter) decision).reason())
                .isEqualTo("gave up after 12 attempts in 9800 ms (retry.timeout.ms=10000), last: HTTP 503, "
                        + "response: bad thing");
    }

    @Test
    void aRetryAfterPastTheBudgetDeadLettersAtOnceNamingIt() {
        OutcomePolicy.Decision decision = policy.decide(status(429, 60_000), 1, 0, 10);

        assertThat(((OutcomePolicy.DeadLetter) decision).reason())
                .isEqualTo("gave up after 1 attempts in 0 ms (retry.timeout.ms=10000), last: HTTP 429, "
                        + "Retry-After 60000 ms");
    }

    @Test
    void aSplitStatusOnSeveralRecordsSplitsTheBatch() {
        assertThat(policy.decide(status(413), 1, 0, 2)).isEqualTo(new OutcomePolicy.Split());
        assertThat(policy.decide(status(400), 1, 0, 500)).isEqualTo(new OutcomePolicy.Split());
    }

    @Test
    void aSplitStatusOnOneRecordDeadLettersIt() {
        assertThat(policy.decide(status(413), 1, 0, 1)).isEqualTo(
                new OutcomePolicy.DeadLetter("non-retriable HTTP 413, response: bad thing after 1 attempt(s)"));
    }

    @Test
    void aNonRetriableStatusDeadLettersAtOnce() {
        assertThat(policy.decide(status(404), 1, 0, 10)).isEqualTo(
                new OutcomePolicy.DeadLetter("non-retriable HTTP 404, response: bad thing after 1 attempt(s)"));
        assertThat(policy.decide(status(500), 2, 50, 10)).isEqualTo(
                new OutcomePolicy.DeadLetter("non-retriable HTTP 500, response: bad thing after 2 attempt(s)"));
    }

    @Test
    void refusedCredentialsFailTheTaskWithTheTokenEndpointsReason() {
        AuthProvider.TokenException refused = new AuthProvider.TokenException(
                "the token endpoint refused the client credentials (invalid_client)", null, true);
        HttpSender.Outcome outcome = new HttpSender.Outcome(-1, -1L, null, refused, true, 0);

        assertThat(policy.decide(outcome, 1, 0, 10)).isEqualTo(new OutcomePolicy.FailTask(
                "the token endpoint refused the client credentials (invalid_client)"));
    }

    @Test
    void aTokenFetchThatMayRecoverIsRetried() {
        AuthProvider.TokenException unavailable = new AuthProvider.TokenException("token endpoint: HTTP 503", null);
        HttpSender.Outcome outcome = new HttpSender.Outcome(-1, -1L, null, unavailable, true, 0);

        assertThat(policy.decide(outcome, 1, 0, 10)).isEqualTo(new OutcomePolicy.Retry(100));
    }

    @Test
    void a429Or503WithRetryAfterHoldsTheEndpointUpToTheBudget() {
        assertThat(policy.endpointHoldMs(status(429, 2_000))).isEqualTo(2_000);
        assertThat(policy.endpointHoldMs(status(503, 60_000))).isEqualTo(10_000);
        assertThat(policy.endpointHoldMs(status(503))).isEqualTo(-1);
        assertThat(policy.endpointHoldMs(status(500, 2_000))).isEqualTo(-1);
        assertThat(policy.endpointHoldMs(status(200))).isEqualTo(-1);
    }
}
