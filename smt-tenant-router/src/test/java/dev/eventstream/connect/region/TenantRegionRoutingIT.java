package dev.eventstream.connect.region;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker and worker, with the real TLS receiver: one connector for tenant {@code acme} reads a topic
 * where five tenants' events are interleaved (three of them look like {@code acme}) and delivers every
 * {@code acme} event and nothing else; when the region map (a compacted topic) moves {@code acme} away from this
 * region its events stop, and when it moves back they flow again. Records whose key has no tenant go to the
 * dead letter queue with their coordinates.
 */
class TenantRegionRoutingIT {

    private static final String TOPIC = "voice-callthread";
    private static final String REGION_TOPIC = "eventstream-regions";
    private static final String DLQ = "es-dlq-acme-crm";
    private static final String CONNECTOR = "es-acme-crm";
    private static final int PARTITIONS = 3;
    /** acme, and four others, three of which differ from it only by case, a suffix or a trailing space. */
    private static final List<String> TENANTS = List.of("acme", "ACME", "acme2", "acme ", "globex");
    private static final int EVENTS_PER_TENANT_PER_PHASE = 40;

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();
    private int nextSeq;

    @Test
    void deliversEveryEventOfItsTenantOnlyWhileThisIsItsPrimaryRegion() throws Exception {
        RIG.kafka().createTopic(TOPIC, PARTITIONS);
        RIG.kafka().createTopic(REGION_TOPIC, 1, Map.of("cleanup.policy", "compact"));
        // Every tenant is primary here at first, so the look-alikes pass the region filter and only
        // TenantMatches stands between them and acme's endpoint.
        TENANTS.forEach(tenant -> setRegion(tenant, "eu-west"));

        Map<String, String> predicateProps = regionPredicateProps();
        RIG.rest().putConnectorConfig(CONNECTOR, connectorConfig(predicateProps));
        RIG.awaitRunning(CONNECTOR, 2);

        // The test shares the tasks' region map source (same JVM, same settings): when it sees a change, so do they.
        RegionSourceSpec spec = RegionSourceSpec.of(new InPrimaryRegionConfig(predicateProps));
        try (RegionMapRegistry.Lease map = RegionMapRegistry.global().acquire(spec)) {
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName(RegionMapRegistry.JMX_DOMAIN + ":type=region-map,*"), null))
                    .as("one region map source for both tasks and the test").hasSize(1);
            assertThat(map.current()).containsEntry("acme", "eu-west");

            // Phase 1: acme is primary here. Every acme event arrives, nothing else does.
            Set<Integer> before = produceInterleaved();
            awaitDelivered(before);
            awaitProcessed();

            // Phase 2: acme moves to us-east. Its events are dropped here.
            setRegion("acme", "us-east");
            await("the map change reaches the workers").atMost(Duration.ofSeconds(10))
                    .until(() -> "us-east".equals(map.current().get("acme")));
            Set<Integer> during = produceInterleaved();
            awaitProcessed();
            assertThat(deliveredSeqs()).as("acme events while us-east is primary").doesNotContainAnyElementsOf(during);

            // Phase 3: acme is back. Its events flow again.
            setRegion("acme", "eu-west");
            await("the map change reaches the workers").atMost(Duration.ofSeconds(10))
                    .until(() -> "eu-west".equals(map.current().get("acme")));
            Set<Integer> after = produceInterleaved();

            Set<Integer> expected = new TreeSet<>(before);
            expected.addAll(after);
            awaitDelivered(expected);
            assertThat(deliveredSeqs()).doesNotContainAnyElementsOf(during).containsExactlyElementsOf(expected);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = RIG.kafka().read(DLQ, 3, Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize(3).allSatisfy(record -> {
            String message = RecordText.header(record, "__connect.errors.exception.message");
            assertThat(message).as("header __connect.errors.exception.message").isNotNull()
                    .contains("Cannot determine the tenant of record (topic " + TOPIC + ", partition ")
                    .contains("{tenant_id}:{callthread_id}");
        });
        RIG.rest().deleteConnector(CONNECTOR);
    }

