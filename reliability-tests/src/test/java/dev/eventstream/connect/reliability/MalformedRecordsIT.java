package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Malformed records interleaved with good events on one topic read by a tenant's HTTPS endpoint (one worker
 * JVM, 3 tasks), through the chain the renderer writes (TenantRouter on the key, then ConvertValue with the suite's
 * converter) and with the DLQ the control plane creates (its writes sized for 16 MiB records): invalid JSON, invalid
 * UTF-8, 10,000- and 100,000-deep nesting, a value larger than the endpoint's request limit, a key without a tenant,
 * a binary key, no key, and 10 MB values (a well-formed event, and one that is not JSON). Each malformed record is in
 * the DLQ with the stage and reason of its kind, every good event is delivered once and in order, no task dies, and the
 * committed offsets move past the bad records to the end of every partition. A second scenario does the same on an
 * Avro topic read through a schema registry: Avro garbage, a truncated datum, a schema id the registry does not know,
 * JSON where Confluent framing is expected. {@code -Dreliability.malformed.rounds} scales both and
 * {@code -Dreliability.malformed.huge.rounds} says in how many rounds two 10 MB values come: by default 20 rounds and
 * 2 of them make 144 malformed JSON records among 1,200 good ones and 80 malformed Avro records among 1,200 (about 10 s
 * of traffic); -Preliability runs 1,430 rounds and 10 with 10 MB values: 10,030 and 5,720 malformed records among
 * 85,800 good ones each.
 */
