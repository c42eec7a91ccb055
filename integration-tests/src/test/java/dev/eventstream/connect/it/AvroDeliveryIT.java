package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.avro.RegistryStub;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Avro in, JSON out, on a real broker and worker into the real TLS receiver. Voice events encoded with
 * Apache Avro's own encoder, in Confluent framing (writer schema from a registry) and plain (reader schema
 * from the service team's .avsc in connector-configs), on topics produced with gzip, snappy and lz4
 * compression, are delivered as the same JSON as the same events sent as JSON; corrupt records go to the
 * DLQ with their reason while every other record arrives.
 */
class AvroDeliveryIT {

    private static final int SCHEMA_ID = 42;
    private static final int EVENTS_PER_TOPIC = 150;
    private static final Path SCHEMAS_DIR = Path.of("..", "connector-configs", "service-teams-topics").toAbsolutePath().normalize();
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;
    private static RegistryStub registry;

    @BeforeAll
    static void start() throws Exception {
        harness = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
        registry = RegistryStub.http().register(SCHEMA_ID, AvroTestData.voiceSchema());
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        receiver.close();
        harness.close();
    }

    @Test
    void deliversAvroAsTheSameJsonAsJsonAndCorruptRecordsToTheDlq() {
        Schema schema = AvroTestData.voiceSchema();
        Map<String, String> compressionByTopic = new LinkedHashMap<>();
        compressionByTopic.put("voice-avro-gzip", "gzip");
        compressionByTopic.put("voice-avro-snappy", "snappy");
        compressionByTopic.put("voice-avro-lz4", "lz4");
        compressionByTopic.put("voice-json", "none");
        compressionByTopic.keySet().forEach(topic -> harness.kafka().createTopic(topic, 2));

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
        harness.kafka().produce(gzip, "gzip");
        harness.kafka().produce(snappy, "snappy");
        harness.kafka().produce(lz4, "lz4");
        harness.kafka().produce(json, "none");

        for (String topic : List.of("voice-avro-gzip", "voice-avro-snappy")) {
            Map<String, String> framedConfig = sinkConfig(topic);
            framedConfig.put("value.converter", "dev.eventstream.connect.avro.AvroConverter");
            framedConfig.put("value.converter.input.format", "confluent");
            framedConfig.put("value.converter.schema.registry.url", registry.url());
            harness.rest().putConnectorConfig(connectorName(topic), framedConfig);
        }
        Map<String, String> plainConfig = sinkConfig("voice-avro-lz4");
        plainConfig.put("value.converter", "dev.eventstream.connect.avro.AvroConverter");
        plainConfig.put("value.converter.input.format", "plain");
        plainConfig.put("value.converter.schemas.dir", SCHEMAS_DIR.toString());
        plainConfig.put("value.converter.schema.topic.voice-avro-lz4", "dev.eventstream.voice.CallThreadEvent");
        harness.rest().putConnectorConfig(connectorName("voice-avro-lz4"), plainConfig);
        Map<String, String> asJson = sinkConfig("voice-json");
        asJson.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        asJson.put("value.converter.schemas.enable", "false");
        harness.rest().putConnectorConfig(connectorName("voice-json"), asJson);

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
        deadLetters.addAll(harness.kafka().read(dlq("voice-avro-gzip"), 1, ConnectClusterHarness.STARTUP_TIMEOUT));
        deadLetters.addAll(harness.kafka().read(dlq("voice-avro-snappy"), 2, ConnectClusterHarness.STARTUP_TIMEOUT));
        deadLetters.addAll(harness.kafka().read(dlq("voice-avro-lz4"), 1, ConnectClusterHarness.STARTUP_TIMEOUT));
        assertThat(deadLetters).hasSize(4);
        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            reasons.put(new String(record.key(), StandardCharsets.UTF_8), header(record, "__connect.errors.exception.message"));
            assertThat(header(record, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        }
        assertThat(reasons.get("acme:corrupt-1")).contains("voice-avro-gzip").contains("magic byte");
        assertThat(reasons.get("acme:corrupt-2")).contains("voice-avro-snappy");
        assertThat(reasons.get("acme:corrupt-3")).contains("voice-avro-snappy").contains("99");
        assertThat(reasons.get("acme:corrupt-4")).contains("voice-avro-lz4");
        assertThat(registry.requests()).contains("GET /schemas/ids/" + SCHEMA_ID);
    }

    private static String connectorName(String topic) {
        return "es-acme-" + topic;
    }

    private static String dlq(String topic) {
        return "es-dlq-acme-" + topic;
    }

    /** One endpoint per topic, so that what arrived can be told apart by path. */
    private static Map<String, String> sinkConfig(String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq(topic));
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("http.url", receiver.url("/" + topic));
        config.put("batch.linger.ms", "20");
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.JKS).toString());
        config.put("ssl.truststore.type", "JKS");
        config.put("ssl.truststore.password", TestCertificates.PASSWORD);
        return config;
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
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            if (request.path().equals("/" + topic)) {
                request.bodyAsJson().forEach(event -> unique.putIfAbsent(event.get("sequence").asText(), event));
            }
        }
        return new ArrayList<>(unique.values());
    }

    private static Map<String, JsonNode> bySequence(List<JsonNode> events) {
        Map<String, JsonNode> map = new TreeMap<>();
        events.forEach(event -> map.put(event.get("sequence").asText(), event));
        return map;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
