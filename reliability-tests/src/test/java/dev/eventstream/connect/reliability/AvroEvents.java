package dev.eventstream.connect.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The scenario's events as Confluent-framed Avro (magic byte 0, 4-byte schema id, Avro binary) with the fields of
 * {@link Traffic#event}, so that the HTTPS sink renders them to the same JSON; the malformed Avro a topic can carry;
 * and the answers of a schema registry that knows only {@link #SCHEMA_ID} ({@code GET /schemas/ids/{id}}, 404 with
 * the registry's error code for any other id), served by the TLS receiver.
 */
final class AvroEvents {

    static final int SCHEMA_ID = 42;
    static final int UNKNOWN_SCHEMA_ID = 4242;
    static final Schema SCHEMA = new Schema.Parser().parse("""
        {"type": "record", "name": "ReliabilityEvent", "namespace": "dev.eventstream.reliability", "fields": [
          {"name": "seq", "type": "long"}, {"name": "tenant", "type": "string"}, {"name": "partition", "type": "int"},
          {"name": "id", "type": "string"}, {"name": "payload", "type": "string"}]}""");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AvroEvents() {
    }

    /** A good event, framed with the registered schema id. */
    static byte[] event(long seq, String tenant, int partition) {
        return framed(SCHEMA_ID, datum(seq, tenant, partition));
    }

    /** A good datum under an id the registry does not know. */
    static byte[] unknownSchemaId(String tenant, int partition) {
        return framed(UNKNOWN_SCHEMA_ID, datum(-1, tenant, partition));
    }

    /** Framed with the registered id, then bytes that are no Avro: a varint longer than a long can be. */
    static byte[] garbage() {
        byte[] notAvro = new byte[12];
        Arrays.fill(notAvro, (byte) 0xFF);
        return framed(SCHEMA_ID, notAvro);
    }

    /** A good event cut in half: the datum ends before its last field. */
    static byte[] truncated(String tenant, int partition) {
        byte[] whole = event(-1, tenant, partition);
        return Arrays.copyOf(whole, 5 + (whole.length - 5) / 2);
    }

    /** The schema registry: the schema of {@link #SCHEMA_ID}, 404 (error code 40403) for every other id. */
    static ScriptedResponse registry(ReceivedRequest request) {
        if (request.path().equals("/schemas/ids/" + SCHEMA_ID)) {
            return json(ScriptedResponse.ok(), Map.of("schema", SCHEMA.toString()));
        }
        return json(ScriptedResponse.status(404), Map.of("error_code", 40403, "message", "Schema not found"));
    }

    private static ScriptedResponse json(ScriptedResponse response, Map<String, Object> body) {
        try {
            return response.withHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
                .withBody(MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] datum(long seq, String tenant, int partition) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("seq", seq);
        record.put("tenant", tenant);
        record.put("partition", partition);
        record.put("id", "EventEstablished");
        record.put("payload", "call " + seq + " of " + partition);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] framed(int schemaId, byte[] datum) {
        return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(schemaId).put(datum).array();
    }
}
