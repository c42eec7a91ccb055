package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.TestRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The suite's JSON conversion as a transform after tenant routing ({@code ConvertValue}), on a real broker and
 * worker, through the real HTTPS sink into the real TLS receiver:
 * <ul>
 *   <li>the endpoint chain (TenantRouter → InPrimaryRegion → ConvertValue → FieldMatches → FieldFilter) delivers
 *       the same events as the same chain behind Kafka's JsonConverter, except that big numbers and decimals arrive
 *       exact and fields in the order the platform wrote them (byte for byte); a malformed value of its own tenant
 *       lands in its DLQ, another tenant's never does;</li>
 *   <li>two endpoint connectors (acme, globex) on one topic, of JSON and then of Avro (ConvertValue wrapping the
 *       suite's AvroConverter): globex's corrupt records land in globex's DLQ only, acme's DLQ stays empty, and
 *       acme's connector converts acme's records only (its records-converted metric).</li>
 * </ul>
 */
class ConvertAfterRoutingIT {

    private static final int PARTITIONS = 3;
    private static final List<String> EVENT_TYPES = List.of("EventRinging", "EventEstablished", "EventReleased");
    private static final Set<String> SUBSCRIBED = Set.of("EventEstablished", "EventReleased");
    private static final Path SCHEMAS_DIR = Path.of("..", "connector-configs", "service-teams-topics").toAbsolutePath().normalize();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Numbers as written: BigDecimal with its scale, BigInteger beyond long. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();
    private static Path regions;

    @BeforeAll
    static void writeRegions() throws IOException {
        regions = Files.createTempFile("regions", ".json");
        Files.writeString(regions, "{\"acme\":\"eu-west\",\"globex\":\"eu-west\"}");
    }

    @AfterAll
    static void deleteRegions() throws IOException {
        Files.deleteIfExists(regions);
    }

    @Test
    void theEndpointChainDeliversWhatJsonConverterDeliversWithExactNumbersAndFieldOrder() throws Exception {
        String topic = "voice-callthread";
        RIG.kafka().createTopic(topic, PARTITIONS);
        List<TestRecord> records = new ArrayList<>();
        Map<Integer, String> expectedExact = new TreeMap<>();
        for (int seq = 0; seq < 90; seq++) {
            String tenant = seq % 2 == 0 ? "acme" : "globex";
            String type = EVENT_TYPES.get(seq % EVENT_TYPES.size());
            records.add(TestRecord.json(topic, event(seq, tenant, type, false)).withKey(tenant + ":call-" + seq)
                    .withPartition(seq % PARTITIONS));
            if (tenant.equals("acme") && SUBSCRIBED.contains(type)) {
                expectedExact.put(seq, event(seq, tenant, type, true));
            }
            if (seq == 40) {
                records.add(TestRecord.json(topic, "{\"id\":\"EventEstablished\", broken").withKey("acme:call-x")
                        .withPartition(1));
                records.add(TestRecord.json(topic, "{\"id\":\"EventEstablished\", broken").withKey("globex:call-x")
                        .withPartition(1));
            }
        }
        RIG.rest().putConnectorConfig("es-acme-crm-kafkajson",
                endpointConfig(topic, "acme", "/kafkajson", "es-dlq-acme-crm-kafkajson", false));
        RIG.rest().putConnectorConfig("es-acme-crm", endpointConfig(topic, "acme", "/exact", "es-dlq-acme-crm", true));
        RIG.awaitRunning("es-acme-crm-kafkajson", 2);
        RIG.awaitRunning("es-acme-crm", 2);
        RIG.kafka().produce(records, "snappy");

        await("every subscribed acme event delivered by both connectors").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> delivered("/exact").keySet().containsAll(expectedExact.keySet())
                        && delivered("/kafkajson").keySet().containsAll(expectedExact.keySet()));
        Map<Integer, String> exact = delivered("/exact");
        Map<Integer, String> kafkaJson = delivered("/kafkajson");

        // the suite's conversion: byte for byte what the platform wrote, PII removed; numbers and order kept
        assertThat(exact).isEqualTo(expectedExact);
        // Kafka's JsonConverter: the same events and the same content, except the numbers it cannot keep
        assertThat(kafkaJson.keySet()).isEqualTo(exact.keySet());
        for (Map.Entry<Integer, String> entry : exact.entrySet()) {
            ObjectNode ours = (ObjectNode) EXACT.readTree(entry.getValue());
            ObjectNode theirs = (ObjectNode) EXACT.readTree(kafkaJson.get(entry.getKey()));
            assertThat(theirs.get("CallId").toString()).isNotEqualTo(ours.get("CallId").toString());
            assertThat(theirs.get("Amount").toString()).isNotEqualTo(ours.get("Amount").toString());
            ours.remove(List.of("CallId", "Amount"));
            theirs.remove(List.of("CallId", "Amount"));
            assertThat(theirs).as("event %d", entry.getKey()).isEqualTo(ours);
        }
        assertThat(fieldNames(kafkaJson.values().iterator().next()))
                .as("Kafka's JsonConverter hands the sink a HashMap").isNotEqualTo(fieldNames(exact.values().iterator().next()));

        // malformed values: behind JsonConverter both tenants' land in acme's DLQ; after routing only acme's does
        List<ConsumerRecord<byte[], byte[]>> kafkaJsonDlq = RIG.kafka().read("es-dlq-acme-crm-kafkajson", 2,
                ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(kafkaJsonDlq).extracting(RecordText::key)
                .containsExactlyInAnyOrder("acme:call-x", "globex:call-x");
        List<ConsumerRecord<byte[], byte[]>> dlq = RIG.kafka().read("es-dlq-acme-crm", 1,
                ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(dlq).singleElement().satisfies(dead -> {
            assertThat(RecordText.key(dead)).isEqualTo("acme:call-x");
            assertThat(RecordText.header(dead, "__connect.errors.stage")).isEqualTo("TRANSFORMATION");
            assertThat(RecordText.header(dead, "__connect.errors.class.name")).isEqualTo("dev.eventstream.connect.convert.ConvertValue");
            assertThat(RecordText.header(dead, "__connect.errors.exception.message")).startsWith("Cannot convert the value of "
                    + "record (topic voice-callthread, partition 1, offset ").contains("with JsonConverter: JSON value "
                    + "of topic 'voice-callthread' cannot be read: not well-formed JSON");
        });
        assertThat(RIG.kafka().endOffsetSum("es-dlq-acme-crm")).isEqualTo(1);
        RIG.rest().deleteConnector("es-acme-crm-kafkajson");
        RIG.rest().deleteConnector("es-acme-crm");
    }

    @Test
    void anotherTenantsCorruptJsonNeverReachesThisEndpointAndIsNeverParsedByIt() throws Exception {
        String topic = "voice-agentstate";
        List<byte[]> corrupt = List.of(utf8("{\"id\":\"EventAgentReady\", broken"), utf8("{\"id\":1} {\"id\":2}"),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                utf8("[".repeat(1001) + "]".repeat(1001)), utf8("{\"n\":1e10000}"));
        Map<Integer, String> acmeEvents = twoTenantsOneTopic(topic, seq -> utf8("{\"id\":\"EventAgentReady\",\"seq\":" + seq
                + ",\"tenant\":\"" + tenant(seq) + "\",\"Balance\":98765432109876543210.50}"), corrupt, Map.of(), "seq");
        assertThat(acmeEvents.values()).allMatch(json -> json.contains("\"tenant\":\"acme\"")
                && json.endsWith("\"Balance\":98765432109876543210.50}"));
    }

    @Test
    void anotherTenantsCorruptAvroNeverReachesThisEndpointAndIsNeverParsedByIt() throws Exception {
        String topic = "voice-callthread-avro";
        Schema schema = AvroTestData.voiceSchema();
        byte[] valid = AvroTestData.plain(AvroTestData.voiceEvent(schema, 7));
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
        List<byte[]> corrupt = List.of(Arrays.copyOf(valid, valid.length / 2), trailing, utf8("{\"not\":\"avro\"}"),
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F}, new byte[] {0x02});
        Map<String, String> avro = Map.of(
                "transforms.convert.converter", "dev.eventstream.connect.avro.AvroConverter",
                "transforms.convert.converter.input.format", "plain",
                "transforms.convert.converter.schemas.dir", SCHEMAS_DIR.toString(),
                "transforms.convert.converter.schema.topic." + topic, "dev.eventstream.voice.CallThreadEvent");
        Map<Integer, String> acmeEvents = twoTenantsOneTopic(topic,
                seq -> AvroTestData.plain(AvroTestData.voiceEvent(schema, seq)), corrupt, avro, "sequence");
        assertThat(acmeEvents.values()).allMatch(json -> json.startsWith("{\"id\":\"EventEstablished\",\"callThreadId\":"));
    }

    /**
     * Endpoint connectors of acme and globex read one topic with ConvertValue after TenantRouter: each tenant gets
     * exactly its records (even seqs acme, odd globex), globex's corrupt records go to globex's DLQ and nowhere
     * else, and each connector converted exactly its own tenant's records. Returns acme's delivered events.
     */
    private Map<Integer, String> twoTenantsOneTopic(String topic, IntFunction<byte[]> event, List<byte[]> corrupt,
                                                    Map<String, String> conversion, String seqField) throws Exception {
        RIG.kafka().createTopic(topic, PARTITIONS);
        int perTenant = 60;
        List<TestRecord> records = new ArrayList<>();
        for (int seq = 0; seq < perTenant * 2; seq++) {
            records.add(TestRecord.bytes(topic, event.apply(seq)).withKey(tenant(seq) + ":call-" + seq)
                    .withPartition(seq % PARTITIONS));
            if (seq % 24 == 5) { // all before the last records of every partition
                int index = seq / 24;
                records.add(TestRecord.bytes(topic, corrupt.get(index)).withKey("globex:corrupt-" + index)
                        .withPartition(seq % PARTITIONS));
            }
        }
        for (String tenant : List.of("acme", "globex")) {
            ChainConfig chain = convertAfterRouting(routedTo(topic, tenant, "/" + topic + "/" + tenant,
                    "es-dlq-" + tenant + "-" + topic));
            conversion.forEach(chain::with);
            RIG.rest().putConnectorConfig("es-" + tenant + "-" + topic, chain.build());
        }
        String acme = "es-acme-" + topic;
        String globex = "es-globex-" + topic;
        RIG.awaitRunning(acme, 2);
        RIG.awaitRunning(globex, 2);
        RIG.kafka().produce(records, "lz4"); // after the tasks started: no restart resets the metrics midway

        Set<Integer> acmeSeqs = new TreeSet<>();
        Set<Integer> globexSeqs = new TreeSet<>();
        for (int seq = 0; seq < perTenant * 2; seq++) {
            (seq % 2 == 0 ? acmeSeqs : globexSeqs).add(seq);
        }
        await("both tenants' events delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> delivered("/" + topic + "/acme", seqField).size() == perTenant
                        && delivered("/" + topic + "/globex", seqField).size() == perTenant);
        Map<Integer, String> acmeEvents = delivered("/" + topic + "/acme", seqField);
        assertThat(acmeEvents.keySet()).isEqualTo(acmeSeqs);
        assertThat(delivered("/" + topic + "/globex", seqField).keySet()).isEqualTo(globexSeqs);

        List<ConsumerRecord<byte[], byte[]>> globexDlq = RIG.kafka().read("es-dlq-globex-" + topic, corrupt.size(),
                ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(globexDlq).hasSize(corrupt.size()).allSatisfy(dead -> {
            assertThat(RecordText.key(dead)).startsWith("globex:corrupt-");
            assertThat(RecordText.header(dead, "__connect.errors.stage")).isEqualTo("TRANSFORMATION");
            assertThat(RecordText.header(dead, "__connect.errors.exception.message")).startsWith("Cannot convert the value of record "
                    + "(topic " + topic + ", partition 2, offset ");
        });
        assertThat(globexDlq).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(corrupt);
        // acme's task read past every corrupt record (its last events are after them) and reported none
        assertThat(RIG.kafka().endOffsetSum("es-dlq-acme-" + topic)).isZero();

        await("metrics of both connectors").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .untilAsserted(() -> assertThat(metric(globex, "conversion-failures-total"))
                        .as("plugin MBeans %s", ManagementFactory.getPlatformMBeanServer()
                                .queryNames(new ObjectName("kafka.connect:type=plugins,*"), null))
                        .isEqualTo(corrupt.size()));
        assertThat(metric(acme, "records-converted-total")).as("acme parses acme's records only").isEqualTo(perTenant);
        assertThat(metric(acme, "conversion-failures-total")).isZero();
        assertThat(metric(globex, "records-converted-total")).isEqualTo(perTenant);
        RIG.rest().deleteConnector(acme);
        RIG.rest().deleteConnector(globex);
        return acmeEvents;
    }

    private static String tenant(int seq) {
        return seq % 2 == 0 ? "acme" : "globex";
    }

    /** The endpoint chain; with {@code convertAfterRouting} the value converter is ConvertValue after the router. */
    private static Map<String, String> endpointConfig(String topic, String tenant, String path, String dlq,
                                                      boolean convertAfterRouting) {
        ChainConfig chain = routedTo(topic, tenant, path, dlq)
                .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, Endpoints.regionsFile(regions));
        if (convertAfterRouting) {
            convertAfterRouting(chain);
        } else {
            chain.schemalessJsonValues();
        }
        return chain.keepOnly("subscribed", "isSubscribed", ChainConfig.FIELD_MATCHES,
                        Map.of("field", "id", "values", String.join(",", SUBSCRIBED)))
                .transform("pii", ChainConfig.FIELD_FILTER_VALUE, Endpoints.pii("ANI"))
                .build();
    }

    /** The tenant's endpoint of {@code topic} up to its router: 2 tasks, batches of 25. */
    private static ChainConfig routedTo(String topic, String tenant, String path, String dlq) {
        return Endpoints.tenantEndpoint(topic, tenant, RIG.receiver(), path, dlq).tasks(2).with("batch.max.records", "25");
    }

    /** Values reach the chain as bytes; ConvertValue, next in the chain, converts them. */
    private static ChainConfig convertAfterRouting(ChainConfig chain) {
        return chain.values(ChainConfig.BYTE_ARRAY_CONVERTER).transform("convert", ChainConfig.CONVERT_VALUE, Map.of());
    }

    /**
     * An event in the platform's field order (not alphabetical) with numbers no double holds; {@code delivered}: as
     * the endpoint must receive it, PII masked, dropped and hashed.
     */
    private static String event(int seq, String tenant, String type, boolean delivered) throws GeneralSecurityException {
        String email = "customer" + seq + "@mail.example";
        return "{\"id\":\"" + type + "\",\"EventSequenceNumber\":" + (1000 + seq) + ",\"tenant\":\"" + tenant + "\","
                + "\"seq\":" + seq + ",\"CallId\":1234567890123456789012" + String.format("%03d", seq) + ","
                + "\"Amount\":98765432109876543" + seq + ".10,\"Ratio\":0.5,"
                + "\"ANI\":\"" + (delivered ? "****" : String.format("+4930%07d", seq)) + "\","
                + "\"UserData\":{" + (delivered ? "" : "\"CreditCard\":\"4111111111" + String.format("%06d", seq) + "\",")
                + "\"Language\":\"en\"},"
                + "\"Extensions\":{\"CustomerEmail\":\"" + (delivered ? Endpoints.hashed(email) : email) + "\",\"Queue\":\"support\"}}";
    }

    /** Events delivered to {@code path}, by seq, each as the exact JSON text the receiver got (first delivery). */
    private static Map<Integer, String> delivered(String path) throws IOException {
        return delivered(path, "seq");
    }

    private static Map<Integer, String> delivered(String path, String seqField) throws IOException {
        Map<Integer, String> events = new TreeMap<>();
        for (ReceivedRequest request : RIG.receiver().acceptedRequests()) {
            if (!request.path().equals(path)) {
                continue;
            }
            byte[] body = request.body();
            try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
                parser.nextToken(); // the batch array
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    String json = new String(body, start, end - start, StandardCharsets.UTF_8);
                    events.putIfAbsent(MAPPER.readTree(json).get(seqField).asInt(), json);
                }
            }
        }
        return events;
    }

    private static List<String> fieldNames(String json) throws IOException {
        List<String> names = new ArrayList<>();
        JsonNode node = MAPPER.readTree(json);
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The sum over the connector's tasks of a ConvertValue metric (alias "convert"), read from JMX. */
    private static double metric(String connector, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName bean : server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null)) {
            if (connector.equals(bean.getKeyProperty("connector"))
                    && "convert".equals(bean.getKeyProperty("transformation"))) {
                sum += ((Number) server.getAttribute(bean, name)).doubleValue();
            }
        }
        return sum;
    }
}