class MalformedRecordsIT {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedRecordsIT.class);
    private static final String TOPIC = "voice-mixed";
    private static final String CONNECTOR = "es-acme-mixed";
    private static final String DLQ = "es-dlq-acme-mixed";
    private static final int PARTITIONS = 3;
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final String JSON_CONVERTER = "dev.eventstream.connect.json.converter.JsonConverter";
    /** A 10 MB value: random text, which lz4 barely shrinks, so the topics' limits meet it at full size. */
    private static final int HUGE_VALUE_BYTES = 10 * 1000 * 1000;
    private static final int HUGE_TOPIC_BYTES = 12 * 1024 * 1024;
    private static final String DEEP = "10,000- or 100,000-deep nesting";
    private static final String HUGE_EVENT = "10 MB event";
    private static final String HUGE_NOT_JSON = "10 MB, not JSON";

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("malformed", 1).withReceiver();
    private static HttpsReceiver registry;

    @BeforeAll
    static void start() {
        registry = HttpsReceiver.start();
        registry.respondWith(AvroEvents::registry);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyMalformedRecordIsDeadLetteredWithItsReasonAndEveryGoodOneDelivered() {
        int rounds = Integer.getInteger("reliability.malformed.rounds", 20);
        int hugeRounds = Integer.getInteger("reliability.malformed.huge.rounds", 2);
        int hugeEvery = Math.max(1, rounds / Math.max(1, hugeRounds));
        long startedAt = System.nanoTime();
        RIG.cluster().createTopic(TOPIC, PARTITIONS, Map.of("max.message.bytes", Integer.toString(HUGE_TOPIC_BYTES)));
        Connectors.createDlq(RIG.cluster(), DLQ);
        Map<String, String> config = Connectors.convertingAfterRouting(
            Connectors.httpsEndpoint("acme", TOPIC, DLQ, RIG.receiver(), "/acme/crm"), JSON_CONVERTER);
        config.put("http.max.request.bytes", Integer.toString(MAX_REQUEST_BYTES));
        config.put("batch.max.bytes", Integer.toString(MAX_REQUEST_BYTES / 2));
        RIG.cluster().rest().putConnectorConfig(CONNECTOR, config);
        RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(CONNECTOR, 3, PARTITIONS);

        Ledger ledger = new Ledger();
        byte[] acmeKey = Traffic.key("acme", 0).getBytes(StandardCharsets.UTF_8);
        byte[] bigValue = ("{\"seq\":-1,\"tenant\":\"acme\",\"blob\":\"" + "x".repeat(MAX_REQUEST_BYTES * 2) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        byte[] deep = nested(10_000);
        byte[] deeper = nested(100_000);
        byte[] badUtf8 = concat("{\"tenant\":\"acme\",\"name\":\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.UTF_8));
        byte[] hugeEvent = hugeEvent();
        byte[] hugeBroken = Arrays.copyOf(hugeEvent, hugeEvent.length - 2);
        try (KafkaProducer<byte[], byte[]> producer = Traffic.largeRecordProducer(RIG.cluster().bootstrapServers(), HUGE_TOPIC_BYTES)) {
            Traffic traffic = new Traffic(producer, ledger);
            for (int round = 0; round < rounds; round++) {
                traffic.events(TOPIC, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER);
                int p = round % PARTITIONS;
                traffic.malformed(TOPIC, p, acmeKey, "{\"seq\":1, broken".getBytes(StandardCharsets.UTF_8), "acme", "invalid JSON");
                traffic.malformed(TOPIC, p, acmeKey, badUtf8, "acme", "invalid UTF-8");
                traffic.malformed(TOPIC, p, acmeKey, round % 2 == 0 ? deep : deeper, "acme", DEEP);
                traffic.malformed(TOPIC, p, acmeKey, bigValue, "acme", "value over http.max.request.bytes");
                traffic.misKeyed(TOPIC, p, "no-tenant-here".getBytes(StandardCharsets.UTF_8), "acme", "key without a tenant");
                traffic.misKeyed(TOPIC, p, new byte[] {(byte) 0xFF, 0, (byte) 0xFE}, "acme", "binary key");
                traffic.misKeyed(TOPIC, p, null, "acme", "no key");
                if (round % hugeEvery == 0 && round / hugeEvery < hugeRounds) {
                    traffic.malformed(TOPIC, p, acmeKey, hugeEvent, "acme", HUGE_EVENT);
                    traffic.malformed(TOPIC, p, acmeKey, hugeBroken, "acme", HUGE_NOT_JSON);
                }
                traffic.events(TOPIC, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER);
            }
        }
        assertEveryBadOneDeadLetteredAndEveryGoodOneDelivered("malformed", ledger, TOPIC, "/acme/crm", DLQ, CONNECTOR, rounds,
            startedAt, Map.of(
                "invalid JSON", "TRANSFORMATION: not well-formed JSON",
                "invalid UTF-8", "TRANSFORMATION: invalid UTF-8 at byte",
                DEEP, "TRANSFORMATION: nesting deeper than 1000 levels (max.depth)",
                "value over http.max.request.bytes", "TASK_PUT: more than http.max.request.bytes=" + MAX_REQUEST_BYTES,
                "key without a tenant", "TRANSFORMATION: Cannot determine the tenant",
                "binary key", "TRANSFORMATION: Cannot determine the tenant",
                "no key", "TRANSFORMATION: the record has no key",
                HUGE_EVENT, "TASK_PUT: more than http.max.request.bytes=" + MAX_REQUEST_BYTES,
                HUGE_NOT_JSON, "TRANSFORMATION: not well-formed JSON"));
    }

    /**
     * The same on an Avro topic read through a schema registry (the TLS receiver answering as one): Avro garbage, a
     * truncated datum, a schema id the registry does not know (404), and JSON where Confluent framing is expected.
     */
    @Test
    void avroGarbageAndUnknownSchemaIdsAreDeadLetteredWithTheirReasonAndEveryGoodOneDelivered() {
        String topic = "voice-mixed-avro";
        String connector = "es-acme-mixed-avro";
        String dlq = "es-dlq-acme-mixed-avro";
        int rounds = Integer.getInteger("reliability.malformed.rounds", 20);
        long startedAt = System.nanoTime();
        RIG.cluster().createTopic(topic, PARTITIONS);
        Connectors.createDlq(RIG.cluster(), dlq);
        Map<String, String> config = Connectors.convertingAfterRouting(
            Connectors.httpsEndpoint("acme", topic, dlq, RIG.receiver(), "/acme/avro"), "dev.eventstream.connect.avro.AvroConverter");
        config.put("transforms.convert.converter.input.format", "confluent");
        config.put("transforms.convert.converter.schema.registry.url", registry.url(""));
        config.put("transforms.convert.converter.schema.registry.ssl.truststore.location",
            registry.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("transforms.convert.converter.schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
        // As the renderer sets it for Avro: a registry that does not answer is waited for, never a reason for the DLQ.
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.max.delay.ms", "1000");
        RIG.cluster().rest().putConnectorConfig(connector, config);
        RIG.cluster().rest().awaitRunning(connector, 3, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(connector, 3, PARTITIONS);

        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        byte[] acmeKey = Traffic.key("acme", 0).getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < rounds; round++) {
            traffic.events(topic, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER, AvroEvents::event);
            int p = round % PARTITIONS;
            traffic.malformed(topic, p, acmeKey, AvroEvents.garbage(), "acme", "Avro garbage");
            traffic.malformed(topic, p, acmeKey, AvroEvents.truncated("acme", p), "acme", "truncated Avro");
            traffic.malformed(topic, p, acmeKey, AvroEvents.unknownSchemaId("acme", p), "acme", "unknown schema id");
            traffic.malformed(topic, p, acmeKey, Traffic.event(-1, "acme", p).getBytes(StandardCharsets.UTF_8), "acme",
                "JSON, not Confluent-framed");
            traffic.events(topic, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER, AvroEvents::event);
        }
        assertEveryBadOneDeadLetteredAndEveryGoodOneDelivered("malformed-avro", ledger, topic, "/acme/avro", dlq, connector,
            rounds, startedAt, Map.of(
                "Avro garbage", "TRANSFORMATION: corrupt payload",
                "truncated Avro", "TRANSFORMATION: truncated payload",
                "unknown schema id", "TRANSFORMATION: the schema registry does not know schema id 4242",
                "JSON, not Confluent-framed", "TRANSFORMATION: unknown magic byte 0x7b"));
    }

    private static void assertEveryBadOneDeadLetteredAndEveryGoodOneDelivered(String scenario, Ledger ledger, String topic,
                                                                              String path, String dlq, String connector,
                                                                              int rounds, long startedAt,
                                                                              Map<String, String> reasonByKind) {
        long good = ledger.count(Ledger.Fate.DELIVER);
        long bad = ledger.count(Ledger.Fate.DEAD_LETTER);
        Settle.until(() -> new DeliveryCheck(ledger, arrivals(path), List.of()).counts().delivered(),
            good, Duration.ofSeconds(15), Duration.ofSeconds(120));
        List<DeliveryCheck.DeadLetter> deadLetters = Traffic.deadLetters(RIG.cluster().kafka().read(dlq, (int) bad, Duration.ofSeconds(60)));

        DeliveryCheck check = new DeliveryCheck(ledger, arrivals(path), deadLetters);
        DeliveryCheck.Counts counts = check.counts();
        LOG.info("FAULT-MATRIX {} ({} rounds, {} s): {}", scenario, rounds,
            java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt), counts);
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(good);
        assertThat(counts.deadLettered()).as("dead-lettered").isEqualTo(bad);
        assertThat(counts.goodDeadLettered()).as("good events in the DLQ").isZero();
        assertThat(counts.badDelivered()).as("malformed records delivered").isZero();
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(check.unknownDeadLetters()).isEmpty();
        // Each kind of malformed record in the DLQ at its stage, with its reason: "STAGE: part of the message".
        Map<String, Long> byKind = new TreeMap<>();
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            String kind = ledger.at(deadLetter.partition(), deadLetter.offset()).kind();
            String[] expected = reasonByKind.get(kind).split(": ", 2);
            assertThat(deadLetter.stage()).as("stage of %s", kind).isEqualTo(expected[0]);
            assertThat(deadLetter.message()).as("reason of %s", kind).contains(expected[1]);
            byKind.merge(kind, 1L, Long::sum);
        });
        LOG.info("FAULT-MATRIX {} dead letters per kind: {}", scenario, byKind);
        JsonNode status = RIG.cluster().rest().connectorStatus(connector);
        assertThat(status.path("tasks")).hasSize(3).allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
        // Past every record, the bad ones included: a dead-lettered record is settled, so the offsets move on.
        await("offsets committed up to the end of every partition").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .untilAsserted(() -> assertThat(RIG.cluster().committedOffsets(connector)).isEqualTo(RIG.cluster().endOffsets(topic, PARTITIONS)));
    }

    /** The events that reached one endpoint path of the receiver (the scenarios share it). */
    private static List<DeliveryCheck.Arrival> arrivals(String path) {
        return Traffic.arrivals(RIG.receiver(), requestPath -> requestPath.equals(path) ? "acme" : null).stream()
            .filter(arrival -> arrival.endpointTenant() != null).toList();
    }

    /** {@code {"tenant":"acme","deep":[[[...]]]}} with {@code depth} nested arrays. */
    private static byte[] nested(int depth) {
        return ("{\"tenant\":\"acme\",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A well-formed event of 10 MB: a string of random base64 text. */
    private static byte[] hugeEvent() {
        byte[] random = new byte[HUGE_VALUE_BYTES * 3 / 4];
        new Random(42).nextBytes(random);
        return ("{\"seq\":-1,\"tenant\":\"acme\",\"id\":\"EventEstablished\",\"blob\":\""
            + Base64.getEncoder().encodeToString(random) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
