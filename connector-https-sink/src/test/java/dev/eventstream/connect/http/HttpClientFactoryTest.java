package dev.eventstream.connect.http;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker's shared HTTP clients: one per endpoint and transport settings, closed by the last task. */
class HttpClientFactoryTest {

    @TempDir
    Path dir;
    private final HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    private final List<MockWebServer> servers = new ArrayList<>();
    private final List<HttpClientFactory.SharedClient> leases = new ArrayList<>();
    private Path truststore;

    @BeforeEach
    void truststore() throws IOException {
        truststore = dir.resolve("ca.pem");
        Files.writeString(truststore, certificate.certificatePem());
    }

    @AfterEach
    void stop() throws IOException {
        leases.forEach(HttpClientFactory.SharedClient::close);
        for (MockWebServer server : servers) {
            server.shutdown();
        }
    }

    private MockWebServer server(Dispatcher dispatcher) throws IOException {
        MockWebServer server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory(), false);
        server.setDispatcher(dispatcher);
        server.start();
        servers.add(server);
        return server;
    }

    private static Dispatcher answering(String body) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody(body);
            }
        };
    }

    private HttpsSinkConfig config(String url, String... overrides) {
        Map<String, String> props = Records.config(url);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PEM");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return new HttpsSinkConfig(props);
    }

    private HttpClientFactory.SharedClient acquire(HttpsSinkConfig config) {
        HttpClientFactory.SharedClient lease = HttpClientFactory.acquire(config);
        leases.add(lease);
        return lease;
    }

    private static String get(OkHttpClient client, String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }

    @Test
    void tasksOfOneEndpointShareOneClientAndItsConnectionUntilTheLastOneStops() throws IOException {
        MockWebServer server = server(answering("ok"));
        HttpsSinkConfig config = config(server.url("/acme/crm").toString());
        HttpClientFactory.SharedClient first = acquire(config);
        HttpClientFactory.SharedClient second = acquire(config(server.url("/acme/other-path").toString()));
        assertThat(second.client()).as("same host, same settings").isSameAs(first.client());
        assertThat(HttpClientFactory.users(config)).isEqualTo(2);

        assertThat(get(first.client(), server.url("/acme/crm").toString())).isEqualTo("ok");
        assertThat(get(second.client(), server.url("/acme/other-path").toString())).isEqualTo("ok");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(first.client().connectionPool().connectionCount()).as("one connection for both tasks").isEqualTo(1);

        first.close();
        first.close();
        assertThat(second.client().connectionPool().idleConnectionCount())
            .as("the other task still uses the endpoint").isEqualTo(1);
        assertThat(HttpClientFactory.users(config)).isEqualTo(1);
        second.close();
        assertThat(second.client().connectionPool().connectionCount()).as("closed by the last task").isZero();
        assertThat(HttpClientFactory.users(config)).isZero();
    }

    @Test
    void differentTlsSettingsOrHostsNeverShareAClient() throws IOException {
        MockWebServer server = server(answering("ok"));
        MockWebServer other = server(answering("ok"));
        Path copy = Files.writeString(dir.resolve("other-ca.pem"), certificate.certificatePem() + "\n");
        HttpClientFactory.SharedClient plain = acquire(config(server.url("/a").toString()));
        HttpClientFactory.SharedClient otherTrust = acquire(config(server.url("/a").toString(),
                "ssl.truststore.location", copy.toString()));
        HttpClientFactory.SharedClient tls13Only = acquire(config(server.url("/a").toString(),
                "ssl.enabled.protocols", "TLSv1.3"));
        HttpClientFactory.SharedClient otherHost = acquire(config(other.url("/a").toString()));

        assertThat(List.of(otherTrust.client(), tls13Only.client(), otherHost.client()))
                .allSatisfy(client -> assertThat(client).isNotSameAs(plain.client()));
        assertThat(otherTrust.client().sslSocketFactory()).isNotSameAs(plain.client().sslSocketFactory());
        assertThat(otherTrust.client().connectionPool()).isNotSameAs(plain.client().connectionPool());
    }

    @Test
    void aChangedTruststoreFileGivesTheNextTaskANewClient() throws IOException {
        MockWebServer server = server(answering("ok"));
        HttpClientFactory.SharedClient before = acquire(config(server.url("/a").toString()));
        Files.writeString(truststore, certificate.certificatePem() + "\n\n");
        HttpClientFactory.SharedClient after = acquire(config(server.url("/a").toString()));
        assertThat(after.client()).isNotSameAs(before.client());
    }

    @Test
    void aSlowEndpointHoldsUpNeitherAHealthyOneNorItsOwnConcurrentRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MockWebServer slow = server(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(30, TimeUnit.SECONDS);
                return new MockResponse().setBody("late");
            }
        });
        MockWebServer healthy = server(answering("ok"));
        OkHttpClient slowClient = acquire(config(slow.url("/slow").toString(), "max.in.flight.requests", "8")).client();
        OkHttpClient healthyClient = acquire(config(healthy.url("/ok").toString())).client();
        int parallel = slowClient.dispatcher().getMaxRequestsPerHost() + 3;
        ExecutorService senders = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> stuck = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                stuck.add(senders.submit(() -> get(slowClient, slow.url("/slow").toString())));
            }
            await("every request reached the slow endpoint, past the dispatcher's per-host limit")
                    .atMost(Duration.ofSeconds(10)).until(() -> slow.getRequestCount() == parallel);

            long start = System.nanoTime();
            assertThat(get(healthyClient, healthy.url("/ok").toString())).isEqualTo("ok");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(stuck).noneMatch(Future::isDone);

            release.countDown();
            for (Future<String> call : stuck) {
                assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("late");
            }
        } finally {
            release.countDown();
            senders.shutdownNow();
        }
    }
}
