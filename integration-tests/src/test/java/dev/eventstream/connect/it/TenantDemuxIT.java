package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant demux on a real broker and worker: five tenants' events interleaved on one topic; one
 * {@code TenantRouter} + {@code KafkaSinkConnector} (passthrough) re-publishes them to one topic per tenant
 * with the original coordinates in headers; the HTTPS endpoint connector of one tenant reads only its
 * topic and delivers CloudEvents whose ids are the original coordinates.
 */
class TenantDemuxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "voice-callthread";
    private static final int PARTITIONS = 3;
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    private static final int EVENTS_PER_TENANT = 60;

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;

    @BeforeAll
    static void start() {
        harness = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        harness.close();
    }

    @Test
    void demuxesToOneTopicPerTenantAndDownstreamIdsAreTheOriginalCoordinates() throws Exception {
        harness.kafka().createTopic(TOPIC, PARTITIONS);
        for (String tenant : TENANTS) {
            harness.kafka().createTopic(TOPIC + "." + tenant, 2);
        }
        List<TestRecord> records = new ArrayList<>();
        int seq = 0;
        for (int i = 0; i < EVENTS_PER_TENANT; i++) {
            for (String tenant : TENANTS) {
                // values are JSON with insignificant whitespace: passthrough must keep the exact bytes
                records.add(TestRecord.json(TOPIC, "{ \"id\": \"EventEstablished\", \"seq\": " + seq + ", \"tenant\": \"" + tenant + "\" }")
                    .withKey(key(tenant, seq % 7))
                    .withHeader("traceparent", "00-trace-" + seq + "-01"));
                seq++;
            }
        }
        harness.kafka().produce(records, "gzip");
        Map<Integer, ConsumerRecord<byte[], byte[]>> originals = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> original : harness.kafka().read(TOPIC, records.size(), ConnectClusterHarness.STARTUP_TIMEOUT)) {
            originals.put(JSON.readTree(original.value()).get("seq").asInt(), original);
        }
        assertThat(originals).hasSize(records.size());

        harness.rest().putConnectorConfig("es-demux-voice-callthread", demuxConfig());
        harness.rest().putConnectorConfig("es-acme-crm", httpsConfig());
        harness.rest().awaitRunning("es-demux-voice-callthread", 2, ConnectClusterHarness.STARTUP_TIMEOUT);

        for (String tenant : TENANTS) {
            List<ConsumerRecord<byte[], byte[]>> demuxed = harness.kafka().read(TOPIC + "." + tenant, EVENTS_PER_TENANT,
                ConnectClusterHarness.STARTUP_TIMEOUT);
            assertThat(demuxed).as(tenant).hasSize(EVENTS_PER_TENANT);
            Map<String, Integer> lastSeqByKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : demuxed) {
                int eventSeq = JSON.readTree(record.value()).get("seq").asInt();
                ConsumerRecord<byte[], byte[]> original = originals.get(eventSeq);
                assertThat(JSON.readTree(record.value()).get("tenant").asText()).isEqualTo(tenant);
                assertThat(record.value()).as("passthrough keeps the bytes").isEqualTo(original.value());
                assertThat(record.key()).isEqualTo(original.key());
                assertThat(header(record, "eventstream.source.topic")).isEqualTo(TOPIC);
                assertThat(header(record, "eventstream.source.partition")).isEqualTo(Integer.toString(original.partition()));
                assertThat(header(record, "eventstream.source.offset")).isEqualTo(Long.toString(original.offset()));
                assertThat(header(record, "eventstream.tenant")).isEqualTo(tenant);
                assertThat(header(record, "traceparent")).isEqualTo("00-trace-" + eventSeq + "-01");
                // a key's records share a source partition (key hash) and a target partition: their order holds
                String key = Arrays.toString(record.key());
                assertThat(eventSeq).as("order of key %s", key).isGreaterThan(lastSeqByKey.getOrDefault(key, -1));
                lastSeqByKey.put(key, eventSeq);
            }
        }

        Set<String> expectedIds = new TreeSet<>();
        originals.forEach((eventSeq, original) -> {
            if (eventSeq % TENANTS.size() == 0) {
                expectedIds.add(TOPIC + "-" + original.partition() + "-" + original.offset());
            }
        });
        await("acme's events delivered over HTTPS").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> deliveredIds().containsAll(expectedIds));
        assertThat(deliveredIds()).isEqualTo(expectedIds);
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            for (JsonNode event : request.bodyAsJson()) {
                assertThat(event.get("data").get("tenant").asText()).isEqualTo("acme");
            }
        }
        assertThat(harness.kafka().endOffsetSum(TOPIC + ".acme")).isEqualTo(EVENTS_PER_TENANT);
        // TenantRouter renames every record's topic; Connect commits the original partitions (KIP-793)
        await("the demux commits its source partitions to their end").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> committed("connect-es-demux-voice-callthread") == harness.kafka().endOffsetSum(TOPIC));
    }

    /** The offsets a consumer group committed, summed over its partitions. */
    private static long committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = harness.kafka().admin().listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** A binary key: the tenant as text, then bytes that are not UTF-8, which the demux must not alter. */
    private static byte[] key(String tenant, int call) {
        byte[] text = (tenant + ":call-" + call + ":").getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(text, text.length + 3);
        key[text.length] = (byte) 0xC3;
        key[text.length + 1] = 0x28;
        key[text.length + 2] = (byte) (0xF0 + call);
        return key;
    }

    private static Map<String, String> demuxConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("transforms", "tenant");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
        config.put("transforms.tenant.route.topic.template", "${topic}.${tenant}");
        config.put("target.bootstrap.servers", harness.bootstrapServers());
        config.put("value.format", "passthrough");
        config.put("headers.forward", "all");
        config.put("target.compression.type", "lz4");
        return config;
    }

    private static Map<String, String> httpsConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC + ".acme");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("http.url", receiver.url("/acme/crm"));
        config.put("body.format", "cloudevents");
        config.put("cloudevents.type.field", "id");
        config.put("batch.max.records", "25");
        config.put("batch.linger.ms", "50");
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString());
        config.put("ssl.truststore.type", "PEM");
        return config;
    }

    private static Set<String> deliveredIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            request.bodyAsJson().forEach(event -> ids.add(event.get("id").asText()));
        }
        return ids;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
