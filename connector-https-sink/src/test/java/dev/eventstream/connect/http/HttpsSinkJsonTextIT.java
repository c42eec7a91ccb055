package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code value.encoding=json} on a real Connect worker against the real TLS receiver: NDJSON framing of JSON text. */
class HttpsSinkJsonTextIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();

    @Test
    void prettyPrintedJsonTextArrivesAsOneNdjsonLinePerRecordAndInvalidTextInTheDlq() throws Exception {
        String topic = "it-ndjson-text";
        String dlq = "es-dlq-it-ndjson-text";
        RIG.kafka().createTopic(topic, 1);
        RIG.kafka().createTopic(dlq, 1);
        List<TestRecord> records = new ArrayList<>();
        Map<Integer, String> produced = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            String event = "{\n  \"id\" : \"0-" + i + "\",\n  \"note\" : \"line one\\nline two\",\n  \"n\" : [ " + i
                    + ", {\n    \"big\" : 12345678901234567890123\n  } ]\n}\n";
            String value = i % 10 == 3 ? "{\"id\":\"0-" + i + "\"}{}" : i % 2 == 0 ? event : event.replace("\n", "\r\n");
            if (i % 10 != 3) {
                produced.put(i, event);
            }
            records.add(TestRecord.json(topic, value));
        }
        RIG.kafka().produce(records);
        Map<String, String> config = HttpsSinkDeliveryIT.connectorConfig(topic, RIG.receiver().url("/ndjson-text"),
                RIG.receiver().certificates());
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.encoding", "json");
        config.put("body.format", "ndjson");
        config.put("batch.max.records", "7");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        RIG.rest().putConnectorConfig("es-it-ndjson-text", config);

        List<String> lines = new ArrayList<>();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            lines.clear();
            RIG.receiver().requests().stream().filter(r -> r.path().equals("/ndjson-text")).forEach(request -> {
                assertThat(request.header("Content-Type")).startsWith("application/x-ndjson");
                assertThat(request.bodyAsString()).endsWith("\n");
                lines.addAll(List.of(request.bodyAsString().split("\n")));
            });
            assertThat(lines).hasSize(produced.size());
        });
        ObjectMapper mapper = new ObjectMapper();
        List<String> expectedIds = produced.keySet().stream().map(i -> "0-" + i).toList();
        assertThat(lines).extracting(line -> mapper.readTree(line).get("id").asText()).containsExactlyElementsOf(expectedIds);
        int at = 0;
        for (String event : produced.values()) {
            assertThat(mapper.readTree(lines.get(at++))).isEqualTo(mapper.readTree(event));
        }
        List<ConsumerRecord<byte[], byte[]>> dead = RIG.kafka().read(dlq, 3, TIMEOUT);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"id\":\"0-3\"}{}", "{\"id\":\"0-13\"}{}", "{\"id\":\"0-23\"}{}");
        assertThat(dead).allSatisfy(r -> assertThat(new String(
                r.headers().lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8))
                .contains("Cannot render record as JSON", "Expected one JSON value, found more after it"));
        RIG.rest().deleteConnector("es-it-ndjson-text");
    }

}
