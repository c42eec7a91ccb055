package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale for tenant isolation: {@value #DEFAULT_EVENTS} events (system property
 * {@value #EVENTS_PROPERTY}) of twenty tenants, look-alikes among them, interleaved on one topic, read by both
 * kinds of endpoint at once on one worker JVM. Four tenants have a direct HTTPS endpoint (a connector on the shared
 * topic whose {@code TenantRouter} keeps its tenant's records, as the renderer writes it); five more are fed through
 * the demux ({@code KafkaSinkConnector} + {@code TenantRouter} with {@code route.topic.template} re-publishing to
 * {@code <topic>.<tenant>}, each of those endpoints reading its own topic). The endpoint of {@code "acme "} is refused
 * by the router. The other tenants (a decomposed {@code acmé}, a Cyrillic {@code аcme}, {@code +42}, ...) have no
 * endpoint. A record's tenant is the one its key names ({@code acme:eu:call-0} is acme's). Asserted: 0 events at the
 * wrong tenant, 0 lost, duplicated or reordered for the tenants with an endpoint, and none of the others' events
 * anywhere. About 30 s on 2 cores at 100,000 events (8 s of delivery); -Preliability.
 */
@Tag("long")
class LookAlikeTenantsAtScaleIT {

    private static final Logger LOG = LoggerFactory.getLogger(LookAlikeTenantsAtScaleIT.class);
    static final String EVENTS_PROPERTY = "reliability.lookalike.events";
    static final int DEFAULT_EVENTS = 100_000;
    private static final String TOPIC = "voice-lookalike";
    private static final int PARTITIONS = 3;
    private static final String DIRECT_PATH = "/direct/";
    private static final String DEMUX_PATH = "/demux/";
    private static final String REFUSED_PATH = "/refused/";
    /** Tenants with a connector on the shared topic. */
    private static final List<String> DIRECT_TENANTS = List.of("acme", "ACME", "acm\u00e9", "globex");
    /** Tenants fed through the demux: ids that are legal in a Kafka topic name. */
    private static final List<String> DEMUX_TENANTS = List.of("acme2", "Acme", "0042", "42", "initech");
    /** The router cannot tell it from {@code acme} (Kafka's list parsing trims): its endpoint must be refused. */
    private static final String REFUSED_TENANT = "acme ";
    private static final List<String> EVENT_TENANTS = List.of(
        "acme", "ACME", "acm\u00e9", "globex",
        "acme2", "Acme", "0042", "42", "initech",
        REFUSED_TENANT, " acme", "acme\u0301", "\u0430cme", "acmee", "acme_", "+42", "042",
        "acme:eu", "acme:", "umbrella");

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("lookalike", 1).withReceiver(() -> HttpsReceiver.builder().threads(8).start());

    @Test
    void noEventOfTwentyLookAlikeTenantsReachesAnotherTenantAtScale() {
        int events = Integer.getInteger(EVENTS_PROPERTY, DEFAULT_EVENTS);
        int perTenant = events / EVENT_TENANTS.size();
        AtomicLong arrived = new AtomicLong();
        RIG.receiver().onRequest(request -> arrived.addAndGet(request.bodyAsJson().size()));

        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        DEMUX_TENANTS.forEach(tenant -> RIG.cluster().createTopic(TOPIC + "." + tenant, 1));
        RIG.cluster().rest().putConnectorConfig("es-demux-" + TOPIC,
            Connectors.demux(TOPIC, DEMUX_TENANTS, "es-dlq-demux-" + TOPIC, RIG.cluster().bootstrapServers()));
        for (int i = 0; i < DIRECT_TENANTS.size(); i++) {
            Map<String, String> config = Connectors.httpsEndpoint(DIRECT_TENANTS.get(i), TOPIC, "es-dlq-direct-" + i,
                RIG.receiver(), DIRECT_PATH + i);
            config.put("tasks.max", "1");
            RIG.cluster().rest().putConnectorConfig("es-direct-" + i, config);
        }
        for (int i = 0; i < DEMUX_TENANTS.size(); i++) {
            String tenant = DEMUX_TENANTS.get(i);
            Map<String, String> config = Connectors.httpsEndpoint(tenant, TOPIC + "." + tenant, "es-dlq-demux-" + i,
                RIG.receiver(), DEMUX_PATH + i);
            config.put("tasks.max", "1");
            config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.put("transforms.tenant.source.coordinates.trusted", "true");
            RIG.cluster().rest().putConnectorConfig("es-demux-endpoint-" + i, config);
        }
        String refusal = refusal(Connectors.httpsEndpoint(REFUSED_TENANT, TOPIC, "es-dlq-refused", RIG.receiver(), REFUSED_PATH + 0));
        awaitConsuming("es-demux-" + TOPIC, PARTITIONS);
        for (int i = 0; i < DIRECT_TENANTS.size(); i++) {
            awaitConsuming("es-direct-" + i, PARTITIONS);
        }
        for (int i = 0; i < DEMUX_TENANTS.size(); i++) {
            awaitConsuming("es-demux-endpoint-" + i, 1);
        }

        long started = System.nanoTime();
        Ledger ledger = new Ledger();
        new Traffic(RIG.cluster().kafka(), ledger).events(TOPIC, PARTITIONS, EVENT_TENANTS, perTenant,
            owner -> DIRECT_TENANTS.contains(owner) || DEMUX_TENANTS.contains(owner) ? Ledger.Fate.DELIVER : Ledger.Fate.DROP);
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(arrived::get, expected, Duration.ofSeconds(30), Duration.ofMinutes(10));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        DeliveryCheck check = new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), LookAlikeTenantsAtScaleIT::tenantOfPath), List.of());
        DeliveryCheck.Counts counts = check.counts();
        Map<String, Long> perTopic = new LinkedHashMap<>();
        DEMUX_TENANTS.forEach(tenant -> perTopic.put(TOPIC + "." + tenant, RIG.cluster().kafka().endOffsetSum(TOPIC + "." + tenant)));
        LOG.info("FAULT-MATRIX lookalike-scale: {} ; {} events, {} per tenant, delivered in {} s; endpoint of '{}' refused: {}; "
                + "re-published per tenant topic {}; lost by tenant {}; wrong tenant by endpoint {}",
            counts, ledger.size(), perTenant, took.toSeconds(), REFUSED_TENANT, refusal, perTopic, check.lostByTenant(),
            check.wrongTenantByEndpoint());

        assertThat(counts.wrongTenant()).as("events at another tenant's endpoint, or of a tenant without one anywhere").isZero();
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected)
            // acme's own and those of acme:eu and acme: (acme's by the key template), and one share per other endpoint.
            .isEqualTo((long) perTenant * (DIRECT_TENANTS.size() + DEMUX_TENANTS.size() + 2));
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(refusal).as("the endpoint of '%s' is refused", REFUSED_TENANT).isNotNull();
        DEMUX_TENANTS.forEach(tenant -> assertThat(perTopic.get(TOPIC + "." + tenant))
            .as("records the demux re-published to %s's topic", tenant).isEqualTo(perTenant));
    }

    /**
     * Configures an endpoint and returns why it was refused: by the REST API, or its task failing at start (the
     * router's ConfigException naming {@code tenant.allowed}); null when its task runs.
     */
    private static String refusal(Map<String, String> config) {
        config.put("tasks.max", "1");
        try {
            RIG.cluster().rest().putConnectorConfig("es-refused", config);
        } catch (IllegalStateException e) {
            return "by the REST API: " + e.getMessage();
        }
        AtomicReference<String> state = new AtomicReference<>("");
        await("es-refused task started or failed").atMost(FaultCluster.WORKER_STARTUP).ignoreExceptions()
            .pollInterval(Duration.ofMillis(250))
            .until(() -> {
                state.set(RIG.cluster().rest().connectorStatus("es-refused").path("tasks").path(0).path("state").asText());
                return state.get().equals("RUNNING") || state.get().equals("FAILED");
            });
        return state.get().equals("FAILED") ? "its task FAILED at start" : null;
    }

    private static void awaitConsuming(String connector, int partitions) {
        RIG.cluster().rest().awaitRunning(connector, 1, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(connector, 1, partitions);
    }

    private static String tenantOfPath(String path) {
        int index = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        if (path.startsWith(REFUSED_PATH)) {
            return REFUSED_TENANT;
        }
        return path.startsWith(DIRECT_PATH) ? DIRECT_TENANTS.get(index) : DEMUX_TENANTS.get(index);
    }
}
