package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Malformed records interleaved with good events on one topic read by a tenant's HTTPS endpoint (one worker
 * JVM, 3 tasks): invalid JSON, invalid UTF-8, 5,000-deep nesting, a value larger than the endpoint's request
 * limit, a key without a tenant, a binary key, no key. Each malformed record is in the DLQ with its stage and
 * reason, every good event is delivered once and in order, no task dies, and the committed offsets move past the bad
 * records to the end of every partition. A second scenario does the same on an Avro topic read through a schema
 * registry: Avro garbage, a truncated datum, a schema id the registry does not know, JSON where Confluent framing is
 * expected. {@code -Dreliability.malformed.rounds} scales both: the default 20 rounds make 140 malformed JSON records
 * among 1,200 good ones and 80 malformed Avro records among 1,200 (about 25 s in all); -Preliability runs 1,430 rounds,
 * 10,010 and 5,720 malformed records among 85,800 good ones each.
 */
class MalformedRecordsIT {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedRecordsIT.class);
    private static final String TOPIC = "voice-mixed";
    private static final String CONNECTOR = "es-acme-mixed";
    private static final String DLQ = "es-dlq-acme-mixed";
    private static final int PARTITIONS = 3;
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

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
        long startedAt = System.nanoTime();
        RIG.cluster().createTopic(TOPIC, PARTITIONS, Map.of("max.message.bytes", Integer.toString(2 * 1024 * 1024)));
        Map<String, String> config = Connectors.httpsEndpoint("acme", TOPIC, DLQ, RIG.receiver(), "/acme/crm");
        config.put("http.max.request.bytes", Integer.toString(MAX_REQUEST_BYTES));
        config.put("batch.max.bytes", Integer.toString(MAX_REQUEST_BYTES / 2));
        RIG.cluster().rest().putConnectorConfig(CONNECTOR, config);
        RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(CONNECTOR, 3, PARTITIONS);

        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        byte[] acmeKey = Traffic.key("acme", 0).getBytes(StandardCharsets.UTF_8);
        byte[] bigValue = ("{\"seq\":-1,\"tenant\":\"acme\",\"blob\":\"" + "x".repeat(MAX_REQUEST_BYTES * 2) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        byte[] deep = ("{\"tenant\":\"acme\",\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] badUtf8 = concat("{\"tenant\":\"acme\",\"name\":\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.UTF_8));
        for (int round = 0; round < rounds; round++) {
            traffic.events(TOPIC, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER);
            int p = round % PARTITIONS;
            traffic.malformed(TOPIC, p, acmeKey, "{\"seq\":1, broken".getBytes(StandardCharsets.UTF_8), "acme", "invalid JSON");
            traffic.malformed(TOPIC, p, acmeKey, badUtf8, "acme", "invalid UTF-8");
            traffic.malformed(TOPIC, p, acmeKey, deep, "acme", "5000-deep nesting");
            traffic.malformed(TOPIC, p, acmeKey, bigValue, "acme", "value over http.max.request.bytes");
            traffic.misKeyed(TOPIC, p, "no-tenant-here".getBytes(StandardCharsets.UTF_8), "acme", "key without a tenant");
            traffic.misKeyed(TOPIC, p, new byte[] {(byte) 0xFF, 0, (byte) 0xFE}, "acme", "binary key");
            traffic.misKeyed(TOPIC, p, null, "acme", "no key");
            traffic.events(TOPIC, PARTITIONS, List.of("acme"), 30, tenant -> Ledger.Fate.DELIVER);
        }
        assertEveryBadOneDeadLetteredAndEveryGoodOneDelivered("malformed", ledger, TOPIC, "/acme/crm", DLQ, CONNECTOR, rounds,
            startedAt);
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
        Map<String, String> config = Connectors.httpsEndpoint("acme", topic, dlq, RIG.receiver(), "/acme/avro");
        config.remove("value.converter.schemas.enable");
        config.put("value.converter", "dev.eventstream.connect.avro.AvroConverter");
        config.put("value.converter.input.format", "confluent");
        config.put("value.converter.schema.registry.url", registry.url(""));
        config.put("value.converter.schema.registry.ssl.truststore.location",
            registry.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("value.converter.schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
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
            rounds, startedAt);
    }

    private static void assertEveryBadOneDeadLetteredAndEveryGoodOneDelivered(String scenario, Ledger ledger, String topic,
                                                                              String path, String dlq, String connector,
                                                                              int rounds, long startedAt) {
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
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            assertThat(deadLetter.stage()).isNotBlank();
            assertThat(deadLetter.message()).isNotBlank();
        });
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
