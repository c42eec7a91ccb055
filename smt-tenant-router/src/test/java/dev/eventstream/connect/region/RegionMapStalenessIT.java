package dev.eventstream.connect.region;

import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

    @TempDir
    static Path dir;

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();
    private static Path mapFile;

    @BeforeAll
    static void writeMap() throws IOException {
        mapFile = dir.resolve("regions.json");
        replaceMap("{\"acme\":\"eu-west\"}");
    }

    @Test
    void holdsRecordsWhileTheMapIsStaleAndDeliversThemOnceItIsFreshAgain() throws Exception {
        RIG.kafka().createTopic(TOPIC, 1);
        RIG.kafka().createTopic(DLQ, 1);
        Map<String, String> predicateProps = regionPredicateProps();
        RIG.rest().putConnectorConfig(CONNECTOR, connectorConfig(predicateProps));
        RIG.awaitRunning(CONNECTOR, 1);

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
                    .until(() -> !containsAny(deliveredSeqs(), held) && RIG.kafka().endOffsetSum(DLQ) == 0);
            assertThat(RIG.rest().connectorStatus(CONNECTOR).toString()).doesNotContain("FAILED");

            replaceMap("{\"acme\":\"eu-west\"}");
            Set<Integer> all = new TreeSet<>(fresh);
            all.addAll(held);
            await("held events delivered once the map is fresh").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                    .until(() -> deliveredSeqs().containsAll(all));
            assertThat(RIG.kafka().endOffsetSum(DLQ)).isZero();
        }
        RIG.rest().deleteConnector(CONNECTOR);
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
        return ChainConfig.testPostingSink(TOPIC, RIG.receiver(), "/acme/stale")
                .deadLetterQueue(DLQ).retryForever(Duration.ofSeconds(1))
                .transform("tenant", ChainConfig.TENANT_ROUTER, Map.of("tenant.source", "key", "tenant.template", "{tenant_id}:{agent_id}"))
                .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, regionProps)
                .build();
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
        RIG.kafka().produce(records);
        return seqs;
    }

    private static boolean containsAny(Set<Integer> delivered, Set<Integer> expected) {
        return expected.stream().anyMatch(delivered::contains);
    }

    private static Set<Integer> deliveredSeqs() {
        Set<Integer> seqs = new TreeSet<>();
        ReceivedEvents.accepted(RIG.receiver()).forEach(event -> seqs.add(ReceivedEvents.postedValue(event).get("seq").asInt()));
        return seqs;
    }
}
