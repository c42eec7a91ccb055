package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.SinkOffsets;
import dev.eventstream.connect.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();

    @Test
    void demuxesToOneTopicPerTenantAndDownstreamIdsAreTheOriginalCoordinates() throws Exception {
        RIG.kafka().createTopic(TOPIC, PARTITIONS);
        for (String tenant : TENANTS) {
            RIG.kafka().createTopic(TOPIC + "." + tenant, 2);
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
        RIG.kafka().produce(records, "gzip");
        Map<Integer, ConsumerRecord<byte[], byte[]>> originals = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> original : RIG.kafka().read(TOPIC, records.size(), ConnectClusterHarness.STARTUP_TIMEOUT)) {
            originals.put(JSON.readTree(original.value()).get("seq").asInt(), original);
        }
        assertThat(originals).hasSize(records.size());

        RIG.rest().putConnectorConfig("es-demux-voice-callthread", demuxConfig());
        RIG.rest().putConnectorConfig("es-acme-crm", httpsConfig());
        RIG.awaitRunning("es-demux-voice-callthread", 2);

        for (String tenant : TENANTS) {
            List<ConsumerRecord<byte[], byte[]>> demuxed = RIG.kafka().read(TOPIC + "." + tenant, EVENTS_PER_TENANT,
                ConnectClusterHarness.STARTUP_TIMEOUT);
            assertThat(demuxed).as(tenant).hasSize(EVENTS_PER_TENANT);
            Map<String, Integer> lastSeqByKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : demuxed) {
                int eventSeq = JSON.readTree(record.value()).get("seq").asInt();
                ConsumerRecord<byte[], byte[]> original = originals.get(eventSeq);
                assertThat(JSON.readTree(record.value()).get("tenant").asText()).isEqualTo(tenant);
                assertThat(record.value()).as("passthrough keeps the bytes").isEqualTo(original.value());
                assertThat(record.key()).isEqualTo(original.key());
                assertThat(RecordText.header(record, "eventstream.source.topic")).isEqualTo(TOPIC);
                assertThat(RecordText.header(record, "eventstream.source.partition")).isEqualTo(Integer.toString(original.partition()));
                assertThat(RecordText.header(record, "eventstream.source.offset")).isEqualTo(Long.toString(original.offset()));
                assertThat(RecordText.header(record, "eventstream.tenant")).isEqualTo(tenant);
                assertThat(RecordText.header(record, "traceparent")).isEqualTo("00-trace-" + eventSeq + "-01");
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
        for (JsonNode event : ReceivedEvents.accepted(RIG.receiver())) {
            assertThat(event.get("data").get("tenant").asText()).isEqualTo("acme");
        }
        assertThat(RIG.kafka().endOffsetSum(TOPIC + ".acme")).isEqualTo(EVENTS_PER_TENANT);
        // TenantRouter renames every record's topic; Connect commits the original partitions (KIP-793)
        await("the demux commits its source partitions to their end").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> SinkOffsets.committedSum(RIG.kafka(), "es-demux-voice-callthread") == RIG.kafka().endOffsetSum(TOPIC));
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
        Map<String, String> tenantInKey = Map.of("tenant.source", "key", "tenant.template", Endpoints.KEY_TEMPLATE);
        return Endpoints.demux(TOPIC, RIG.cluster().bootstrapServers(), tenantInKey)
            .tasks(2).keys(ChainConfig.BYTE_ARRAY_CONVERTER).headers(ChainConfig.BYTE_ARRAY_CONVERTER)
            .with("headers.forward", "all").with("target.compression.type", "lz4")
            .build();
    }

    private static Map<String, String> httpsConfig() {
        return Endpoints.cloudEventsEndpoint(TOPIC + ".acme", RIG.receiver(), "/acme/crm").with("batch.max.records", "25").build();
    }

    private static Set<String> deliveredIds() {
        Set<String> ids = new TreeSet<>();
        ReceivedEvents.accepted(RIG.receiver()).forEach(event -> ids.add(event.get("id").asText()));
        return ids;
    }
}
