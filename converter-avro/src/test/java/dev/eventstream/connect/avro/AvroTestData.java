package dev.eventstream.connect.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Test data for Avro consumers: encodes generic Avro data with Apache Avro's own encoder, in Confluent framing
 * (magic byte 0 + 4-byte big-endian schema id) or plain, and builds sample voice-call events. Reusable by the
 * integration tests.
 */
public final class AvroTestData {

    /** Classpath location of the sample voice-call schema. */
    public static final String VOICE_SCHEMA_RESOURCE = "/schemas/voice/voice-callthread.avsc";

    private AvroTestData() {
    }

    /** Avro binary of {@code datum}, without framing. */
    public static byte[] plain(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(schema, datum, out);
        return out.toByteArray();
    }

    /** Avro binary of {@code datum} in Confluent framing with {@code schemaId}. */
    public static byte[] confluent(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        write(schema, datum, out);
        return out.toByteArray();
    }

    public static byte[] plain(GenericRecord record) {
        return plain(record.getSchema(), record);
    }

    public static byte[] confluent(int schemaId, GenericRecord record) {
        return confluent(schemaId, record.getSchema(), record);
    }

    private static void write(Schema schema, Object datum, ByteArrayOutputStream out) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(schema, new GenericData()).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample voice-call schema from the test resources. */
    public static Schema voiceSchema() {
        try (InputStream in = AvroTestData.class.getResourceAsStream(VOICE_SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VOICE_SCHEMA_RESOURCE + " is not on the classpath");
            }
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A voice-call event of {@link #voiceSchema()}; {@code sequence} varies the content. */
    public static GenericRecord voiceEvent(Schema schema, long sequence) {
        Schema agentSchema = schema.getField("agent").schema().getTypes().get(1);
        GenericData.Record agent = new GenericData.Record(agentSchema);
        agent.put("agentId", "agent-" + sequence % 7);
        agent.put("extension", sequence % 2 == 0 ? "4711" : null);
        agent.put("skills", List.of("billing", "spanish"));

        Schema partySchema = schema.getField("parties").schema().getElementType();
        GenericData.Record caller = new GenericData.Record(partySchema);
        caller.put("number", "+15550100" + sequence % 10);
        caller.put("role", new GenericData.EnumSymbol(partySchema.getField("role").schema(), "Caller"));
        caller.put("joinedAt", 1_714_557_600_000L + sequence);

        Map<String, Object> userData = new LinkedHashMap<>();
        userData.put("CustomerSegment", "gold");
        userData.put("CaseId", "C-" + sequence);
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("queue", "support");
        extensions.put("waitMillis", 1_500L + sequence);
        extensions.put("recorded", Boolean.TRUE);
        extensions.put("note", null);

        GenericData.Record event = new GenericData.Record(schema);
        event.put("id", new GenericData.EnumSymbol(schema.getField("id").schema(), "EventEstablished"));
        event.put("callThreadId", "6f1c9a3e-2b7d-4c1a-9e55-0c2d8f1b" + String.format("%04d", sequence % 10_000));
        event.put("tenantId", "acme");
        event.put("timestamp", 1_714_557_600_123L + sequence);
        event.put("sequence", sequence);
        event.put("ANI", "+15550100" + sequence % 10);
        event.put("DNIS", null);
        event.put("durationSeconds", (int) (sequence % 600));
        event.put("cost", decimalBytes(new BigDecimal("0.1250").add(BigDecimal.valueOf(sequence, 4)), 4));
        event.put("callType", new GenericData.EnumSymbol(schema.getField("callType").schema(), "Inbound"));
        event.put("agent", agent);
        event.put("parties", List.of(caller));
        event.put("UserData", userData);
        event.put("Extensions", extensions);
        return event;
    }

    /** Avro's decimal encoding: the two's-complement unscaled value at {@code scale}. */
    public static ByteBuffer decimalBytes(BigDecimal value, int scale) {
        return ByteBuffer.wrap(value.setScale(scale).unscaledValue().toByteArray());
    }
}
