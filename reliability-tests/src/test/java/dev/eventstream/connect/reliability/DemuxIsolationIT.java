package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Look-alike tenants on a demux-fed chain, as the renderer builds it with {@code fanOut: demux} (one worker JVM): the
 * demux connector ({@code KafkaSinkConnector} + {@code TenantRouter} with {@code route.topic.template}) re-publishes
 * the shared topic's records to {@code <topic>.<tenant>} for the tenants with an endpoint ({@code acme}, {@code acme2},
 * {@code ACME}), and each tenant's HTTPS endpoint reads only its own topic. Events of {@code acme}, {@code acme2},
 * {@code ACME}, {@code "acme "} (no endpoint can have that id) and {@code acme:eu} (acme's by the key template)
 * interleaved: 0 events at another tenant's endpoint, none of {@code "acme "} anywhere, every other one delivered once,
 * in order. About 25 s.
 */
class DemuxIsolationIT {

    private static final Logger LOG = LoggerFactory.getLogger(DemuxIsolationIT.class);
    private static final String TOPIC = "voice-demux";
    private static final int PARTITIONS = 3;
    private static final int EVENTS_PER_TENANT = 120;
    private static final List<String> ENDPOINT_TENANTS = List.of("acme", "acme2", "ACME");
    private static final List<String> EVENT_TENANTS = List.of("acme", "acme2", "ACME", "acme ", "acme:eu");

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("demux", 1).withReceiver();

    @Test
    void noEventOfALookAlikeTenantCrossesTheDemux() {
        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        // One partition per tenant topic: every record of a tenant keeps its order there, whatever its key.
        ENDPOINT_TENANTS.forEach(tenant -> RIG.cluster().createTopic(TOPIC + "." + tenant, 1));
        RIG.cluster().rest().putConnectorConfig("es-demux-" + TOPIC,
            Connectors.demux(TOPIC, ENDPOINT_TENANTS, "es-dlq-demux-" + TOPIC, RIG.cluster().bootstrapServers()));
        for (int i = 0; i < ENDPOINT_TENANTS.size(); i++) {
            String tenant = ENDPOINT_TENANTS.get(i);
            Map<String, String> config = Connectors.httpsEndpoint(tenant, TOPIC + "." + tenant, "es-dlq-demux-" + i, RIG.receiver(), "/d/" + i);
            config.put("tasks.max", "1");
            config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.put("transforms.tenant.source.coordinates.trusted", "true");
            RIG.cluster().rest().putConnectorConfig("es-demux-endpoint-" + i, config);
        }
        RIG.cluster().rest().awaitRunning("es-demux-" + TOPIC, 1, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers("es-demux-" + TOPIC, 1, PARTITIONS);
        for (int i = 0; i < ENDPOINT_TENANTS.size(); i++) {
            RIG.cluster().rest().awaitRunning("es-demux-endpoint-" + i, 1, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers("es-demux-endpoint-" + i, 1, 1);
        }

        Ledger ledger = new Ledger();
        new Traffic(RIG.cluster().kafka(), ledger).events(TOPIC, PARTITIONS, EVENT_TENANTS, EVENTS_PER_TENANT,
            owner -> ENDPOINT_TENANTS.contains(owner) ? Ledger.Fate.DELIVER : Ledger.Fate.DROP);
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> check(ledger).counts().delivered(), expected, Duration.ofSeconds(15), Duration.ofSeconds(90));

        DeliveryCheck check = check(ledger);
        DeliveryCheck.Counts counts = check.counts();
        Map<String, Long> perTopic = new LinkedHashMap<>();
        ENDPOINT_TENANTS.forEach(tenant -> perTopic.put(TOPIC + "." + tenant, RIG.cluster().kafka().endOffsetSum(TOPIC + "." + tenant)));
        LOG.info("FAULT-MATRIX demux-tenants: {} ; re-published per tenant topic {}; lost by tenant {}; wrong tenant by endpoint {}",
            counts, perTopic, check.lostByTenant(), check.wrongTenantByEndpoint());
        assertThat(counts.wrongTenant()).as("events at another tenant's endpoint").isZero();
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected).isEqualTo(4L * EVENTS_PER_TENANT);
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(perTopic).as("records re-published to each tenant's topic: acme's own and acme:eu's, acme2's, ACME's")
            .containsExactly(Map.entry(TOPIC + ".acme", 2L * EVENTS_PER_TENANT), Map.entry(TOPIC + ".acme2", (long) EVENTS_PER_TENANT),
                Map.entry(TOPIC + ".ACME", (long) EVENTS_PER_TENANT));
    }

    private static DeliveryCheck check(Ledger ledger) {
        return new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(),
            path -> ENDPOINT_TENANTS.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)))), List.of());
    }
}
