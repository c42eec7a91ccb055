package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Good events of 2 to 10 MB of a demuxed tenant, among small ones, through the chain the renderer builds with
 * {@code fanOut: demux} (one worker JVM): the demux connector re-publishes them to {@code <topic>.acme}, created as
 * the control plane creates it, and acme's HTTPS endpoint reads that topic (its consumer fetches a 10 MB record with
 * its default fetch sizes) and sends each large event in a request of its own. Every event delivered once and in
 * order, nothing in the demux's DLQ or the endpoint's, another tenant's events nowhere. A second scenario sends large
 * events to a Kafka endpoint whose cluster refuses the larger ones ({@code max.message.bytes} of the customer's topic):
 * those are in the endpoint's DLQ with the customer cluster's reason, every other event delivered. About 30 s.
 */
class DemuxLargeEventsIT {

    private static final Logger LOG = LoggerFactory.getLogger(DemuxLargeEventsIT.class);
    private static final String TOPIC = "voice-large";
    private static final String TENANT_TOPIC = TOPIC + ".acme";
    private static final String DEMUX = "es-demux-" + TOPIC;
    private static final String DEMUX_DLQ = "es-dlq-demux-" + TOPIC;
    private static final String ENDPOINT = "es-acme-large";
    private static final String ENDPOINT_DLQ = "es-dlq-acme-large";
    private static final int PARTITIONS = 3;
    /** The source topic takes what its producers send: 10 MB events (the broker's own default here is 4 MiB). */
    private static final int SOURCE_TOPIC_BYTES = 12 * 1024 * 1024;
    private static final List<Integer> LARGE_EVENT_BYTES = List.of(2_000_000, 4_000_000, 6_000_000, 8_000_000, 10_000_000);
    private static final int SMALL_EVENTS_PER_ROUND = 20;

    /** The large events' payloads are cut from this: random base64 text, which lz4 barely shrinks. */
    private static final String BLOB = Base64.getEncoder().encodeToString(randomBytes(LARGE_EVENT_BYTES.get(LARGE_EVENT_BYTES.size() - 1)));

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("demux-large", 1).withReceiver();

    @Test
    void largeGoodEventsOfADemuxedTenantReachItsHttpsEndpoint() {
        long startedAt = System.nanoTime();
        RIG.cluster().createTopic(TOPIC, PARTITIONS, Map.of("max.message.bytes", Integer.toString(SOURCE_TOPIC_BYTES)));
        Connectors.createTenantTopic(RIG.cluster(), TENANT_TOPIC, PARTITIONS);
        Connectors.createDlq(RIG.cluster(), DEMUX_DLQ);
        Connectors.createDlq(RIG.cluster(), ENDPOINT_DLQ);
        RIG.cluster().rest().putConnectorConfig(DEMUX, Connectors.demux(TOPIC, List.of("acme"), DEMUX_DLQ, RIG.cluster().bootstrapServers()));
        Map<String, String> endpoint = Connectors.convertingAfterRouting(
            Connectors.httpsEndpoint("acme", TENANT_TOPIC, ENDPOINT_DLQ, RIG.receiver(), "/acme/large"),
            "dev.eventstream.connect.json.converter.JsonConverter");
        endpoint.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        endpoint.put("transforms.tenant.source.coordinates.trusted", "true");
        RIG.cluster().rest().putConnectorConfig(ENDPOINT, endpoint);
        RIG.cluster().rest().awaitRunning(DEMUX, 1, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(DEMUX, 1, PARTITIONS);
        RIG.cluster().rest().awaitRunning(ENDPOINT, 3, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(ENDPOINT, 3, PARTITIONS);

        Ledger ledger = new Ledger();
        produceSmallAndLarge(TOPIC, ledger, size -> Ledger.Fate.DELIVER);
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> check(ledger, List.of()).counts().delivered(), expected, Duration.ofSeconds(20), Duration.ofSeconds(120));

        List<ConsumerRecord<byte[], byte[]>> demuxDeadLetters = deadLetters(DEMUX_DLQ);
        List<ConsumerRecord<byte[], byte[]>> endpointDeadLetters = deadLetters(ENDPOINT_DLQ);
        // The demux's dead letters carry the shared topic's coordinates, which the ledger knows; the endpoint's carry
        // the tenant topic's, so they are counted and their reasons shown.
        DeliveryCheck check = check(ledger, Traffic.deadLetters(demuxDeadLetters));
        DeliveryCheck.Counts counts = check.counts();
        LOG.info("FAULT-MATRIX demux-large-events ({} s): {} ; endpoint DLQ {} {} ; delivered request sizes {}",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt), counts,
            endpointDeadLetters.size(), reasons(endpointDeadLetters), largeRequestSizes());
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.goodDeadLettered()).as("good events in the demux's DLQ").isZero();
        assertThat(endpointDeadLetters).as("records in the endpoint's DLQ").isEmpty();
        assertThat(counts.delivered()).isEqualTo(expected).isEqualTo(6L * SMALL_EVENTS_PER_ROUND + LARGE_EVENT_BYTES.size());
        assertThat(counts.wrongTenant()).as("events at another tenant's endpoint").isZero();
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(largeRequestSizes()).as("the large events' requests (uncompressed bodies)").hasSize(LARGE_EVENT_BYTES.size())
            .allSatisfy(bytes -> assertThat(bytes).isGreaterThan(LARGE_EVENT_BYTES.get(0)));
    }

    /**
     * Acme's Kafka endpoint (direct, sized as the renderer writes it) to a customer's cluster whose topic takes at most
     * 3 MiB: the 2 MB event is delivered, the 4 to 10 MB ones are refused by the customer's broker and dead-lettered with
     * that reason; the task stays RUNNING and commits past them.
     */
    @Test
    void largeEventsTheCustomersClusterRefusesAreDeadLetteredWithItsReason() throws Exception {
        String topic = "voice-large-kafka";
        String connector = "es-acme-lake";
        String dlq = "es-dlq-acme-lake";
        String target = "genesys-events";
        int customerTopicBytes = 3 * 1024 * 1024;
        EmbeddedKafkaCluster customerKafka = FaultCluster.startBroker();
        try (KafkaTestClient customer = new KafkaTestClient(customerKafka.bootstrapServers())) {
            customer.createTopic(target, 1, Map.of("max.message.bytes", Integer.toString(customerTopicBytes)));
            FaultCluster.awaitLeaders(customer, target, 1);
            RIG.cluster().createTopic(topic, PARTITIONS, Map.of("max.message.bytes", Integer.toString(SOURCE_TOPIC_BYTES)));
            Connectors.createDlq(RIG.cluster(), dlq);
            RIG.cluster().rest().putConnectorConfig(connector,
                Connectors.kafkaEndpoint("acme", topic, dlq, customerKafka.bootstrapServers(), target));
            RIG.cluster().rest().awaitRunning(connector, 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers(connector, 3, PARTITIONS);

            Ledger ledger = new Ledger();
            produceSmallAndLarge(topic, ledger, size -> size > customerTopicBytes ? Ledger.Fate.DEAD_LETTER : Ledger.Fate.DELIVER);
            long expected = ledger.count(Ledger.Fate.DELIVER);
            long refused = ledger.count(Ledger.Fate.DEAD_LETTER);
            // settled when both the customer's topic and the DLQ hold their share: a refused event's DLQ write can land
            // after the last delivery
            Settle.until(() -> customer.endOffsetSum(target) + RIG.cluster().kafka().endOffsetSum(dlq), expected + refused,
                Duration.ofSeconds(20), Duration.ofSeconds(120));
            List<DeliveryCheck.DeadLetter> deadLetters = Traffic.deadLetters(deadLetters(dlq));
            DeliveryCheck check = new DeliveryCheck(ledger,
                Traffic.arrivals(customer.read(target, (int) expected, Duration.ofSeconds(60)), "acme"), deadLetters);
            DeliveryCheck.Counts counts = check.counts();
            LOG.info("FAULT-MATRIX kafka-endpoint-large-events: {}", counts);
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.delivered()).isEqualTo(expected).isEqualTo(6L * SMALL_EVENTS_PER_ROUND + 1);
            assertThat(counts.deadLettered()).as("dead-lettered").isEqualTo(refused).isEqualTo(LARGE_EVENT_BYTES.size() - 1L);
            assertThat(counts.goodDeadLettered()).as("events the customer's cluster takes, in the DLQ").isZero();
            assertThat(counts.duplicates()).as("duplicates").isZero();
            assertThat(check.unknownDeadLetters()).isEmpty();
            assertThat(deadLetters).allSatisfy(deadLetter -> {
                assertThat(deadLetter.stage()).isEqualTo("TASK_PUT");
                assertThat(deadLetter.message()).contains("Target topic " + target + " refused the record: RecordTooLargeException");
            });
            assertThat(RIG.cluster().rest().connectorStatus(connector).path("tasks"))
                .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
            await("offsets committed past the refused events").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(RIG.cluster().committedOffsets(connector)).isEqualTo(RIG.cluster().endOffsets(topic, PARTITIONS)));
        } finally {
            customerKafka.stop();
        }
    }

    /**
     * Rounds of small events of acme and globex, each followed by one large acme event of the next size in
     * {@link #LARGE_EVENT_BYTES}, then a last small round; {@code largeFate} says what each large one must become.
     */
    private static void produceSmallAndLarge(String topic, Ledger ledger, IntFunction<Ledger.Fate> largeFate) {
        try (KafkaProducer<byte[], byte[]> producer = Traffic.largeRecordProducer(RIG.cluster().bootstrapServers(), SOURCE_TOPIC_BYTES)) {
            Traffic traffic = new Traffic(producer, ledger);
            for (int size : LARGE_EVENT_BYTES) {
                traffic.events(topic, PARTITIONS, List.of("acme", "globex"), SMALL_EVENTS_PER_ROUND, DemuxLargeEventsIT::acmeOnly);
                traffic.events(topic, PARTITIONS, List.of("acme"), 1, owner -> largeFate.apply(size),
                    (seq, tenant, partition) -> largeEvent(seq, tenant, partition, size));
            }
            traffic.events(topic, PARTITIONS, List.of("acme", "globex"), SMALL_EVENTS_PER_ROUND, DemuxLargeEventsIT::acmeOnly);
        }
    }

    /** Only acme has an endpoint: globex's events must arrive nowhere. */
    private static Ledger.Fate acmeOnly(String owner) {
        return owner.equals("acme") ? Ledger.Fate.DELIVER : Ledger.Fate.DROP;
    }

    private static DeliveryCheck check(Ledger ledger, List<DeliveryCheck.DeadLetter> deadLetters) {
        return new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), deadLetters);
    }

    /** Every record in the DLQ topic. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String dlq) {
        return RIG.cluster().kafka().read(dlq, (int) RIG.cluster().kafka().endOffsetSum(dlq), Duration.ofSeconds(60));
    }

    /** The uncompressed bodies of the requests larger than 1 MB, in the order they arrived. */
    private static List<Integer> largeRequestSizes() {
        return RIG.receiver().acceptedRequests().stream().map(request -> request.body().length)
            .filter(bytes -> bytes > 1_000_000).toList();
    }

    private static Map<String, Long> reasons(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Map<String, Long> reasons = new TreeMap<>();
        deadLetters.forEach(record -> reasons.merge(Traffic.header(record, "__connect.errors.stage") + ": "
            + Traffic.header(record, "__connect.errors.exception.message"), 1L, Long::sum));
        return reasons;
    }

    /** An event of {@code size} bytes: the small event's fields and a payload cut from {@link #BLOB}. */
    private static byte[] largeEvent(long seq, String tenant, int partition, int size) {
        String head = "{\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\",\"partition\":" + partition
            + ",\"id\":\"EventEstablished\",\"payload\":\"";
        return (head + BLOB.substring(0, size - head.length() - 2) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
