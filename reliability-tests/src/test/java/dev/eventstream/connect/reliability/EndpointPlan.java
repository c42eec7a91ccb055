package dev.eventstream.connect.reliability;

import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * The scriptable behaviour of the TLS receiver during a scenario: up, down with a status, throttling with
 * {@code 429 Retry-After}, slow, or dropping connections. Switched at any moment from the test thread;
 * an OAuth2 token request ({@code POST /token}) is always answered, whatever the plan.
 */
final class EndpointPlan implements Function<ReceivedRequest, ScriptedResponse> {

    static final String TOKEN_PATH = "/token";
    static final String ACCESS_TOKEN = "reliability-access-token";

    private volatile Function<ReceivedRequest, ScriptedResponse> current = request -> ScriptedResponse.ok();

    @Override
    public ScriptedResponse apply(ReceivedRequest request) {
        if (TOKEN_PATH.equals(request.path())) {
            return ScriptedResponse.ok().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        }
        return current.apply(request);
    }

    /** Every request accepted (200). */
    void up() {
        current = request -> ScriptedResponse.ok();
    }

    /** Every request answered with this status (e.g. 503: retriable; 400: not). */
    void down(int status) {
        current = request -> ScriptedResponse.status(status);
    }

    /** Every request answered {@code 429 Too Many Requests} with {@code Retry-After}. */
    void throttle(long retryAfterSeconds) {
        current = request -> ScriptedResponse.status(429).withRetryAfter(retryAfterSeconds);
    }

    /** Every request accepted, after this delay. */
    void slow(Duration delay) {
        current = request -> ScriptedResponse.ok().delayedBy(delay);
    }
}
