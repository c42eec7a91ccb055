package dev.eventstream.bench.http;

import dev.eventstream.connect.http.BodyRendering;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns per event of the two halves of our sink's work, for the real endpoint chain and for the no-transform path of
 * {@link HttpsSinkThroughput}, on its 1,024-byte voice-call events in batches of 500:
 * <ul>
 *   <li>{@code chainTransforms}: what a task thread runs per record — TenantRouter, the primary-region filter,
 *       ConvertValue (JSON), the two subscription filters and FieldFilter (drop, mask, HMAC hash), as
 *       {@link SinkCandidates#chainTransforms} configures them;</li>
 *   <li>{@code chainRequest} / {@code noTransformRequest}: what a sender thread runs per batch — render the JSON
 *       array, sign it, gzip it (level 6) — for the chain's transformed values and for the raw JSON bytes
 *       ({@code value.encoding=json});</li>
 *   <li>{@code chainGzip} / {@code noTransformGzip}: the gzip part alone, on the two paths' uncompressed bodies (the
 *       sink's default level 1): the chain's body holds a 64-hex-digit HMAC per event, which deflate cannot shrink.</li>
 * </ul>
 * It leaves out what both paths share (Kafka's fetch, Connect's per-record work, TLS, the receiver), so the
 * end-to-end ratio of the two paths lies above {@code noTransformRequest / (chainTransforms + chainRequest)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(EndpointChainBenchmark.BATCH)
public class EndpointChainBenchmark {

    static final int BATCH = 500;
    /** The sink's default {@code http.compression.level}. */
    private static final int GZIP_LEVEL = 1;

    private Path regionsFile;
    private TransformStages chain;
    private BodyRendering chainRendering;
    private BodyRendering noTransformRendering;
    private List<SinkRecord> consumed;
    private List<SinkRecord> transformed;
    private byte[] chainBody;
    private byte[] noTransformBody;

    @Setup
    public void setUp() throws Exception {
        regionsFile = Files.createTempFile("eventstream-bench-regions", ".json");
        Files.writeString(regionsFile, BenchRig.regionsJson(), StandardCharsets.UTF_8);
        chain = new TransformStages(SinkCandidates.chainTransforms(regionsFile, true));
        Map<String, String> sink = new HashMap<>();
        sink.put("http.url", "https://localhost:8443/bench");
        sink.put("http.compression", "gzip");
        sink.put("batch.max.records", Integer.toString(BATCH));
        sink.put("signing.secret", SinkCandidates.SIGNING_SECRET);
        chainRendering = new BodyRendering(sink);
        sink.put("value.encoding", "json");
        noTransformRendering = new BodyRendering(sink);
        consumed = new ArrayList<>(BATCH);
        transformed = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            SinkRecord record = new SinkRecord("bench-events", 0, Schema.STRING_SCHEMA, BenchRig.TENANT + ":call-" + (i % 997),
                Schema.BYTES_SCHEMA, BenchRig.voiceEvent(i, BenchRig.TENANT), i);
            consumed.add(record);
            transformed.add(chain.apply(record));
        }
        sink.put("http.compression", "none");
        noTransformBody = new BodyRendering(sink).request(consumed);
        sink.remove("value.encoding");
        chainBody = new BodyRendering(sink).request(transformed);
    }

    @TearDown
    public void tearDown() throws Exception {
        chain.close();
        Files.deleteIfExists(regionsFile);
    }

    @Benchmark
    public int chainTransforms() {
        int kept = 0;
        for (SinkRecord record : consumed) {
            if (chain.apply(record) != null) {
                kept++;
            }
        }
        return kept;
    }

    @Benchmark
    public int chainRequest() {
        return chainRendering.request(transformed).length;
    }

    @Benchmark
    public int noTransformRequest() {
        return noTransformRendering.request(consumed).length;
    }

    @Benchmark
    public int chainGzip() {
        return BodyRendering.gzip(chainBody, GZIP_LEVEL).length;
    }

    @Benchmark
    public int noTransformGzip() {
        return BodyRendering.gzip(noTransformBody, GZIP_LEVEL).length;
    }
}
