package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder that reads Avro straight into Connect data ({@link DecodePlan} + {@link AvroToConnect}) gives exactly
 * the Connect schema and value the former path gave (Avro's {@code GenericDatumReader}, then the former mapping:
 * {@link GenericDatumReaderOracle}), over generated schemas of every shape, schema-evolution pairs, and corrupted
 * bytes (which both must reject, or both decode to the same data).
 */
class DecodeEquivalenceTest {

    private static final int RECORDS_PER_SCHEMA = 40;

    static Stream<Arguments> generatedSchemas() {
        return IntStream.range(0, 60).mapToObj(seed -> {
            Schema schema = new RandomAvro(seed).record(3);
            return Arguments.of("seed " + seed + ": " + schema.getFullName(), seed, schema);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedSchemas")
    void generatedSchemasDecodeToTheSameConnectDataAsTheFormerPath(String name, long seed, Schema schema)
            throws Exception {
        RandomAvro data = new RandomAvro(seed * 31 + 7);
        for (int i = 0; i < RECORDS_PER_SCHEMA; i++) {
            byte[] bytes = AvroTestData.plain(schema, data.datum(schema));
            assertSameConnectData(schema, schema, bytes);
        }
    }

    @Test
    void voiceEventsDecodeToTheSameConnectDataAsTheFormerPath() throws Exception {
        Schema voice = AvroTestData.voiceSchema();
        for (long sequence = 0; sequence < 50; sequence++) {
            assertSameConnectData(voice, voice, AvroTestData.plain(AvroTestData.voiceEvent(voice, sequence)));
        }
    }

    static Stream<Arguments> evolution() {
        return Stream.of(
                pair("added fields take their defaults",
                        record("\"a\": \"string\""),
                        record("\"a\": \"string\"",
                                "\"i\": \"int\", \"default\": 7",
                                "\"l\": \"long\", \"default\": -9",
                                "\"s\": \"string\", \"default\": \"dflt\"",
                                "\"b\": \"bytes\", \"default\": \"\\u0001\\u00ff\"",
                                "\"d\": \"double\", \"default\": 2.5",
                                "\"bool\": \"boolean\", \"default\": true",
                                "\"e\": {\"type\": \"enum\", \"name\": \"Color\", \"symbols\": [\"RED\", \"BLUE\"]},"
                                        + " \"default\": \"BLUE\"",
                                "\"fx\": {\"type\": \"fixed\", \"name\": \"Two\", \"size\": 2}, \"default\": \"ab\"",
                                "\"arr\": {\"type\": \"array\", \"items\": \"long\"}, \"default\": [1, 2]",
                                "\"m\": {\"type\": \"map\", \"values\": \"string\"}, \"default\": {\"k\": \"v\"}",
                                "\"opt\": [\"null\", \"string\"], \"default\": null",
                                "\"multi\": [\"long\", \"string\", \"null\"], \"default\": 5",
                                "\"rec\": {\"type\": \"record\", \"name\": \"Inner\", \"fields\": [{\"name\": \"x\","
                                        + " \"type\": \"int\"}]}, \"default\": {\"x\": 3}",
                                "\"dec\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 6,"
                                        + " \"scale\": 2}, \"default\": \"\\u0004\\u00d2\"",
                                "\"day\": {\"type\": \"int\", \"logicalType\": \"date\"}, \"default\": 19844",
                                "\"ts\": {\"type\": \"long\", \"logicalType\": \"timestamp-micros\"},"
                                        + " \"default\": 1714557600123456")),
                pair("removed fields are skipped, also after the last field read",
                        record("\"a\": \"string\"", "\"gone\": {\"type\": \"array\", \"items\": \"string\"}",
                                "\"b\": \"long\"", "\"tail\": {\"type\": \"map\", \"values\": \"double\"}"),
                        record("\"b\": \"long\"")),
                pair("fields in another order",
                        record("\"a\": \"string\"", "\"b\": \"long\"", "\"c\": \"boolean\""),
                        record("\"c\": \"boolean\"", "\"a\": \"string\"", "\"b\": \"long\"")),
                pair("numbers are promoted",
                        record("\"i2l\": \"int\"", "\"i2f\": \"int\"", "\"i2d\": \"int\"",
                                "\"l2f\": \"long\"", "\"l2d\": \"long\"", "\"f2d\": \"float\""),
                        record("\"i2l\": \"long\"", "\"i2f\": \"float\"", "\"i2d\": \"double\"",
                                "\"l2f\": \"float\"", "\"l2d\": \"double\"", "\"f2d\": \"double\"")),
                pair("string and bytes convert",
                        record("\"s2b\": \"string\"", "\"b2s\": \"bytes\""),
                        record("\"s2b\": \"bytes\"", "\"b2s\": \"string\"")),
                pair("a plain writer type is read as a reader union",
                        record("\"v\": \"string\"", "\"n\": \"int\""),
                        record("\"v\": [\"null\", \"string\"]", "\"n\": [\"string\", \"long\"]")),
                pair("a writer union is read as one of the reader's types",
                        record("\"v\": [\"int\", \"long\"]"),
                        record("\"v\": \"long\"")),
                pair("enum symbols are matched by name, unknown ones take the reader's default",
                        record("\"e\": {\"type\": \"enum\", \"name\": \"Level\","
                                + " \"symbols\": [\"LOW\", \"MID\", \"HIGH\", \"EXTREME\"]}"),
                        record("\"e\": {\"type\": \"enum\", \"name\": \"Level\","
                                + " \"symbols\": [\"HIGH\", \"LOW\", \"OTHER\"], \"default\": \"OTHER\"}")),
                pair("a field renamed with an alias",
                        record("\"old\": \"string\""),
                        record("\"new\": \"string\", \"aliases\": [\"old\"]")),
                pair("nested records, arrays and maps evolve too",
                        record("\"items\": {\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\":"
                                + " \"Item\", \"fields\": [{\"name\": \"q\", \"type\": \"int\"}, {\"name\": \"drop\","
                                + " \"type\": \"string\"}]}}", "\"m\": {\"type\": \"map\", \"values\": \"int\"}"),
                        record("\"items\": {\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\":"
                                + " \"Item\", \"fields\": [{\"name\": \"q\", \"type\": \"long\"}, {\"name\": \"add\","
                                + " \"type\": [\"null\", \"string\"], \"default\": null}]}}",
                                "\"m\": {\"type\": \"map\", \"values\": \"double\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evolution")
    void schemaEvolutionGivesTheSameConnectDataAsTheFormerPath(String name, Schema writer, Schema reader)
            throws Exception {
        RandomAvro data = new RandomAvro(name.hashCode());
        for (int i = 0; i < RECORDS_PER_SCHEMA; i++) {
            assertSameConnectData(writer, reader, AvroTestData.plain(writer, data.datum(writer)));
        }
    }

    @Test
    void evolutionPairsAreNotReadAsIfTheSchemasWereEqual() throws Exception {
        Schema writer = record("\"a\": \"string\"", "\"b\": \"int\"");
        Schema reader = record("\"b\": \"long\"", "\"a\": \"string\"", "\"c\": \"int\", \"default\": 4");
        GenericData.Record record = new GenericData.Record(writer);
        record.put("a", "x");
        record.put("b", 9);

        Struct value = (Struct) plan(writer, reader).decode(AvroTestData.plain(record), 0, new BoundedDecoder()).value();

        assertThat(value.getInt64("b")).isEqualTo(9L);
        assertThat(value.getString("a")).isEqualTo("x");
        assertThat(value.getInt32("c")).isEqualTo(4);
    }

    @Test
    void corruptedBytesAreRejectedByBothOrDecodedAlikeByBoth() throws Exception {
        Random random = new Random(20261130L);
        int rejected = 0;
        int decoded = 0;
        for (int seed = 0; seed < 60; seed++) {
            Schema schema = new RandomAvro(seed).record(3);
            RandomAvro data = new RandomAvro(seed * 17 + 3);
            for (int i = 0; i < 30; i++) {
                byte[] bytes = AvroTestData.plain(schema, data.datum(schema));
                if (bytes.length == 0) {
                    continue;
                }
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(5) == 0) {
                    bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                }
                if (oracleRejects(schema, bytes)) {
                    byte[] corrupt = bytes;
                    assertThatThrownBy(() -> plan(schema, schema).decode(corrupt, 0, new BoundedDecoder()))
                            .isInstanceOf(DataException.class);
                    rejected++;
                } else {
                    assertSameConnectData(schema, schema, bytes);
                    decoded++;
                }
            }
        }
        assertThat(rejected).isGreaterThan(100);
        assertThat(decoded).isGreaterThan(100);
    }

    private static boolean oracleRejects(Schema schema, byte[] bytes) {
        try {
            new GenericDatumReaderOracle(schema, schema).decode(bytes, 0);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void assertSameConnectData(Schema writer, Schema reader, byte[] bytes) throws Exception {
        SchemaAndValue expected = new GenericDatumReaderOracle(writer, reader).decode(bytes, 0);

        SchemaAndValue actual = plan(writer, reader).decode(bytes, 0, new BoundedDecoder());

        assertThat(actual.schema()).isEqualTo(expected.schema());
        assertThat(comparable(actual.value())).isEqualTo(comparable(expected.value()));
        if (actual.value() instanceof Struct struct) {
            struct.validate();
        }
    }

    private static DecodePlan plan(Schema writer, Schema reader) {
        return new DecodePlan(writer, reader, null, AvroToConnect.compile(reader));
    }

    /**
     * A value that equals another exactly when the two Connect values are the same: structs with their schemas,
     * bytes by content (not identity, even inside lists and maps), maps with their entries in order.
     */
    private static Object comparable(Object value) {
        if (value instanceof Struct struct) {
            List<Object> fields = new ArrayList<>();
            fields.add(struct.schema());
            struct.schema().fields().forEach(field -> fields.add(comparable(struct.get(field))));
            return fields;
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes.clone());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DecodeEquivalenceTest::comparable).toList();
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> entries = new ArrayList<>();
            map.forEach((key, entryValue) -> entries.add(java.util.Arrays.asList(key, comparable(entryValue))));
            return entries;
        }
        return value == null ? List.of() : List.of(value.getClass(), value);
    }

    private static Arguments pair(String name, Schema writer, Schema reader) {
        return Arguments.of(name, writer, reader);
    }

    /** A record test.Evolving with the given fields, each written as the inside of a field's JSON object. */
    private static Schema record(String... fields) {
        StringBuilder json = new StringBuilder("{\"type\": \"record\", \"name\": \"Evolving\", \"namespace\": \"test\","
                + " \"fields\": [");
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            int colon = field.indexOf(':');
            json.append(i == 0 ? "" : ", ").append("{\"name\": ").append(field, 0, colon)
                    .append(", \"type\":").append(field.substring(colon + 1)).append('}');
        }
        return new Schema.Parser().parse(json.append("]}").toString());
    }
}
