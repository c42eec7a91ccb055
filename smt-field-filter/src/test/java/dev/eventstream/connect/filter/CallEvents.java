package dev.eventstream.connect.filter;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A voice-callthread-like event, as a Struct and as the equivalent schemaless map, and records carrying it. */
final class CallEvents {

    static final String TOPIC = "voice-callthread";
    static final int PARTITION = 2;
    static final long OFFSET = 1815L;

    static final Schema USER_DATA = SchemaBuilder.struct().name("UserData").optional()
            .field("CreditCard", Schema.OPTIONAL_STRING_SCHEMA)
            .field("Pin", Schema.INT32_SCHEMA)
            .field("Notes", SchemaBuilder.string().optional().defaultValue("none").build())
            .build();
    static final Schema PARTY = SchemaBuilder.struct().name("Party")
            .field("name", Schema.STRING_SCHEMA)
            .field("phone", Schema.STRING_SCHEMA)
            .build();
    static final Schema SCHEMA = SchemaBuilder.struct().name("CallEvent").version(3).doc("a call event")
            .field("id", Schema.STRING_SCHEMA)
            .field("ANI", Schema.STRING_SCHEMA)
            .field("DNIS", Schema.OPTIONAL_STRING_SCHEMA)
            .field("duration", Schema.INT64_SCHEMA)
            .field("recorded", Schema.BOOLEAN_SCHEMA)
            .field("UserData", USER_DATA)
            .field("Parties", SchemaBuilder.array(PARTY).build())
            .field("Extensions", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .build();

    private CallEvents() {
    }

    static Struct struct() {
        return new Struct(SCHEMA)
                .put("id", "EventEstablished")
                .put("ANI", "+15551234567")
                .put("DNIS", "+15557654321")
                .put("duration", 42L)
                .put("recorded", true)
                .put("UserData", new Struct(USER_DATA).put("CreditCard", "4111111111111111").put("Pin", 1234)
                        .put("Notes", "VIP"))
                .put("Parties", List.of(
                        new Struct(PARTY).put("name", "Alice").put("phone", "+15550000001"),
                        new Struct(PARTY).put("name", "Bob").put("phone", "+15550000002")))
                .put("Extensions", new LinkedHashMap<>(Map.of("email", "alice@example.com")));
    }

    static Map<String, Object> map() {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) plain(struct());
        return plain;
    }

    /** A Struct as nested LinkedHashMaps and lists (every field, nulls included); other values as they are. */
    static Object plain(Object value) {
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            Map<String, Object> map = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                map.put(field.name(), plain(struct.getWithoutDefault(field.name())));
            }
            return map;
        }
        if (value instanceof Map) {
            Map<Object, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            ((List<?>) value).forEach(element -> list.add(plain(element)));
            return list;
        }
        return value;
    }

    static SinkRecord valueRecord(Schema schema, Object value) {
        return new SinkRecord(TOPIC, PARTITION, Schema.STRING_SCHEMA, "acme:call-1", schema, value, OFFSET);
    }

    static SinkRecord keyRecord(Schema schema, Object key) {
        return new SinkRecord(TOPIC, PARTITION, schema, key, Schema.STRING_SCHEMA, "payload", OFFSET);
    }

    /** A record with the operand (key or value, as the transform reads it) set. */
    static SinkRecord record(boolean key, Schema schema, Object operand) {
        return key ? keyRecord(schema, operand) : valueRecord(schema, operand);
    }

    static Object operand(ConnectRecord<?> record, boolean key) {
        return key ? record.key() : record.value();
    }

    static Schema operandSchema(ConnectRecord<?> record, boolean key) {
        return key ? record.keySchema() : record.valueSchema();
    }
}
