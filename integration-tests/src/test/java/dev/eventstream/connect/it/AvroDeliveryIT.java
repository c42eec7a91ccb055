package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Avro in, JSON out, on a real broker and worker into the real TLS receiver. Voice events encoded with
 * Apache Avro's own encoder, in Confluent framing (writer schema from a registry) and plain (reader schema
 * from the service team's .avsc in connector-configs), on topics produced with gzip, snappy and lz4
 * compression, are delivered as the same JSON as the same events sent as JSON; corrupt records go to the
 * DLQ with their reason while every other record arrives.
 */
class AvroDeliveryIT {

    private static final int SCHEMA_ID = VoiceSchemaRegistry.SCHEMA_ID;
    private static final int EVENTS_PER_TOPIC = 150;
    private static final Path SCHEMAS_DIR = Path.of("..", "connector-configs", "service-teams-topics").toAbsolutePath().normalize();
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();
    @RegisterExtension
    static final VoiceSchemaRegistry REGISTRY = new VoiceSchemaRegistry();

    @Test
    void deliversAvroAsTheSameJsonAsJsonAndCorruptRecordsToTheDlq() {
        Schema schema = AvroTestData.voiceSchema();
        Map<String, String> compressionByTopic = new LinkedHashMap<>();
        compressionByTopic.put("voice-avro-gzip", "gzip");
        compressionByTopic.put("voice-avro-snappy", "snappy");
        compressionByTopic.put("voice-avro-lz4", "lz4");
        compressionByTopic.put("voice-json", "none");
        compressionByTopic.keySet().forEach(topic -> RIG.kafka().createTopic(topic, 2));

        List<TestRecord> gzip = new ArrayList<>();
        List<TestRecord> snappy = new ArrayList<>();
        List<TestRecord> lz4 = new ArrayList<>();
        List<TestRecord> json = new ArrayList<>();
        for (int seq = 0; seq < EVENTS_PER_TOPIC; seq++) {
            GenericRecord event = AvroTestData.voiceEvent(schema, seq);
            String key = "acme:" + event.get("callThreadId");
            gzip.add(TestRecord.bytes("voice-avro-gzip", AvroTestData.confluent(SCHEMA_ID, event)).withKey(key));
            snappy.add(TestRecord.bytes("voice-avro-snappy", AvroTestData.confluent(SCHEMA_ID, event)).withKey(key));
            lz4.add(TestRecord.bytes("voice-avro-lz4", AvroTestData.plain(event)).withKey(key));
            json.add(TestRecord.json("voice-json", asJson(event).toString()).withKey(key));
        }
        byte[] framed = AvroTestData.confluent(SCHEMA_ID, AvroTestData.voiceEvent(schema, 9_999));
        byte[] wrongMagic = framed.clone();
        wrongMagic[0] = 7;
        byte[] unknownId = framed.clone();
        unknownId[4] = 99;
        gzip.add(50, TestRecord.bytes("voice-avro-gzip", wrongMagic).withKey("acme:corrupt-1"));
        snappy.add(70, TestRecord.bytes("voice-avro-snappy", Arrays.copyOf(framed, framed.length / 2)).withKey("acme:corrupt-2"));
        snappy.add(90, TestRecord.bytes("voice-avro-snappy", unknownId).withKey("acme:corrupt-3"));
        byte[] plain = AvroTestData.plain(AvroTestData.voiceEvent(schema, 9_998));
        lz4.add(30, TestRecord.bytes("voice-avro-lz4", Arrays.copyOf(plain, plain.length - 9)).withKey("acme:corrupt-4"));
        RIG.kafka().produce(gzip, "gzip");
        RIG.kafka().produce(snappy, "snappy");
        RIG.kafka().produce(lz4, "lz4");
        RIG.kafka().produce(json, "none");

        for (String topic : List.of("voice-avro-gzip", "voice-avro-snappy")) {
            RIG.rest().putConnectorConfig(connectorName(topic), endpoint(topic).values(ChainConfig.AVRO_CONVERTER)
                .with("value.converter.input.format", "confluent")
                .with("value.converter.schema.registry.url", REGISTRY.stub().url())
                .build());
        }
        RIG.rest().putConnectorConfig(connectorName("voice-avro-lz4"), endpoint("voice-avro-lz4").values(ChainConfig.AVRO_CONVERTER)
            .with("value.converter.input.format", "plain")
            .with("value.converter.schemas.dir", SCHEMAS_DIR.toString())
            .with("value.converter.schema.topic.voice-avro-lz4", "dev.eventstream.voice.CallThreadEvent")
            .build());
        RIG.rest().putConnectorConfig(connectorName("voice-json"), endpoint("voice-json").schemalessJsonValues().build());

        await("every event delivered on each endpoint").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> compressionByTopic.keySet().stream().allMatch(topic -> delivered(topic).size() == EVENTS_PER_TOPIC));

