package dev.eventstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as {@link HttpsReceiver} saw it. {@link #body()} is what the sender meant to send: the
 * request body with {@code Content-Encoding: gzip} undone. Header names are case-insensitive.
 */
public final class ReceivedRequest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final long sequence;
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final int wireBodyLength;
    private final byte[] body;
    private final Instant receivedAt;
    private final String clientCertificateSubject;
    private volatile int answeredStatus;

    ReceivedRequest(long sequence, String method, URI uri, Map<String, List<String>> headers, int wireBodyLength,
                    byte[] body, Instant receivedAt, String clientCertificateSubject) {
        this.sequence = sequence;
        this.method = method;
        this.uri = uri;
        TreeMap<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> sorted.put(name, List.copyOf(values)));
        this.headers = sorted;
        this.wireBodyLength = wireBodyLength;
        this.body = body;
        this.receivedAt = receivedAt;
        this.clientCertificateSubject = clientCertificateSubject;
    }

    /** 0 for the first request the receiver got, then 1, 2, ... */
    public long sequence() {
        return sequence;
    }

    public String method() {
        return method;
    }

    public String path() {
        return uri.getPath();
    }

    public URI uri() {
        return uri;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body after undoing {@code Content-Encoding: gzip}. */
    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode bodyAsJson() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Request " + sequence + " body is not JSON: " + bodyAsString(), e);
        }
    }

    /** The body's length as it crossed the wire (compressed when gzip). */
    public int wireBodyLength() {
        return wireBodyLength;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** The subject of the client certificate the peer presented, or null without mTLS. */
    public String clientCertificateSubject() {
        return clientCertificateSubject;
    }

    /** The status the receiver answered with, or -1 when it closed the connection instead, 0 before answering. */
    public int answeredStatus() {
        return answeredStatus;
    }

    void answered(int status) {
        this.answeredStatus = status;
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + uri + " (" + body.length + " bytes, answered " + answeredStatus + ")";
    }
}
