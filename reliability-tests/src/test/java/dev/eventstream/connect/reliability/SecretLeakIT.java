package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.ScriptedResponse;
import dev.eventstream.connect.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets given as config-provider references, as production gives them (OAuth2 client secret, signing
 * secret, basic-auth password, a header API key, the truststore password, a token in the URL's query) on
 * two HTTPS endpoints of one worker JVM that deliver, retry on 503, dead-letter a 404 and a malformed
 * record: not one of them in any worker log line (INFO, DEBUG for the suite's plugins), in any Connect REST
 * answer, or in any DLQ header. The API key is given as the HTTPS sink asks for a secret header: in
 * {@code http.headers.secret} (PASSWORD-typed), next to a plain {@code http.headers} entry. About 13 s.
 */
class SecretLeakIT {

    private static final Logger LOG = LoggerFactory.getLogger(SecretLeakIT.class);
    private static final String TOPIC = "voice-secrets";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("secrets", 1).withReceiver();

    @Test
    void noSecretInLogsRestAnswersOrDeadLetters() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("oauth2.client.secret", "oauth-" + UUID.randomUUID());
        secrets.put("signing.secret", "whsec_" + Base64.getEncoder().encodeToString(random(32)));
        secrets.put("basic.password", "basic-" + UUID.randomUUID());
        secrets.put("header.api.key", "apikey-" + UUID.randomUUID());
        secrets.put("truststore.password", "trust-" + UUID.randomUUID());
        secrets.put("url.token", "urltoken" + UUID.randomUUID().toString().replace("-", ""));
        Path secretsFile = Files.createTempFile("eventstream-secrets", ".properties");
        StringBuilder properties = new StringBuilder();
        secrets.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(secretsFile, properties);
        Path truststore = truststoreWithPassword(secrets.get("truststore.password"));

        RIG.cluster().createTopic(TOPIC, 1);
        Map<String, String> oauth = Connectors.httpsEndpoint("acme", TOPIC, "es-dlq-acme-oauth", RIG.receiver(), "/acme/oauth");
        oauth.put("http.url", RIG.receiver().url("/acme/oauth?access_token=" + ref(secretsFile, "url.token")));
        oauth.put("auth.type", "oauth2");
        oauth.put("auth.oauth2.token.url", RIG.receiver().url(EndpointPlan.TOKEN_PATH));
        oauth.put("auth.oauth2.client.id", "eventstream");
        oauth.put("auth.oauth2.client.secret", ref(secretsFile, "oauth2.client.secret"));
        oauth.put("signing.secret", ref(secretsFile, "signing.secret"));
        oauth.put("http.headers", "X-Source:eventstream");
        oauth.put("http.headers.secret", "X-Api-Key:" + ref(secretsFile, "header.api.key"));
        oauth.put("ssl.truststore.location", truststore.toString());
        oauth.put("ssl.truststore.type", "PKCS12");
        oauth.put("ssl.truststore.password", ref(secretsFile, "truststore.password"));
        oauth.put("retry.timeout.ms", "2000");
        oauth.put("tasks.max", "1");
        Map<String, String> basic = Connectors.httpsEndpoint("acme", TOPIC, "es-dlq-acme-basic", RIG.receiver(), "/acme/basic");
        basic.put("auth.type", "basic");
        basic.put("auth.basic.username", "eventstream");
        basic.put("auth.basic.password", ref(secretsFile, "basic.password"));
        basic.put("tasks.max", "1");
        RIG.cluster().rest().putConnectorConfig("es-acme-oauth", oauth);
        RIG.cluster().rest().putConnectorConfig("es-acme-basic", basic);
        RIG.cluster().rest().awaitRunning("es-acme-oauth", 1, FaultCluster.WORKER_STARTUP);
        RIG.cluster().rest().awaitRunning("es-acme-basic", 1, FaultCluster.WORKER_STARTUP);

        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        traffic.events(TOPIC, 1, List.of("acme"), 20, tenant -> Ledger.Fate.DELIVER);
        await("first deliveries, with the secrets in use").atMost(Duration.ofSeconds(60))
            .until(() -> RIG.receiver().acceptedRequests().stream().filter(r -> r.path().startsWith("/acme/")).count() >= 2);
        assertThat(RIG.receiver().requests()).filteredOn(r -> r.path().equals("/acme/oauth")).first()
            .satisfies(request -> {
                assertThat(request.header("Authorization")).isEqualTo("Bearer " + EndpointPlan.ACCESS_TOKEN);
                assertThat(request.header("X-Api-Key")).isEqualTo(secrets.get("header.api.key"));
                assertThat(request.header("X-Source")).isEqualTo("eventstream");
                assertThat(request.uri().getQuery()).isEqualTo("access_token=" + secrets.get("url.token"));
            });
        // Retries, a non-retriable answer and a malformed record: the paths that log and dead-letter.
        // On the endpoint with the most secrets: two 503 (retry warnings), then a 404 (its batch dead-lettered).
        EndpointPlan plan = new EndpointPlan();
        java.util.concurrent.atomic.AtomicInteger oauthRequests = new java.util.concurrent.atomic.AtomicInteger();
        RIG.receiver().respondWith(request -> {
            if (!request.path().equals("/acme/oauth")) {
                return plan.apply(request);
            }
            int n = oauthRequests.getAndIncrement();
            return n < 2 ? ScriptedResponse.status(503) : n == 2 ? ScriptedResponse.status(404) : plan.apply(request);
        });
        traffic.events(TOPIC, 1, List.of("acme"), 20, tenant -> Ledger.Fate.DELIVER);
        traffic.malformed(TOPIC, 0, Traffic.key("acme", 0).getBytes(StandardCharsets.UTF_8),
            "{broken".getBytes(StandardCharsets.UTF_8), "acme", "invalid JSON");
        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        await("the malformed record in both DLQs, and the batch answered 404 in one").atMost(Duration.ofSeconds(60))
            .until(() -> {
                deadLetters.clear();
                deadLetters.addAll(RIG.cluster().kafka().read("es-dlq-acme-oauth", Integer.MAX_VALUE, Duration.ofMillis(700)));
                deadLetters.addAll(RIG.cluster().kafka().read("es-dlq-acme-basic", Integer.MAX_VALUE, Duration.ofMillis(700)));
                return deadLetters.size() >= 3;
            });

        List<String> places = new ArrayList<>();
        for (String line : RIG.cluster().workerLogLines()) {
            places.add("log: " + line);
        }
        for (String path : restPaths()) {
            places.add("REST " + path + ": " + get(path));
        }
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            for (Header header : deadLetter.headers()) {
                places.add("DLQ header " + header.key() + ": "
                    + (header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            for (String place : places) {
                if (place.contains(secret.getValue())) {
                    leaks.add(secret.getKey() + " in " + abbreviate(place));
                }
            }
        }
        LOG.info("FAULT-MATRIX secrets: {} places searched ({} log lines, {} REST answers, {} DLQ records), {} leaks",
            places.size(), RIG.cluster().workerLogLines().size(), restPaths().size(), deadLetters.size(), leaks.size());
        leaks.forEach(leak -> LOG.warn("LEAK {}", leak));
        assertThat(deadLetters).as("dead letters written (the paths under test ran)").isNotEmpty();
        assertThat(leaks).as("secrets found").isEmpty();
    }

    private static List<String> restPaths() {
        List<String> paths = new ArrayList<>(List.of("connectors?expand=status&expand=info", "connector-plugins",
            "connectors/es-acme-oauth/tasks", "connectors/es-acme-basic/tasks"));
        for (String connector : List.of("es-acme-oauth", "es-acme-basic")) {
            for (String suffix : List.of("", "/config", "/status", "/offsets", "/topics", "/tasks/0/status")) {
                paths.add("connectors/" + connector + suffix);
            }
        }
        return paths;
    }

    private static String get(String path) throws IOException, InterruptedException {
        URI uri = RIG.cluster().liveWorkers().get(0).url().resolve(path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String ref(Path file, String key) {
        return "${file:" + file + ":" + key + "}";
    }

    /** The test CA in a PKCS12 truststore protected by {@code password} (the fixture's own uses a fixed one). */
    private static Path truststoreWithPassword(String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(RIG.receiver().certificates().truststore(TestCertificates.StoreType.PKCS12))) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        Path file = Files.createTempFile("reliability-truststore", ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String abbreviate(String place) {
        return place.length() > 300 ? place.substring(0, 300) + "..." : place;
    }
}
