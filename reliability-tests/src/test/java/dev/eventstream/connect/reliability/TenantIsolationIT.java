package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twenty tenants whose ids look alike (case, surrounding spaces, accents composed and decomposed, a Cyrillic
 * letter, leading zeros, numbers, the key template's separator) interleaved on one topic, each with its own
 * direct HTTPS endpoint (one connector per tenant, as the renderer makes them) on one worker JVM: 0 events at
 * the wrong tenant, and every event of a tenant with an endpoint delivered. A record's tenant is the one its key
 * names by the key template {@value Connectors#KEY_TEMPLATE} ({@link Traffic#tenantOfKey}), whatever its body says:
 * the keys {@code acme:eu:call-0} and {@code acme::call-0} are acme's. An endpoint whose tenant id the router
 * cannot tell apart (the key separator, surrounding spaces that Kafka's list parsing trims) must be refused at
 * configuration (by the REST API or when its task starts), and then that tenant's events must reach no one.
 * About 45 s (20 connectors); -Preliability.
 */
@Tag("long")
class TenantIsolationIT {

    private static final Logger LOG = LoggerFactory.getLogger(TenantIsolationIT.class);
    private static final String TOPIC = "voice-callthread";
    private static final int PARTITIONS = 2;
    private static final int EVENTS_PER_TENANT = 60;
    static final List<String> TENANTS = List.of(
        "acme", "ACME", "Acme", "acme ", " acme", "acme2", "acm", "acmee",
        "acm\u00e9", "acme\u0301", "\u0430cme", "acme.", "acme_",
        "0042", "42", "+42", "4.2e1",
        "acme:eu", "acme:", "globex");

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("tenants", 1).withReceiver(() -> HttpsReceiver.builder().threads(8).start());

    @Test
    void noEventReachesAnotherTenantsEndpoint() {
        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> served = new ArrayList<>();
        for (int i = 0; i < TENANTS.size(); i++) {
            String tenant = TENANTS.get(i);
            Map<String, String> config = Connectors.httpsEndpoint(tenant, TOPIC, "es-dlq-tenant-" + i, RIG.receiver(), "/t/" + i);
            config.put("tasks.max", "1");
            try {
                RIG.cluster().rest().putConnectorConfig("es-tenant-" + i, config);
                served.add(tenant);
            } catch (IllegalStateException e) {
                refused.put(tenant, e.getMessage());
            }
        }
        for (int i = 0; i < TENANTS.size(); i++) {
            String tenant = TENANTS.get(i);
            if (served.contains(tenant) && !startsRunning("es-tenant-" + i)) {
                // Refused when the task configures the router (a ConfigException naming tenant.allowed).
                served.remove(tenant);
                refused.put(tenant, "task failed at start");
            }
        }
        LOG.info("Endpoints refused at configuration: {}", refused.keySet());

        Ledger ledger = new Ledger();
        new Traffic(RIG.cluster().kafka(), ledger).events(TOPIC, PARTITIONS, TENANTS, EVENTS_PER_TENANT,
            tenant -> served.contains(tenant) ? Ledger.Fate.DELIVER : Ledger.Fate.DROP);
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> check(ledger).counts().delivered(), expected, Duration.ofSeconds(15), Duration.ofSeconds(90));

        DeliveryCheck.Counts counts = check(ledger).counts();
        LOG.info("FAULT-MATRIX tenants: {} ; endpoints {} of {}, refused {}; lost by tenant {}; wrong tenant by endpoint {}",
            counts, served.size(), TENANTS.size(), refused.keySet(), check(ledger).lostByTenant(), check(ledger).wrongTenantByEndpoint());
        assertThat(counts.wrongTenant()).as("events at the wrong tenant's endpoint").isZero();
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected);
        assertThat(counts.reordered()).as("reordered").isZero();
        Set<String> ambiguous = new TreeSet<>();
        TENANTS.stream().filter(tenant -> tenant.contains(":") || !tenant.strip().equals(tenant)).forEach(ambiguous::add);
        assertThat(refused.keySet()).as("only ids the router cannot tell apart are refused").isSubsetOf(ambiguous);
    }

    /** True once the connector's task runs; false when it failed at start. */
    private static boolean startsRunning(String connector) {
        AtomicReference<String> state = new AtomicReference<>("");
        await(connector + " task started or failed").atMost(FaultCluster.WORKER_STARTUP).ignoreExceptions()
            .pollInterval(Duration.ofMillis(250))
            .until(() -> {
                state.set(RIG.cluster().rest().connectorStatus(connector).path("tasks").path(0).path("state").asText());
                return state.get().equals("RUNNING") || state.get().equals("FAILED");
            });
        return state.get().equals("RUNNING");
    }

    private static DeliveryCheck check(Ledger ledger) {
        return new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(),
            path -> TENANTS.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)))), List.of());
    }
}
