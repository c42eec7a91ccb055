package dev.eventstream.connect.http;

import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuth2TokenSourceTest {

    private final MockWebServer server = new MockWebServer();
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Long> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private OAuth2TokenSource source(HttpsSinkConfig.ClientAuthMethod method, int attempts) {
        return new OAuth2TokenSource(new OkHttpClient(), server.url("/token").toString(), "es", "s3cr:et", "events.write",
                method, 30_000L, attempts, 100L, clock::get, sleeps::add);
    }

    private void issueTokens(int expiresIn, long delayMs) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = issued.incrementAndGet();
                return new MockResponse().setHeadersDelay(delayMs, TimeUnit.MILLISECONDS)
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"access_token\":\"tok-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
            }
        });
    }

    private void issueTokensExpiringIn(String expiresInJson) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = issued.incrementAndGet();
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody("{\"access_token\":\"tok-" + n + "\",\"expires_in\":" + expiresInJson + "}");
            }
        });
    }

    @Test
    void aHugeExpiresInIsClampedToADayInsteadOfOverflowing() throws Exception {
        issueTokensExpiringIn("9223372036854775807");
        OAuth2TokenSource tokens = source(HttpsSinkConfig.ClientAuthMethod.BASIC, 1);
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(3_600_000L);
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(86_400_000L);
        assertThat(tokens.token()).isEqualTo("tok-2");
    }

    @Test
    void aStringExpiresInIsRead() throws Exception {
        issueTokensExpiringIn("\"3600\"");
        OAuth2TokenSource tokens = source(HttpsSinkConfig.ClientAuthMethod.BASIC, 1);
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(1_000_000L); // past the 300 s assumed without expires_in, before 3600 s - 30 s skew
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(2_600_000L);
        assertThat(tokens.token()).isEqualTo("tok-2");
    }

    @Test
    void cachesAndRefreshesBeforeExpiry() throws Exception {
        issueTokens(300, 0);
        OAuth2TokenSource tokens = source(HttpsSinkConfig.ClientAuthMethod.BASIC, 3);
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(269_000L); // 300 s lifetime - 30 s skew = refresh at 270 s
        assertThat(tokens.token()).isEqualTo("tok-1");
        clock.addAndGet(2_000L);
        assertThat(tokens.token()).isEqualTo("tok-2");
        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().readUtf8()).isEqualTo("grant_type=client_credentials&scope=events.write");
        // RFC 6749 2.3.1: form-urlencoded id and secret inside Basic
        assertThat(request.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("es", "s3cr%3Aet"));
    }

    @Test
    void postClientAuthSendsCredentialsInTheForm() throws Exception {
        issueTokens(300, 0);
        source(HttpsSinkConfig.ClientAuthMethod.POST, 1).token();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("Authorization")).isNull();
        assertThat(request.getBody().readUtf8()).contains("client_id=es", "client_secret=s3cr%3Aet");
    }

    @Test
    void invalidateAfter401FetchesExactlyOneNewToken() throws Exception {
        issueTokens(300, 0);
        OAuth2TokenSource tokens = source(HttpsSinkConfig.ClientAuthMethod.BASIC, 3);
        OAuth2AuthProvider auth = new OAuth2AuthProvider(tokens);
        String first = auth.authorization();
        assertThat(first).isEqualTo("Bearer tok-1");
        assertThat(auth.refreshAfterUnauthorized(first)).isTrue();
        assertThat(auth.authorization()).isEqualTo("Bearer tok-2");
        // a second 401 for the already replaced token does not refresh again
        auth.refreshAfterUnauthorized(first);
        assertThat(auth.authorization()).isEqualTo("Bearer tok-2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        issueTokens(300, 300);
        OAuth2TokenSource tokens = source(HttpsSinkConfig.ClientAuthMethod.BASIC, 3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(tokens::token);
            }
            for (Future<String> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo("tok-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesTheTokenEndpointWithBackoffAndNamesEndpointAndStatus() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setBody("{\"access_token\":\"late\",\"expires_in\":60}"));
        assertThat(source(HttpsSinkConfig.ClientAuthMethod.BASIC, 3).token()).isEqualTo("late");
        assertThat(sleeps).hasSize(2).allSatisfy(s -> assertThat(s).isPositive());

        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        assertThatThrownBy(() -> source(HttpsSinkConfig.ClientAuthMethod.BASIC, 2).token())
                .isInstanceOf(AuthProvider.TokenException.class)
                .hasMessageContaining(server.url("/token").toString()).hasMessageContaining("HTTP 503")
                .hasMessageNotContaining("s3cr");
    }

    @Test
    void clientErrorIsNotRetriedAndReportedAsRefusedCredentialsWithoutTheSecret() {
        server.enqueue(new MockResponse().setResponseCode(401)
                .setBody("{\"error\":\"invalid_client\",\"error_description\":\"unknown secret s3cr:et\"}"));
        assertThatThrownBy(() -> source(HttpsSinkConfig.ClientAuthMethod.BASIC, 3).token())
                .isInstanceOfSatisfying(AuthProvider.TokenException.class, e ->
                        assertThat(e.credentialsRefused()).isTrue())
                .hasMessage("Token endpoint " + server.url("/token") + " refused the credentials of client 'es' "
                        + "(HTTP 401, error invalid_client: unknown secret [hidden]); check auth.oauth2.client.id, "
                        + "auth.oauth2.client.secret and auth.oauth2.scope");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