    private static Map<String, String> regionPredicateProps() {
        Map<String, String> props = new HashMap<>();
        props.put("region.local", "eu-west");
        props.put("region.source", "kafka");
        props.put("region.kafka.bootstrap.servers", RIG.cluster().bootstrapServers());
        props.put("region.kafka.topic", REGION_TOPIC);
        props.put("region.refresh.interval.ms", "500");
        props.put("region.unknown.tenant", "drop");
        return props;
    }

    private static Map<String, String> connectorConfig(Map<String, String> regionProps) {
        return ChainConfig.testPostingSink(TOPIC, RIG.receiver(), "/acme/crm").tasks(2).deadLetterQueue(DLQ)
                .transform("tenant", ChainConfig.TENANT_ROUTER,
                        Map.of("tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}"))
                .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, regionProps)
                .keepOnly("onlyAcme", "isAcme", ChainConfig.TENANT_MATCHES, Map.of("tenants", "acme"))
                .build();
    }

    private static void setRegion(String tenant, String region) {
        RIG.kafka().produce(TestRecord.bytes(REGION_TOPIC, region.getBytes(StandardCharsets.UTF_8))
                .withKey(tenant));
    }

    /**
     * Produces the tenants' events interleaved round-robin over the partitions, plus one record whose key has
     * no tenant; returns the sequence numbers of the acme events.
     */
    private Set<Integer> produceInterleaved() {
        List<TestRecord> records = new ArrayList<>();
        Set<Integer> acme = new TreeSet<>();
        for (int i = 0; i < EVENTS_PER_TENANT_PER_PHASE; i++) {
            for (String tenant : TENANTS) {
                int seq = nextSeq++;
                if (tenant.equals("acme")) {
                    acme.add(seq);
                }
                records.add(TestRecord.json(TOPIC, "{\"tenant\":\"" + tenant + "\",\"seq\":" + seq + "}")
                        .withKey(tenant + ":call-" + seq)
                        .withPartition(seq % PARTITIONS));
            }
        }
        records.add(TestRecord.json(TOPIC, "{\"tenant\":null,\"seq\":" + nextSeq++ + "}")
                .withKey("no-tenant-in-this-key").withPartition(0));
        RIG.kafka().produce(records);
        return acme;
    }

    /**
     * Waits until the connector committed offsets up to the end of the topic: every record produced so far went
     * through the chain (delivered, or dropped by a filter, which commits its offset too).
     */
    private static void awaitProcessed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            latest.put(new TopicPartition(TOPIC, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        RIG.kafka().admin().listOffsets(latest).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        await("the connector processed every record").atMost(ConnectClusterHarness.STARTUP_TIMEOUT).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = RIG.kafka().admin()
                    .listConsumerGroupOffsets("connect-" + CONNECTOR).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                    && committed.get(end.getKey()).offset() >= end.getValue());
        });
    }

    private void awaitDelivered(Set<Integer> expected) {
        await("every acme event delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> deliveredSeqs().containsAll(expected));
        assertEveryDeliveredEventIsAcme();
    }

    /** Every event the receiver accepted, checked one by one: tenant header, key and payload all say acme. */
    private void assertEveryDeliveredEventIsAcme() {
        List<JsonNode> events = deliveredEvents();
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("headers").get(EventStreamHeaders.TENANT).asText()).isEqualTo("acme");
            assertThat(event.get("key").asText()).startsWith("acme:call-");
            JsonNode value = ReceivedEvents.postedValue(event);
            assertThat(value.get("tenant").asText()).isEqualTo("acme");
            assertThat(event.get("key").asText()).isEqualTo("acme:call-" + value.get("seq").asInt());
        });
    }

    private Set<Integer> deliveredSeqs() {
        Set<Integer> seqs = new TreeSet<>();
        for (JsonNode event : deliveredEvents()) {
            seqs.add(ReceivedEvents.postedValue(event).get("seq").asInt());
        }
        return seqs;
    }

    private static List<JsonNode> deliveredEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (ReceivedRequest request : RIG.receiver().acceptedRequests()) {
            assertThat(request.path()).isEqualTo("/acme/crm");
            request.bodyAsJson().forEach(events::add);
        }
        return events;
    }
}
