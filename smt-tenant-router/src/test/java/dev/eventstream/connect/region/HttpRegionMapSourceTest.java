package dev.eventstream.connect.region;

import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestCertificates.StoreType;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HttpRegionMapSourceTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final ConfigService service = new ConfigService();
    private HttpsReceiver receiver;
    private HttpRegionMapSource source;

    @BeforeEach
    void startReceiver() {
        receiver = HttpsReceiver.start();
        receiver.respondWith(service::answer);
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        receiver.close();
    }

    private SSLContext trusting(StoreType type) {
        TestCertificates certificates = receiver.certificates();
        return TrustStores.sslContext(certificates.truststore(type).toString(), type.name(),
                type == StoreType.PEM ? null : new Password(TestCertificates.PASSWORD));
    }

    private HttpRegionMapSource source(String token, SSLContext sslContext, Duration startupTimeout) {
        source = new HttpRegionMapSource(URI.create(receiver.url("/regions?env=prod")),
                token == null ? null : new Password(token), Duration.ofSeconds(5), sslContext,
                INTERVAL, startupTimeout, Clock.systemUTC());
        return source;
    }

    private HttpRegionMapSource started() {
        source(null, trusting(StoreType.PEM), Duration.ofSeconds(5)).start();
        return source;
    }

    @Test
    void loadsTheMapAndAppliesAChangeWithinTheInterval() {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        started();
        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));

        service.publish("{\"acme\":\"us-east\",\"globex\":\"eu-west\"}", "\"v2\"");

        await().atMost(INTERVAL.multipliedBy(10)).untilAsserted(() ->
                assertThat(source.current()).isEqualTo(Map.of("acme", "us-east", "globex", "eu-west")));
        assertThat(source.stats().getTenants()).isEqualTo(2);
    }

    @Test
    void sendsTheLastEtagAndKeepsTheMapOn304() {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        started();
        Map<String, String> loaded = source.current();

        await().atMost(INTERVAL.multipliedBy(10)).until(() -> service.notModified.get() >= 2);

        assertThat(source.current()).isSameAs(loaded);
        assertThat(source.stats().getRefreshFailures()).isZero();
        List<ReceivedRequest> requests = receiver.requests();
        assertThat(requests.get(0).header("If-None-Match")).isNull();
        assertThat(requests.subList(1, requests.size()))
                .allSatisfy(request -> assertThat(request.header("If-None-Match")).isEqualTo("\"v1\""));
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri().getQuery()).isEqualTo("env=prod");
            assertThat(request.header("Authorization")).isNull();
        });
    }

    @Test
    void withoutAnEtagEveryRefreshIsAFullRequest() {
        service.publish("{\"acme\":\"eu-west\"}", null);
        started();

        await().atMost(INTERVAL.multipliedBy(10)).until(() -> receiver.requestCount() >= 3);

        assertThat(receiver.requests()).allSatisfy(request -> assertThat(request.header("If-None-Match")).isNull());
        assertThat(service.notModified.get()).isZero();
    }

    @Test
    void a500KeepsTheLastMapCountsTheFailureAndRecovers() {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        started();

        service.failWith(500);
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getRefreshFailures() >= 2);
        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));
        assertThat(source.stats().getConsecutiveFailures()).isGreaterThanOrEqualTo(2);

        service.publish("{\"acme\":\"us-east\"}", "\"v2\"");
        service.failWith(0);
        await().atMost(INTERVAL.multipliedBy(10)).untilAsserted(() -> {
            assertThat(source.current()).isEqualTo(Map.of("acme", "us-east"));
            assertThat(source.stats().getConsecutiveFailures()).isZero();
        });
    }

    @Test
    void aMalformedBodyKeepsTheLastMap() {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        started();

        service.publish("<html>maintenance</html>", "\"v2\"");
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getRefreshFailures() >= 1);

        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));
    }

    @Test
    void sendsTheBearerToken() {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        source("s3cr3t-token", trusting(StoreType.PKCS12), Duration.ofSeconds(5)).start();

        assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer s3cr3t-token");
        assertThat(source.description()).doesNotContain("s3cr3t").doesNotContain("env=prod");
    }

    @ParameterizedTest
    @EnumSource(StoreType.class)
    void trustsEachTrustStoreFormat(StoreType type) {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        source(null, trusting(type), Duration.ofSeconds(5)).start();

        assertThat(source.current()).containsEntry("acme", "eu-west");
    }

    @Test
    void verifiesTheServerCertificate() throws Exception {
        service.publish("{\"acme\":\"eu-west\"}", "\"v1\"");
        source(null, SSLContext.getDefault(), Duration.ZERO);

        assertThatThrownBy(source::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("No region map could be loaded from http:" + receiver.url("/regions"))
                .hasMessageContaining("SSLHandshakeException");
        assertThat(service.requests.get()).isZero();
    }

    @Test
    void startFailsClearlyWhenTheServiceAnswersNoMap() {
        service.failWith(503);
        source(null, trusting(StoreType.PEM), Duration.ofMillis(500));

        assertThatThrownBy(source::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("attempts within 500 ms");
    }

    /** A config service: answers the published map with its ETag, 304 to a matching If-None-Match. */
    private static final class ConfigService {
        private final AtomicReference<String[]> published = new AtomicReference<>();
        private final AtomicInteger failStatus = new AtomicInteger();
        private final AtomicInteger notModified = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();

        void publish(String body, String etag) {
            published.set(new String[] {body, etag});
        }

        void failWith(int status) {
            failStatus.set(status);
        }

        ScriptedResponse answer(ReceivedRequest request) {
            requests.incrementAndGet();
            if (failStatus.get() != 0) {
                return ScriptedResponse.status(failStatus.get()).withBody("upstream unavailable");
            }
            String[] current = published.get();
            String etag = current[1];
            if (etag != null && etag.equals(request.header("If-None-Match"))) {
                notModified.incrementAndGet();
                return ScriptedResponse.status(304);
            }
            ScriptedResponse response = ScriptedResponse.ok().withHeader("Content-Type", "application/json")
                    .withBody(current[0]);
            return etag == null ? response : response.withHeader("ETag", etag);
        }
    }
}
