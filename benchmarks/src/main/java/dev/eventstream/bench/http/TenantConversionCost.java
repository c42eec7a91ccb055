package dev.eventstream.bench.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What conversion after routing saves on a multi-tenant topic: one endpoint connector for tenant
 * {@value BenchRig#TENANT} (1 task, the real chain of {@link SinkCandidates#realChain}, gzip + signed) reads a
 * 3-partition topic whose voice-call events belong to {@code tenants} tenants in turn, so it delivers one event in
 * {@code tenants}. Two candidates, interleaved {@code rounds} times on the same events after a round that warms
 * the JIT up and is not counted:
 * <ul>
 *   <li>conversion after routing: ByteArrayConverter, {@code TenantRouter} drops other tenants' records as bytes,
 *       {@code ConvertValue} parses only the delivered ones;</li>
 *   <li>conversion first: the suite's JSON converter as the connector's value converter, so every record of
 *       every tenant is parsed before {@code TenantRouter} drops it.</li>
 * </ul>
 * Prints the medians of process CPU per delivered event (broker, worker and receiver share this JVM) and of the
 * records read per second. Arguments: {@code [events] [warmup] [rounds] [tenants]}, default 300,000, 30,000, 3, 10.
 */
public final class TenantConversionCost {

    private static final Logger log = LoggerFactory.getLogger(TenantConversionCost.class);

    private TenantConversionCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int tenants = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        try (BenchRig rig = BenchRig.start(null);
             Admin admin = rig.harness().kafka().admin()) {
            String topic = "bench-tenants";
            rig.harness().kafka().createTopic(topic, BenchRig.PARTITIONS);
            BenchRig.preload(rig.harness().bootstrapServers(), topic, warmup + events, tenants);
            SinkCandidates sinks = new SinkCandidates(rig, topic);

            Map<String, List<SinkRun>> runs = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                if (round == 1) {
                    runs.clear(); // round 0 warms the JIT up and is not counted
                }
                for (boolean after : new boolean[] {true, false}) {
                    String candidate = after ? "conversion after routing (ConvertValue)" : "conversion first (value.converter)";
                    String name = "bench-tenants-" + (after ? "after" : "first") + "-" + round;
                    SinkRun read = rig.run(admin, name, sinks.realChain(1, after), warmup, warmup + (long) events);
                    runs.computeIfAbsent(candidate, c -> new ArrayList<>()).add(read);
                }
            }

            StringBuilder table = new StringBuilder("\n| candidate | machine CPU µs per delivered event (median) "
                + "| records read/s (median) | runs (µs per delivered event) |\n| --- | --- | --- | --- |\n");
            runs.forEach((candidate, values) -> table.append(String.format("| %s | %.1f | %,.0f | %s |%n", candidate,
                SinkRun.medianCpuMicrosPerEvent(values) * tenants, SinkRun.medianRate(values),
                values.stream().map(v -> String.format("%.1f", v.cpuMicrosPerEvent() * tenants)).toList())));
            table.append(String.format("%n%,d events of %d bytes over %d tenants (%,d delivered to %s), %d partitions, %d cores (%s)%n",
                events, BenchRig.EVENT_BYTES, tenants, events / tenants, BenchRig.TENANT, BenchRig.PARTITIONS,
                Runtime.getRuntime().availableProcessors(), BenchRig.cpuModel()));
            log.info("{}", table);
        }
    }
}
