package dev.eventstream.bench.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.sun.net.httpserver.HttpServer;

import dev.eventstream.connect.avro.AvroConverter;

/**
 * Records/s decoded from Avro bytes to Connect data by {@link AvroConverter}, against Apache Avro's
 * {@link GenericDatumReader} alone on the same bytes (the ceiling: Avro decoding without the Connect mapping).
 * The data are 1,024 distinct voice-call events (nested records, a [null,string] union, a decimal, a
 * timestamp-millis, enums, a map, an array, a map of a 4-branch union), about 230 bytes each, in Confluent
 * framing (writer schema from a loopback registry stub, fetched once) or plain (schema from an .avsc file).
 *
 * <pre>benchmarks/run org.openjdk.jmh.Main AvroConverterBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AvroConverterBenchmark {

    private static final int RECORDS = 1_024;
    private static final String TOPIC = "voice-callthread";
    private static final int SCHEMA_ID = 42;

    static final String VOICE_SCHEMA = """
            {"type": "record", "name": "CallThreadEvent", "namespace": "dev.eventstream.voice", "fields": [
              {"name": "id", "type": {"type": "enum", "name": "EventType",
                "symbols": ["EventRinging", "EventEstablished", "EventHeld", "EventRetrieved", "EventReleased"]}},
              {"name": "callThreadId", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "tenantId", "type": "string"},
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "sequence", "type": "long"},
              {"name": "ANI", "type": ["null", "string"], "default": null},
              {"name": "DNIS", "type": ["null", "string"], "default": null},
              {"name": "durationSeconds", "type": ["null", "int"], "default": null},
              {"name": "cost", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 4}},
              {"name": "callType", "type": {"type": "enum", "name": "CallType",
                "symbols": ["Inbound", "Outbound", "Internal", "Consult"]}},
              {"name": "agent", "default": null, "type": ["null", {"type": "record", "name": "Agent", "fields": [
                {"name": "agentId", "type": "string"},
                {"name": "extension", "type": ["null", "string"], "default": null},
                {"name": "skills", "type": {"type": "array", "items": "string"}, "default": []}]}]},
              {"name": "parties", "type": {"type": "array", "items": {"type": "record", "name": "Party", "fields": [
                {"name": "number", "type": "string"},
                {"name": "role", "type": {"type": "enum", "name": "PartyRole",
                  "symbols": ["Caller", "Callee", "Agent", "Conference"]}},
                {"name": "joinedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}}},
              {"name": "UserData", "type": {"type": "map", "values": "string"}, "default": {}},
              {"name": "Extensions", "type": {"type": "map", "values": ["null", "string", "long", "boolean"]},
                "default": {}}]}
            """;

    @Param({"confluent", "plain"})
    public String format;

    private byte[][] records;
    private int offset;
    private int next;
    private AvroConverter converter;
    private GenericDatumReader<GenericRecord> avroReader;
    private BinaryDecoder decoder;
    private HttpServer registry;
    private Path schemaDir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Schema schema = new Schema.Parser().parse(VOICE_SCHEMA);
        boolean framed = "confluent".equals(format);
        offset = framed ? 5 : 0;
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = encode(schema, voiceEvent(schema, i), framed);
        }
        Map<String, Object> config = new HashMap<>();
        if (framed) {
            registry = registryStub(schema);
            config.put("schema.registry.url", "http://localhost:" + registry.getAddress().getPort());
            config.put("input.format", "confluent");
        } else {
            schemaDir = Files.createTempDirectory("avro-bench");
            Files.writeString(schemaDir.resolve("voice-callthread.avsc"), VOICE_SCHEMA);
            config.put("schemas.dir", schemaDir.toString());
            config.put("schema.topic." + TOPIC, schema.getFullName());
            config.put("input.format", "plain");
        }
        converter = new AvroConverter();
        converter.configure(config, false);
        avroReader = new GenericDatumReader<>(schema);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        converter.close();
        if (registry != null) {
            registry.stop(0);
        }
        if (schemaDir != null) {
            try (Stream<Path> files = Files.walk(schemaDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The converter: framing, cached schema lookup, Avro decoding and the mapping to Connect data. */
    @Benchmark
    public Object avroConverterToConnectData() {
        byte[] bytes = records[next++ & (RECORDS - 1)];
        return converter.toConnectData(TOPIC, bytes).value();
    }

    /** The ceiling: Apache Avro's GenericDatumReader alone on the same Avro bytes (reused decoder). */
    @Benchmark
    public Object genericDatumReaderOnly() throws IOException {
        byte[] bytes = records[next++ & (RECORDS - 1)];
        decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, decoder);
        return avroReader.read(null, decoder);
    }

    private static HttpServer registryStub(Schema schema) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String body = "{\"schema\":" + quote(schema.toString()) + "}";
        server.createContext("/schemas/ids/" + SCHEMA_ID, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] encode(Schema schema, GenericRecord record, boolean framed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (framed) {
            out.writeBytes(new byte[] {0, 0, 0, 0, SCHEMA_ID});
        }
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static GenericRecord voiceEvent(Schema schema, long sequence) {
        Schema agentSchema = schema.getField("agent").schema().getTypes().get(1);
        GenericData.Record agent = new GenericData.Record(agentSchema);
        agent.put("agentId", "agent-" + sequence % 97);
        agent.put("extension", sequence % 2 == 0 ? "4711" : null);
        agent.put("skills", List.of("billing", "spanish"));
        Schema partySchema = schema.getField("parties").schema().getElementType();
        GenericData.Record caller = new GenericData.Record(partySchema);
        caller.put("number", "+1555010" + (1000 + sequence % 9000));
        caller.put("role", new GenericData.EnumSymbol(partySchema.getField("role").schema(), "Caller"));
        caller.put("joinedAt", 1_714_557_600_000L + sequence);
        GenericData.Record callee = new GenericData.Record(partySchema);
        callee.put("number", "+18005550199");
        callee.put("role", new GenericData.EnumSymbol(partySchema.getField("role").schema(), "Agent"));
        callee.put("joinedAt", 1_714_557_601_000L + sequence);
        Map<String, Object> userData = new LinkedHashMap<>();
        userData.put("CustomerSegment", sequence % 3 == 0 ? "gold" : "silver");
        userData.put("CaseId", "C-" + sequence);
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("queue", "support");
        extensions.put("waitMillis", 1_500L + sequence);
        extensions.put("recorded", sequence % 2 == 0);
        extensions.put("note", null);
        GenericData.Record event = new GenericData.Record(schema);
        event.put("id", new GenericData.EnumSymbol(schema.getField("id").schema(), "EventEstablished"));
        event.put("callThreadId", String.format("6f1c9a3e-2b7d-4c1a-9e55-%012d", sequence));
        event.put("tenantId", "tenant-" + sequence % 50);
        event.put("timestamp", 1_714_557_600_123L + sequence);
        event.put("sequence", sequence);
        event.put("ANI", "+1555010" + (1000 + sequence % 9000));
        event.put("DNIS", sequence % 4 == 0 ? null : "+18005550199");
        event.put("durationSeconds", (int) (sequence % 600));
        BigDecimal cost = new BigDecimal("0.1250").add(BigDecimal.valueOf(sequence, 4));
        event.put("cost", ByteBuffer.wrap(cost.unscaledValue().toByteArray()));
        event.put("callType", new GenericData.EnumSymbol(schema.getField("callType").schema(), "Inbound"));
        event.put("agent", agent);
        event.put("parties", List.of(caller, callee));
        event.put("UserData", userData);
        event.put("Extensions", extensions);
        return event;
    }
}
