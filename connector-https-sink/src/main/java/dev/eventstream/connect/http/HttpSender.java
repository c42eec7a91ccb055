package dev.eventstream.connect.http;

import dev.eventstream.connect.common.EventStreamVersion;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Makes one delivery attempt of a rendered batch: headers (content type, encoding, user agent, static headers,
 * Standard Webhooks signature with a fresh timestamp, authorization), the request, and the outcome. A 401 gets
 * exactly one refresh-and-retry when the auth provider can refresh. Thread-safe.
 */
final class HttpSender {

    static final String USER_AGENT = "eventstream-https-sink/" + EventStreamVersion.get();
    /** A signature older than this is recomputed before the request goes out. */
    private static final long RESIGN_AFTER_SECONDS = 2;

    private final OkHttpClient client;
    private final URI url;
    private final String method;
    private final Headers staticHeaders;
    private final AuthProvider auth;
    private final RequestSigner signer;
    private final boolean gzip;
    private final int excerptChars;
    private final LongSupplier epochMillis;

    HttpSender(HttpsSinkConfig config, OkHttpClient client, AuthProvider auth, RequestSigner signer,
               LongSupplier epochMillis) {
        this.client = client;
        this.url = config.url();
        this.method = config.method();
        Headers.Builder headers = new Headers.Builder();
        for (Map.Entry<String, String> header : config.staticHeaders()) {
            headers.add(header.getKey(), header.getValue());
        }
        this.staticHeaders = headers.build();
        this.auth = auth;
        this.signer = signer;
        this.gzip = config.gzip();
        this.excerptChars = config.errorExcerptChars();
        this.epochMillis = epochMillis;
    }

    /** The result of one attempt (after at most one 401 refresh-and-retry). */
    record Outcome(int status, long retryAfterMs, String excerpt, Exception error, boolean tokenFailure,
                   int requests) {

        boolean success() {
            return status >= 200 && status < 300;
        }

        /** The token endpoint refused the client credentials: the task must fail, no record is to blame. */
        boolean credentialsRefused() {
            return error instanceof AuthProvider.TokenException token && token.credentialsRefused();
        }

        private String retryAfterDescription() {
            return retryAfterMs >= 86_400_000L ? "of more than a day" : retryAfterMs + " ms";
        }

        /** For messages: {@code HTTP 503, Retry-After 2000 ms, response: <excerpt>} or the I/O error. */
        String describe() {
            if (status > 0) {
                return "HTTP " + status + (retryAfterMs < 0 ? "" : ", Retry-After " + retryAfterDescription())
                        + (excerpt == null || excerpt.isEmpty() ? "" : ", response: " + excerpt);
            }
            return error == null ? "no response" : error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    /**
     * Sends {@code batch}; {@code onCall} receives each call before it executes, so that a closing partition can
     * cancel it, and no request starts once {@code cancelled} is true (checked again after each token fetch).
     */
    Outcome send(RenderedBatch batch, Consumer<Call> onCall, BooleanSupplier cancelled) {
        String authorization;
        try {
            authorization = auth.authorization();
        } catch (AuthProvider.TokenException e) {
            return new Outcome(-1, -1L, null, e, true, 0);
        }
        Outcome outcome = attempt(batch, authorization, onCall, cancelled);
        if (outcome.status() == 401) {
            try {
                if (auth.refreshAfterUnauthorized(authorization)) {
                    Outcome retried = attempt(batch, auth.authorization(), onCall, cancelled);
                    return new Outcome(retried.status(), retried.retryAfterMs(), retried.excerpt(), retried.error(),
                            false, 2);
                }
            } catch (AuthProvider.TokenException e) {
                return new Outcome(-1, -1L, null, e, true, 1);
            }
        }
        return outcome;
    }

    private Outcome attempt(RenderedBatch batch, String authorization, Consumer<Call> onCall,
                            BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            return new Outcome(-1, -1L, null, new IOException("Canceled: the partition was closed"), false, 0);
        }
        Request request;
        try {
            request = request(batch, authorization);
        } catch (IOException e) {
            return new Outcome(-1, -1L, null, e, false, 0);
        }
        Call call = client.newCall(request);
        onCall.accept(call);
        try (Response response = call.execute()) {
            int status = response.code();
            if (status >= 200 && status < 300) {
                return new Outcome(status, -1L, null, null, false, 1);
            }
            long retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), epochMillis.getAsLong());
            return new Outcome(status, retryAfter, excerpt(response), null, false, 1);
        } catch (IOException e) {
            return new Outcome(-1, -1L, null, e, false, 1);
        }
    }

    private Request request(RenderedBatch batch, String authorization) throws IOException {
        Request.Builder builder = new Request.Builder().url(url.toString()).headers(staticHeaders)
                .header("User-Agent", USER_AGENT)
                .method(method, RequestBody.create(batch.body(), MediaType.get(batch.contentType())));
        if (gzip) {
            builder.header("Content-Encoding", "gzip");
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (signer != null) {
            long now = epochMillis.getAsLong() / 1000;
            String signature = batch.signature();
            long signedAt = batch.signedAt();
            if (Math.abs(now - signedAt) > RESIGN_AFTER_SECONDS) {
                signedAt = now;
                signature = gzip
                        ? signer.sign(batch.messageId(), now, () -> GzipEncoder.decode(batch.body()))
                        : signer.sign(batch.messageId(), now, batch.body(), 0, batch.body().length);
            }
            builder.header(RequestSigner.HEADER_ID, batch.messageId())
                    .header(RequestSigner.HEADER_TIMESTAMP, Long.toString(signedAt))
                    .header(RequestSigner.HEADER_SIGNATURE, signature);
        }
        return builder.build();
    }

    private String excerpt(Response response) {
        if (excerptChars == 0) {
            return "";
        }
        try {
            ResponseBody body = response.peekBody(4L * excerptChars);
            String text = body.string().replaceAll("\\s+", " ").trim();
            return text.length() > excerptChars ? text.substring(0, excerptChars) + "..." : text;
        } catch (IOException e) {
            return "(response body unreadable: " + e.getMessage() + ")";
        }
    }
}
