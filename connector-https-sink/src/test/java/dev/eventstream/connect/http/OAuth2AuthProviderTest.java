package dev.eventstream.connect.http;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks of one credential share a token source, so N tasks fetch one token. */
class OAuth2AuthProviderTest {

    @TempDir
    Path dir;
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Path truststore;

    @BeforeEach
    void start() throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory(), false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody("{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":3600}");
            }
        });
        server.start();
        truststore = Files.writeString(dir.resolve("ca.pem"), certificate.certificatePem());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        server.shutdown();
    }

    private HttpsSinkConfig config(String clientId, String secret) {
        Map<String, String> props = Records.config(server.url("/hook").toString());
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PEM");
        props.put("auth.type", "oauth2");
        props.put("auth.oauth2.token.url", server.url("/token").toString());
        props.put("auth.oauth2.client.id", clientId);
        props.put("auth.oauth2.client.secret", secret);
        return new HttpsSinkConfig(props);
    }

    /** What a task's start does: its shared client, then its auth provider. */
    private AuthProvider task(HttpsSinkConfig config) {
        HttpClientFactory.SharedClient client = HttpClientFactory.acquire(config);
        AuthProvider auth = AuthProvider.forConfig(config, client);
        opened.add(client);
        opened.add(auth);
        return auth;
    }

    @Test
    void tasksOfOneCredentialFetchOneTokenAndTheSourceOutlivesNoTask() throws Exception {
        HttpsSinkConfig config = config("es", "s3cret");
        List<AuthProvider> tasks = List.of(task(config), task(config), task(config));
        for (AuthProvider auth : tasks) {
            assertThat(auth.authorization()).isEqualTo("Bearer tok-1");
        }
        assertThat(issued).as("one token request for three tasks").hasValue(1);
        assertThat(OAuth2TokenSource.users(config)).isEqualTo(3);

        tasks.get(0).close();
        tasks.get(0).close();
        assertThat(OAuth2TokenSource.users(config)).isEqualTo(2);
        assertThat(tasks.get(1).authorization()).as("still cached for the other tasks").isEqualTo("Bearer tok-1");
        tasks.get(1).close();
        tasks.get(2).close();
        assertThat(OAuth2TokenSource.users(config)).isZero();
        assertThat(task(config).authorization()).as("a later task starts afresh").isEqualTo("Bearer tok-2");
    }

    @Test
    void anotherClientIdOrSecretGetsItsOwnTokens() throws Exception {
        AuthProvider first = task(config("es", "s3cret"));
        AuthProvider otherSecret = task(config("es", "rotated"));
        AuthProvider otherClient = task(config("es-2", "s3cret"));
        assertThat(List.of(first.authorization(), otherSecret.authorization(), otherClient.authorization()))
                .containsExactlyInAnyOrder("Bearer tok-1", "Bearer tok-2", "Bearer tok-3");
    }

    @Test
    void aRejectedTokenIsRefreshedOnceForEveryTaskOfTheCredential() throws Exception {
        HttpsSinkConfig config = config("es", "s3cret");
        AuthProvider one = task(config);
        AuthProvider two = task(config);
        String used = one.authorization();
        assertThat(one.refreshAfterUnauthorized(used)).isTrue();
        assertThat(two.authorization()).isEqualTo("Bearer tok-2");
        assertThat(two.refreshAfterUnauthorized(used)).as("the stale token is not invalidated twice").isTrue();
        assertThat(two.authorization()).isEqualTo("Bearer tok-2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void theCredentialKeyNeverShowsTheSecret() {
        HttpsSinkConfig config = config("es", "s3cret-value");
        assertThat(OAuth2TokenSource.Credential.of(config, HttpClientFactory.Transport.of(config)).toString())
                .doesNotContain("s3cret-value");
    }
}
