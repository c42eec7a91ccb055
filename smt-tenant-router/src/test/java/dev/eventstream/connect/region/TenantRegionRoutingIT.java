package dev.eventstream.connect.region;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;
    private int nextSeq;

    @BeforeAll
    static void start() {
        harness = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
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
    void deliversEveryEventOfItsTenantOnlyWhileThisIsItsPrimaryRegion() throws Exception {
        harness.kafka().createTopic(TOPIC, PARTITIONS);
        harness.kafka().createTopic(REGION_TOPIC, 1, Map.of("cleanup.policy", "compact"));
        // Every tenant is primary here at first, so the look-alikes pass the region filter and only
        // TenantMatches stands between them and acme's endpoint.
        TENANTS.forEach(tenant -> setRegion(tenant, "eu-west"));

        Map<String, String> predicateProps = regionPredicateProps();
        harness.rest().putConnectorConfig(CONNECTOR, connectorConfig(predicateProps));
        harness.rest().awaitRunning(CONNECTOR, 2, ConnectClusterHarness.STARTUP_TIMEOUT);

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

        List<ConsumerRecord<byte[], byte[]>> deadLetters = harness.kafka().read(DLQ, 3, Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize(3).allSatisfy(record -> {
            String message = header(record, "__connect.errors.exception.message");
            assertThat(message).contains("Cannot determine the tenant of record (topic " + TOPIC + ", partition ")
                    .contains("{tenant_id}:{callthread_id}");
        });
        harness.rest().deleteConnector(CONNECTOR);
    }

    private static Map<String, String> regionPredicateProps() {
        Map<String, String> props = new HashMap<>();
        props.put("region.local", "eu-west");
        props.put("region.source", "kafka");
        props.put("region.kafka.bootstrap.servers", harness.bootstrapServers());
        props.put("region.kafka.topic", REGION_TOPIC);
        props.put("region.refresh.interval.ms", "500");
        props.put("region.unknown.tenant", "drop");
        return props;
    }

    private static Map<String, String> connectorConfig(Map<String, String> regionProps) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.testing.connector.TestPostingSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", TOPIC);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("test.url", receiver.url("/acme/crm"));
        config.put("test.truststore.location",
                receiver.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("test.truststore.password", TestCertificates.PASSWORD);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");

        config.put("transforms", "tenant,primaryRegion,onlyAcme");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
        config.put("transforms.primaryRegion.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.primaryRegion.predicate", "inPrimaryRegion");
        config.put("transforms.primaryRegion.negate", "true");
        config.put("transforms.onlyAcme.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.onlyAcme.predicate", "isAcme");
        config.put("transforms.onlyAcme.negate", "true");

        config.put("predicates", "inPrimaryRegion,isAcme");
        config.put("predicates.inPrimaryRegion.type", "dev.eventstream.connect.region.InPrimaryRegion");
        regionProps.forEach((key, value) -> config.put("predicates.inPrimaryRegion." + key, value));
        config.put("predicates.isAcme.type", "dev.eventstream.connect.tenant.TenantMatches");
        config.put("predicates.isAcme.tenants", "acme");
        return config;
    }

    private static void setRegion(String tenant, String region) {
        harness.kafka().produce(TestRecord.bytes(REGION_TOPIC, region.getBytes(StandardCharsets.UTF_8))
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
        harness.kafka().produce(records);
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
        harness.kafka().admin().listOffsets(latest).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        await("the connector processed every record").atMost(ConnectClusterHarness.STARTUP_TIMEOUT).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = harness.kafka().admin()
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
            JsonNode value = parse(event.get("value").asText());
            assertThat(value.get("tenant").asText()).isEqualTo("acme");
            assertThat(event.get("key").asText()).isEqualTo("acme:call-" + value.get("seq").asInt());
        });
    }

    private Set<Integer> deliveredSeqs() {
        Set<Integer> seqs = new TreeSet<>();
        for (JsonNode event : deliveredEvents()) {
            seqs.add(parse(event.get("value").asText()).get("seq").asInt());
        }
        return seqs;
    }

    private static List<JsonNode> deliveredEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            assertThat(request.path()).isEqualTo("/acme/crm");
            request.bodyAsJson().forEach(events::add);
        }
        return events;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
