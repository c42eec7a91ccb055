package dev.eventstream.connect.filter;

import dev.eventstream.connect.avro.AvroConverter;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect values exactly as the suite's {@link AvroConverter} produces them (unions as
 * {@code io.confluent.connect.avro.Union} structs), from the service team's voice-callthread .avsc and a test
 * schema of payment unions: generic Avro records are encoded with Avro's own writer and read back by the
 * converter, as a worker would.
 */
final class AvroEvents {

    static final Path VOICE_DIR = Path.of("..", "connector-configs", "service-teams-topics", "voice-callthread");
    static final Path TEST_DIR = Path.of("src", "test", "resources", "avro");
    static final String VOICE_TOPIC = "voice-callthread";
    static final String PAYMENT_TOPIC = "payments";

    static final Schema VOICE = parse(VOICE_DIR.resolve("voice-callthread.avsc"));
    static final Schema PAYMENT = parse(TEST_DIR.resolve("payment-event.avsc"));
    static final Schema CARD = PAYMENT.getField("previousCard").schema().getTypes().get(1);
    static final Schema GIFT_CARD = PAYMENT.getField("card").schema().getTypes().get(2);

    private AvroEvents() {
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A converter that reads plain Avro with the two schemas above, as key or value converter. */
    static AvroConverter converter(boolean isKey) {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of(
                "input.format", "plain",
                "schemas.dir", VOICE_DIR.toAbsolutePath() + "," + TEST_DIR.toAbsolutePath(),
                "schema.topic." + VOICE_TOPIC, VOICE.getFullName(),
                "schema.topic." + PAYMENT_TOPIC, PAYMENT.getFullName()), isKey);
        return converter;
    }

    /** A voice-callthread event whose {@code Extensions} (a map of [null, string, long, boolean]) holds {@code extensions}. */
    static GenericRecord callEvent(Map<String, Object> extensions) {
        Schema agent = VOICE.getField("agent").schema().getTypes().get(1);
        Schema party = VOICE.getField("parties").schema().getElementType();
        GenericRecord event = new GenericData.Record(VOICE);
        event.put("id", new GenericData.EnumSymbol(VOICE.getField("id").schema(), "EventEstablished"));
        event.put("callThreadId", "5b0c6b1e-3f5e-4e0e-9d7a-6f1f2b3c4d5e");
        event.put("tenantId", "acme");
        event.put("timestamp", 1_764_460_800_000L);
        event.put("sequence", 7L);
        event.put("ANI", "+15551234567");
        event.put("DNIS", "+15557654321");
        event.put("durationSeconds", 42);
        event.put("cost", ByteBuffer.wrap(new BigDecimal("1.2500").unscaledValue().toByteArray()));
        event.put("callType", new GenericData.EnumSymbol(VOICE.getField("callType").schema(), "Inbound"));
        GenericRecord agentRecord = new GenericData.Record(agent);
        agentRecord.put("agentId", "agent-7");
        agentRecord.put("extension", "2042");
        agentRecord.put("skills", List.of("billing"));
        event.put("agent", agentRecord);
        GenericRecord caller = new GenericData.Record(party);
        caller.put("number", "+15551234567");
        caller.put("role", new GenericData.EnumSymbol(party.getField("role").schema(), "Caller"));
        caller.put("joinedAt", 1_764_460_800_000L);
        event.put("parties", List.of(caller));
        event.put("UserData", Map.of("CreditCard", "4111111111111111"));
        event.put("Extensions", new LinkedHashMap<>(extensions));
        return event;
    }

    static GenericRecord card(String number, String holder) {
        GenericRecord card = new GenericData.Record(CARD);
        card.put("number", number);
        card.put("holder", holder);
        return card;
    }

    static GenericRecord giftCard(String number, long balance) {
        GenericRecord card = new GenericData.Record(GIFT_CARD);
        card.put("number", number);
        card.put("balance", balance);
        return card;
    }

    /** A payment event: {@code card} [null, Card, GiftCard], {@code previousCard} [null, Card], {@code method} [Card, string]. */
    static GenericRecord payment(Object card, Object previousCard, Object method, List<Object> history) {
        GenericRecord event = new GenericData.Record(PAYMENT);
        event.put("id", "pay-1");
        event.put("card", card);
        event.put("previousCard", previousCard);
        event.put("method", method);
        event.put("history", history);
        return event;
    }

    /** The record a sink task would see: {@code datum} read by the converter as the key or the value. */
    static SinkRecord record(boolean key, String topic, GenericRecord datum) {
        AvroConverter converter = converter(key);
        SchemaAndValue data = converter.toConnectData(topic, plain(datum));
        converter.close();
        return key ? new SinkRecord(topic, 0, data.schema(), data.value(), null, "payload", 1815L)
                : new SinkRecord(topic, 0, null, "acme:call-1", data.schema(), data.value(), 1815L);
    }

    /** The operand as the sinks deliver it: JSON by the shared renderer, unions unwrapped. */
    static String json(ConnectRecord<?> record, boolean key) {
        byte[] bytes = key ? JsonRenderer.INSTANCE.toBytes(record.keySchema(), record.key())
                : JsonRenderer.INSTANCE.toBytes(record.valueSchema(), record.value());
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] plain(GenericRecord datum) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(datum.getSchema(), new GenericData()).write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
