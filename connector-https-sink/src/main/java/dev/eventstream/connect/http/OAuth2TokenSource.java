package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.SharedResources;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * OAuth2 client-credentials tokens: cached, refreshed {@code skew} before {@code expires_in} runs out, fetched by
 * one thread at a time (the others wait for its result), one source per credential in a worker ({@link #shared}), the endpoint retried with backoff on I/O errors, 429 and
 * 5xx. Errors name the endpoint and the status, never the secret or the token.
 */
final class OAuth2TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2TokenSource.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<Integer> RETRIABLE = Set.of(408, 425, 429, 500, 502, 503, 504);
    private static final long DEFAULT_LIFETIME_MS = 300_000L;
    private static final long MAX_LIFETIME_MS = TimeUnit.DAYS.toMillis(1);
    /** Nothing to close: a token source holds a cached token and no thread. */
    private static final SharedResources<Credential, OAuth2TokenSource> SHARED = new SharedResources<>(source -> { });

    private final OkHttpClient client;
    private final String tokenUrl;
    /** For logs and messages: a token endpoint's query may carry a key too. */
    private final String tokenUrlForLogs;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final HttpsSinkConfig.ClientAuthMethod authMethod;
    private final long skewMs;
    private final int attempts;
    private final long backoffMs;
    private final LongSupplier clockMs;
    private final Sleeper sleeper;
    private final ReentrantLock refreshLock = new ReentrantLock();

    private volatile Token current;
    private volatile long fetches;

    /** Waits between token attempts; replaceable in tests. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private record Token(String value, long refreshAtMs) {
    }

    OAuth2TokenSource(OkHttpClient client, String tokenUrl, String clientId, String clientSecret, String scope,
                      HttpsSinkConfig.ClientAuthMethod authMethod, long skewMs, int attempts, long backoffMs,
                      LongSupplier clockMs, Sleeper sleeper) {
        this.client = client;
        this.tokenUrl = tokenUrl;
        this.tokenUrlForLogs = HttpsSinkConfig.redact(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope == null ? "" : scope;
        this.authMethod = authMethod;
        this.skewMs = skewMs;
        this.attempts = attempts;
        this.backoffMs = backoffMs;
        this.clockMs = clockMs;
        this.sleeper = sleeper;
    }

    static OAuth2TokenSource forConfig(HttpsSinkConfig config, OkHttpClient client) {
        return new OAuth2TokenSource(client, config.oauth2TokenUrl(), config.oauth2ClientId(),
                config.oauth2ClientSecret().value(), config.oauth2Scope(), config.oauth2ClientAuthMethod(),
                config.oauth2RefreshSkewMs(), config.oauth2TokenAttempts(),
                Math.max(100L, config.retryBackoffInitialMs()), System::currentTimeMillis, Thread::sleep);
    }

    /**
     * The token source of {@code config}'s credential, shared by every task of this worker with the same credential
     * and transport (the tasks of one connector, or connectors of one customer), so that N tasks fetch one token, not
     * N. Made with the first task's {@code client}; close the lease when the task stops.
     */
    static SharedResources<Credential, OAuth2TokenSource>.Lease shared(HttpsSinkConfig config,
                                                                     HttpClientFactory.SharedClient client) {
        return SHARED.acquire(Credential.of(config, client.transport()), () -> forConfig(config, client.client()));
    }

    /** How many tasks share the token source of {@code config}'s credential; 0 when none. */
    static int users(HttpsSinkConfig config) {
        return SHARED.users(Credential.of(config, HttpClientFactory.Transport.of(config)));
    }

    /**
     * What tells token sources apart: the token request (URL, client id, secret, scope, how the client
     * authenticates), the fetch policy, and the transport the requests go over. The secret only as a digest.
     */
    record Credential(String tokenUrl, String clientId, String secretDigest, String scope,
                      HttpsSinkConfig.ClientAuthMethod authMethod, long skewMs, int attempts, long backoffMs,
                      HttpClientFactory.Transport transport) {

        static Credential of(HttpsSinkConfig config, HttpClientFactory.Transport transport) {
            return new Credential(config.oauth2TokenUrl(), config.oauth2ClientId(),
                    HttpClientFactory.digest(config.oauth2ClientSecret()), config.oauth2Scope(),
                    config.oauth2ClientAuthMethod(), config.oauth2RefreshSkewMs(), config.oauth2TokenAttempts(),
                    config.retryBackoffInitialMs(), transport);
        }

        @Override
        public String toString() {
            return "client '" + clientId + "' at " + HttpsSinkConfig.redact(tokenUrl);
        }
    }

    /** A valid access token, fetching one when none is cached or the cached one is due for refresh. */
    String token() throws AuthProvider.TokenException {
        Token token = current;
        if (token != null && clockMs.getAsLong() < token.refreshAtMs()) {
            return token.value();
        }
        refreshLock.lock();
        try {
            token = current;
            if (token != null && clockMs.getAsLong() < token.refreshAtMs()) {
                return token.value();
            }
            token = fetch();
            current = token;
            return token.value();
        } finally {
            refreshLock.unlock();
        }
    }

    /** Forgets {@code rejected} if it is still the cached token (a concurrent refresh may have replaced it). */
    void invalidate(String rejected) {
        refreshLock.lock();
        try {
            Token token = current;
            if (token != null && token.value().equals(rejected)) {
                current = null;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /** How many token requests succeeded so far. */
    long fetches() {
        return fetches;
    }

    private Token fetch() throws AuthProvider.TokenException {
        String lastProblem = "no attempt";
        IOException lastIo = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                long ceiling = Math.min(30_000L, backoffMs << Math.min(attempt - 2, 10));
                try {
                    sleeper.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AuthProvider.TokenException("Interrupted while fetching a token from " + tokenUrlForLogs, e);
                }
            }
            long requestedAt = clockMs.getAsLong();
            try (Response response = client.newCall(request()).execute()) {
                ResponseBody body = response.body();
                String text = body == null ? "" : body.string();
                if (response.isSuccessful()) {
                    Token token = parse(text, requestedAt);
                    fetches++;
                    LOG.debug("Fetched an OAuth2 token from {}", tokenUrlForLogs);
                    return token;
                }
                lastProblem = "HTTP " + response.code();
                if (!RETRIABLE.contains(response.code())) {
                    throw refused(response.code(), text);
                }
                lastIo = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastIo = e;
            }
            LOG.warn("Token request {} of {} to {} failed: {}", attempt, attempts, tokenUrlForLogs, lastProblem);
        }
        throw new AuthProvider.TokenException("Token endpoint " + tokenUrlForLogs + " failed " + attempts
                + " attempts, last: " + lastProblem, lastIo);
    }

    private Request request() {
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8).add("grant_type", "client_credentials");
        if (!scope.isEmpty()) {
            form.add("scope", scope);
        }
        Request.Builder builder = new Request.Builder().url(tokenUrl).header("Accept", "application/json");
        if (authMethod == HttpsSinkConfig.ClientAuthMethod.POST) {
            form.add("client_id", clientId).add("client_secret", clientSecret);
        } else {
            builder.header("Authorization", Credentials.basic(urlEncode(clientId), urlEncode(clientSecret),
                    StandardCharsets.UTF_8));
        }
        return builder.post(form.build()).build();
    }

    private Token parse(String text, long requestedAt) throws AuthProvider.TokenException {
        JsonNode json;
        try {
            json = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AuthProvider.TokenException("Token endpoint " + tokenUrlForLogs + " answered 2xx with a body that is "
                    + "not JSON", null);
        }
        JsonNode accessToken = json == null ? null : json.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new AuthProvider.TokenException("Token endpoint " + tokenUrlForLogs + " answered 2xx without access_token",
                    null);
        }
        long lifetimeMs = lifetimeMs(json.get("expires_in"));
        // refresh skew before expiry, but never sooner than half the lifetime (short-lived tokens)
        long refreshAfter = Math.max(lifetimeMs - skewMs, lifetimeMs / 2);
        return new Token(accessToken.asText(), requestedAt + refreshAfter);
    }

    /**
     * A non-retriable answer. A 4xx (RFC 6749 5.2: invalid_client, unauthorized_client, invalid_grant,
     * invalid_scope ...) means the credentials or the request were refused: no retry can fix that. The message
     * quotes the endpoint's error code and description, with the secret blanked out should they echo it.
     */
    private AuthProvider.TokenException refused(int status, String body) {
        String reason = "";
        try {
            JsonNode json = MAPPER.readTree(body == null ? "" : body);
            if (json != null && json.hasNonNull("error")) {
                reason = ", error " + json.get("error").asText()
                        + (json.hasNonNull("error_description") ? ": " + json.get("error_description").asText() : "");
            }
        } catch (IOException e) {
            reason = "";
        }
        if (reason.isEmpty() && body != null && !body.isBlank()) {
            String oneLine = body.replaceAll("\\s+", " ").trim();
            reason = ", response: " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
        }
        reason = hideSecret(reason);
        if (status >= 400 && status < 500) {
            return new AuthProvider.TokenException("Token endpoint " + tokenUrlForLogs + " refused the credentials of client '"
                    + hideSecret(clientId) + "' (HTTP " + status + reason + "); check " + HttpsSinkConfig.AUTH_OAUTH2_CLIENT_ID
                    + ", " + HttpsSinkConfig.AUTH_OAUTH2_CLIENT_SECRET + " and " + HttpsSinkConfig.AUTH_OAUTH2_SCOPE,
                    null, true);
        }
        return new AuthProvider.TokenException("Token endpoint " + tokenUrlForLogs + " answered HTTP " + status + reason, null);
    }

    private String hideSecret(String text) {
        return clientSecret.isEmpty() ? text : text.replace(clientSecret, "[hidden]");
    }

    /**
     * {@code expires_in} in seconds, as a number or (as some servers send it) a numeric string; clamped to a day, so
     * that no value overflows the refresh time. Without a usable value, {@link #DEFAULT_LIFETIME_MS}.
     */
    private static long lifetimeMs(JsonNode expiresIn) {
        if (expiresIn == null) {
            return DEFAULT_LIFETIME_MS;
        }
        String text = expiresIn.isNumber() ? expiresIn.asText() : expiresIn.isTextual() ? expiresIn.asText().trim() : "";
        if (!text.matches("\\d+")) {
            return DEFAULT_LIFETIME_MS;
        }
        if (text.length() > 12) {
            return MAX_LIFETIME_MS;
        }
        long seconds = Long.parseLong(text);
        return seconds == 0 ? DEFAULT_LIFETIME_MS : Math.min(TimeUnit.SECONDS.toMillis(seconds), MAX_LIFETIME_MS);
    }

    /** RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic encoding. */
    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