        Map<String, JsonNode> fromJson = bySequence(delivered("voice-json"));
        assertThat(fromJson).hasSize(EVENTS_PER_TOPIC);
        for (String topic : List.of("voice-avro-gzip", "voice-avro-snappy", "voice-avro-lz4")) {
            for (JsonNode event : delivered(topic)) {
                JsonNode expected = fromJson.get(event.get("sequence").asText());
                assertThat(event.equals(NUMERIC_VALUE, expected))
                    .as("%s event %s%n  got      %s%n  expected %s", topic, event.get("sequence"), event, expected)
                    .isTrue();
            }
        }
        // The rendering keeps what the Avro types say, exactly: a decimal's scale, a timestamp in ISO-8601 UTC.
        JsonNode first = bySequence(delivered("voice-avro-lz4")).get("1");
        assertThat(first.get("cost").decimalValue()).isEqualByComparingTo("0.1251");
        assertThat(first.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00.124Z");
        assertThat(first.get("agent").get("extension").isNull()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        deadLetters.addAll(RIG.kafka().read(dlq("voice-avro-gzip"), 1, ConnectClusterHarness.STARTUP_TIMEOUT));
        deadLetters.addAll(RIG.kafka().read(dlq("voice-avro-snappy"), 2, ConnectClusterHarness.STARTUP_TIMEOUT));
        deadLetters.addAll(RIG.kafka().read(dlq("voice-avro-lz4"), 1, ConnectClusterHarness.STARTUP_TIMEOUT));
        assertThat(deadLetters).hasSize(4);
        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            reasons.put(RecordText.key(record), RecordText.header(record, "__connect.errors.exception.message"));
            assertThat(RecordText.header(record, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        }
        assertThat(reasons.get("acme:corrupt-1")).contains("voice-avro-gzip").contains("magic byte");
        assertThat(reasons.get("acme:corrupt-2")).contains("voice-avro-snappy");
        assertThat(reasons.get("acme:corrupt-3")).contains("voice-avro-snappy").contains("99");
        assertThat(reasons.get("acme:corrupt-4")).contains("voice-avro-lz4");
        assertThat(REGISTRY.stub().requests()).contains("GET /schemas/ids/" + SCHEMA_ID);
    }

    private static String connectorName(String topic) {
        return "es-acme-" + topic;
    }

    private static String dlq(String topic) {
        return "es-dlq-acme-" + topic;
    }

    /** One endpoint per topic, so that what arrived can be told apart by path; it trusts the receiver from a JKS file. */
    private static ChainConfig endpoint(String topic) {
        return ChainConfig.httpsSink(topic).deadLetterQueue(dlq(topic))
            .deliverTo(RIG.receiver(), "/" + topic, TestCertificates.StoreType.JKS)
            .with("batch.linger.ms", "20");
    }

    /** The same logical event as a JSON-publishing service would write it. */
    private static ObjectNode asJson(GenericRecord event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", event.get("id").toString());
        json.put("callThreadId", event.get("callThreadId").toString());
        json.put("tenantId", event.get("tenantId").toString());
        json.put("timestamp", ISO_MILLIS.format(Instant.ofEpochMilli((Long) event.get("timestamp"))));
        json.put("sequence", (Long) event.get("sequence"));
        json.put("ANI", event.get("ANI") == null ? null : event.get("ANI").toString());
        json.putNull("DNIS");
        json.put("durationSeconds", (Integer) event.get("durationSeconds"));
        ByteBuffer cost = (ByteBuffer) event.get("cost");
        json.put("cost", new BigDecimal(new java.math.BigInteger(Arrays.copyOfRange(cost.array(), cost.position(), cost.limit())), 4));
        json.put("callType", event.get("callType").toString());
        GenericRecord agent = (GenericRecord) event.get("agent");
        ObjectNode agentJson = json.putObject("agent");
        agentJson.put("agentId", agent.get("agentId").toString());
        agentJson.put("extension", agent.get("extension") == null ? null : agent.get("extension").toString());
        ArrayNode skills = agentJson.putArray("skills");
        ((List<?>) agent.get("skills")).forEach(skill -> skills.add(skill.toString()));
        ArrayNode parties = json.putArray("parties");
        for (Object party : (List<?>) event.get("parties")) {
            GenericRecord record = (GenericRecord) party;
            parties.addObject()
                .put("number", record.get("number").toString())
                .put("role", record.get("role").toString())
                .put("joinedAt", ISO_MILLIS.format(Instant.ofEpochMilli((Long) record.get("joinedAt"))));
        }
        ObjectNode userData = json.putObject("UserData");
        ((Map<?, ?>) event.get("UserData")).forEach((k, v) -> userData.put(k.toString(), v.toString()));
        ObjectNode extensions = json.putObject("Extensions");
        ((Map<?, ?>) event.get("Extensions")).forEach((k, v) -> extensions.set(k.toString(), JSON.valueToTree(
            v instanceof GenericData.EnumSymbol || v instanceof CharSequence ? v.toString() : v)));
        return json;
    }

    /** Numbers compare by value (1.50 = 1.5), everything else exactly. */
    private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** The events the endpoint of this topic accepted, each once (a redelivery may repeat one). */
    private static List<JsonNode> delivered(String topic) {
        Map<String, JsonNode> unique = new LinkedHashMap<>();
        ReceivedEvents.accepted(RIG.receiver(), "/" + topic).forEach(event -> unique.putIfAbsent(event.get("sequence").asText(), event));
        return new ArrayList<>(unique.values());
    }

    private static Map<String, JsonNode> bySequence(List<JsonNode> events) {
        Map<String, JsonNode> map = new TreeMap<>();
        events.forEach(event -> map.put(event.get("sequence").asText(), event));
        return map;
    }
}
