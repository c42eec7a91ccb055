package dev.eventstream.bench.tenant;

import dev.eventstream.connect.region.InPrimaryRegion;
import dev.eventstream.connect.tenant.TenantMatches;
import dev.eventstream.connect.tenant.TenantRouter;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per record of the tenant chain a direct-strategy endpoint connector runs: {@code TenantRouter}
 * (tenant from the value field {@code tenant.ccid}, or from the key template) followed by the predicates
 * {@code InPrimaryRegion} (file source, 200 tenants) and {@code TenantMatches}, on schemaless Maps and on
 * Structs. Records cycle through 64 tenants, four of them look-alikes of {@code acme}.
 *
 * <p>Run: {@code benchmarks/run org.openjdk.jmh.Main TenantRouterBenchmark} (build first, see benchmarks/README.md)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TenantRouterBenchmark {

    private static final int RECORDS = 1024;
    private static final int TENANTS = 64;

    private static final Schema TENANT_SCHEMA = SchemaBuilder.struct().name("Tenant")
            .field("ccid", Schema.STRING_SCHEMA).build();
    private static final Schema EVENT_SCHEMA = SchemaBuilder.struct().name("EventEstablished")
            .field("id", Schema.STRING_SCHEMA)
            .field("CallUUID", Schema.STRING_SCHEMA)
            .field("ANI", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tenant", TENANT_SCHEMA)
            .build();

    /** Where the tenant is read from: a nested value field, or the key template. */
    @Param({"value", "key"})
    public String source;

    /** The value representation: schemaless Maps (JSON without schemas) or Structs (Avro, JSON with schemas). */
    @Param({"map", "struct"})
    public String data;

    private final SinkRecord[] records = new SinkRecord[RECORDS];
    private TenantRouter<SinkRecord> router;
    private InPrimaryRegion<SinkRecord> inPrimaryRegion;
    private TenantMatches<SinkRecord> tenantMatches;
    private Path regionFile;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        regionFile = Files.createTempFile("tenant-regions", ".json");
        StringBuilder map = new StringBuilder("{");
        for (int t = 0; t < 200; t++) {
            map.append(t == 0 ? "" : ",").append('"').append(tenant(t)).append("\":\"")
                    .append(t % 3 == 0 ? "us-east" : "eu-west").append('"');
        }
        Files.writeString(regionFile, map.append('}').toString(), StandardCharsets.UTF_8);

        router = new TenantRouter<>();
        Map<String, String> routerProps = new HashMap<>();
        routerProps.put("tenant.source", source);
        routerProps.put("tenant.field", "tenant.ccid");
        routerProps.put("tenant.template", "{tenant_id}:{callthread_id}");
        router.configure(routerProps);

        inPrimaryRegion = new InPrimaryRegion<>();
        inPrimaryRegion.configure(Map.of("region.local", "eu-west", "region.source", "file",
                "region.file.path", regionFile.toString(), "region.unknown.tenant", "drop"));

        tenantMatches = new TenantMatches<>();
        tenantMatches.configure(Map.of("tenants", "acme,tenant-7,tenant-12"));

        for (int i = 0; i < RECORDS; i++) {
            String tenant = tenant(i % TENANTS);
            String callUuid = "0f2c1b7e-" + i;
            Object value;
            Schema valueSchema;
            if ("struct".equals(data)) {
                valueSchema = EVENT_SCHEMA;
                value = new Struct(EVENT_SCHEMA).put("id", "EventEstablished").put("CallUUID", callUuid)
                        .put("ANI", "+15555550100").put("tenant", new Struct(TENANT_SCHEMA).put("ccid", tenant));
            } else {
                valueSchema = null;
                Map<String, Object> event = new HashMap<>();
                event.put("id", "EventEstablished");
                event.put("CallUUID", callUuid);
                event.put("ANI", "+15555550100");
                event.put("tenant", Map.of("ccid", tenant));
                value = event;
            }
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("trace", "t-" + i);
            records[i] = new SinkRecord("voice-callthread", i % 12, Schema.STRING_SCHEMA, tenant + ":" + callUuid,
                    valueSchema, value, 1_000_000L + i, 1_700_000_000_000L, TimestampType.CREATE_TIME, headers);
        }
    }

    /** 0 is acme, 4, 8, 12 and 16 look like it (case, suffix, whitespace, accent); all are distinct. */
    private static String tenant(int t) {
        switch (t) {
            case 0: return "acme";
            case 4: return "ACME";
            case 8: return "acme2";
            case 12: return "acme ";
            case 16: return "acmé";
            default: return "tenant-" + t;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        router.close();
        inPrimaryRegion.close();
        tenantMatches.close();
        Files.deleteIfExists(regionFile);
    }

    /** The whole chain: route, then both predicates on the routed record, as Connect's Filter stages would. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void routerAndPredicates(Blackhole blackhole) {
        for (SinkRecord record : records) {
            SinkRecord routed = router.apply(record);
            blackhole.consume(inPrimaryRegion.test(routed) && tenantMatches.test(routed));
        }
    }

    /** TenantRouter alone. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void routerOnly(Blackhole blackhole) {
        for (SinkRecord record : records) {
            blackhole.consume(router.apply(record));
        }
    }
}
