package dev.eventstream.connect.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link HttpsReceiver} answers to one request: a status with headers and a body, optionally
 * after a delay, or a connection closed without any response.
 */
public final class ScriptedResponse {

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final Duration delay;
    private final boolean disconnect;

    private ScriptedResponse(int status, Map<String, String> headers, String body, Duration delay, boolean disconnect) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.delay = delay;
        this.disconnect = disconnect;
    }

    public static ScriptedResponse ok() {
        return status(200);
    }

    public static ScriptedResponse status(int status) {
        return new ScriptedResponse(status, Map.of(), "", Duration.ZERO, false);
    }

    /** Closes the connection without answering: the client sees an I/O error. */
    public static ScriptedResponse disconnect() {
        return new ScriptedResponse(-1, Map.of(), "", Duration.ZERO, true);
    }

    public ScriptedResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ScriptedResponse(status, Map.copyOf(copy), body, delay, disconnect);
    }

    /** {@code Retry-After} in seconds. */
    public ScriptedResponse withRetryAfter(long seconds) {
        return withHeader("Retry-After", Long.toString(seconds));
    }

    public ScriptedResponse withBody(String body) {
        return new ScriptedResponse(status, headers, body, delay, disconnect);
    }

    /** Answers (or disconnects) only after this delay; no server thread is held meanwhile. */
    public ScriptedResponse delayedBy(Duration delay) {
        return new ScriptedResponse(status, headers, body, delay, disconnect);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    public Duration delay() {
        return delay;
    }

    public boolean isDisconnect() {
        return disconnect;
    }

    @Override
    public String toString() {
        return disconnect ? "disconnect" : "HTTP " + status + (delay.isZero() ? "" : " after " + delay);
    }
}
