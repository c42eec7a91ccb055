package dev.eventstream.connect.region;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker and worker: while the region map is older than {@code region.max.staleness.ms}, acme's events
 * are neither delivered nor dropped (nor dead-lettered): the task holds them, Connect retrying
 * ({@code errors.retry.timeout=-1}), and delivers them by itself once the map refreshes again.
 */
class RegionMapStalenessIT {

    private static final String TOPIC = "agent-state";
    private static final String DLQ = "es-dlq-acme-stale";
    private static final String CONNECTOR = "es-acme-stale";
    private static final long MAX_STALENESS_MS = 1_500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;
    private static Path mapFile;

    @BeforeAll
    static void start() throws IOException {
        harness = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
        mapFile = dir.resolve("regions.json");
        replaceMap("{\"acme\":\"eu-west\"}");
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void holdsRecordsWhileTheMapIsStaleAndDeliversThemOnceItIsFreshAgain() throws Exception {
        harness.kafka().createTopic(TOPIC, 1);
        harness.kafka().createTopic(DLQ, 1);
        Map<String, String> predicateProps = regionPredicateProps();
        harness.rest().putConnectorConfig(CONNECTOR, connectorConfig(predicateProps));
        harness.rest().awaitRunning(CONNECTOR, 1, ConnectClusterHarness.STARTUP_TIMEOUT);

        RegionSourceSpec spec = RegionSourceSpec.of(new InPrimaryRegionConfig(predicateProps));
        try (RegionMapRegistry.Lease map = RegionMapRegistry.global().acquire(spec)) {
            Set<Integer> fresh = produce(0, 10);
            await("events on a fresh map").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                    .until(() -> deliveredSeqs().containsAll(fresh));

            replaceMap("{\"acme\": "); // every refresh fails from now on; the last good map stays
            RegionMapStats stats = map.source().stats();
            await("the map goes stale").atMost(Duration.ofSeconds(10))
                    .until(() -> System.currentTimeMillis() - stats.getLastSuccessMs() > MAX_STALENESS_MS);
            Set<Integer> held = produce(10, 10);
            await("held, neither delivered nor dead-lettered").during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> !containsAny(deliveredSeqs(), held) && harness.kafka().endOffsetSum(DLQ) == 0);
            assertThat(harness.rest().connectorStatus(CONNECTOR).toString()).doesNotContain("FAILED");

            replaceMap("{\"acme\":\"eu-west\"}");
            Set<Integer> all = new TreeSet<>(fresh);
            all.addAll(held);
            await("held events delivered once the map is fresh").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                    .until(() -> deliveredSeqs().containsAll(all));
            assertThat(harness.kafka().endOffsetSum(DLQ)).isZero();
        }
        harness.rest().deleteConnector(CONNECTOR);
    }

    private static Map<String, String> regionPredicateProps() {
        Map<String, String> props = new HashMap<>();
        props.put("region.local", "eu-west");
        props.put("region.source", "file");
        props.put("region.file.path", mapFile.toString());
        props.put("region.refresh.interval.ms", "200");
        props.put("region.max.staleness.ms", Long.toString(MAX_STALENESS_MS));
        return props;
    }

    private static Map<String, String> connectorConfig(Map<String, String> regionProps) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.testing.connector.TestPostingSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("test.url", receiver.url("/acme/stale"));
        config.put("test.truststore.location",
                receiver.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("test.truststore.password", TestCertificates.PASSWORD);
        config.put("errors.tolerance", "all");
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "1000");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("transforms", "tenant,primaryRegion");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", "{tenant_id}:{agent_id}");
        config.put("transforms.primaryRegion.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.primaryRegion.predicate", "inPrimaryRegion");
        config.put("transforms.primaryRegion.negate", "true");
        config.put("predicates", "inPrimaryRegion");
        config.put("predicates.inPrimaryRegion.type", "dev.eventstream.connect.region.InPrimaryRegion");
        regionProps.forEach((key, value) -> config.put("predicates.inPrimaryRegion." + key, value));
        return config;
    }

    private static void replaceMap(String content) throws IOException {
        Path next = dir.resolve("next.json");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, mapFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<Integer> produce(int from, int count) {
        List<TestRecord> records = new ArrayList<>();
        Set<Integer> seqs = new TreeSet<>();
        for (int seq = from; seq < from + count; seq++) {
            seqs.add(seq);
            records.add(TestRecord.json(TOPIC, "{\"seq\":" + seq + "}").withKey("acme:agent-" + seq));
        }
        harness.kafka().produce(records);
        return seqs;
    }

    private static boolean containsAny(Set<Integer> delivered, Set<Integer> expected) {
        return expected.stream().anyMatch(delivered::contains);
    }

    private static Set<Integer> deliveredSeqs() {
        Set<Integer> seqs = new TreeSet<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            request.bodyAsJson().forEach(event -> seqs.add(parseSeq(event.get("value").asText())));
        }
        return seqs;
    }

    private static int parseSeq(String value) {
        try {
            return JSON.readTree(value).get("seq").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
