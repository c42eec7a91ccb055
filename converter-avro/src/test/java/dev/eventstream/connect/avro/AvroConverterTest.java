package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroConverterTest {

    private static final String TOPIC = "voice-callthread";
    private static final Schema VOICE = AvroTestData.voiceSchema();

    @TempDir
    Path dir;

    private RegistryStub registry;
    private AvroConverter converter;

    @BeforeEach
    void start() throws IOException {
        registry = RegistryStub.http();
    }

    @AfterEach
    void stop() {
        if (converter != null) {
            converter.close();
        }
        registry.close();
    }

    private AvroConverter converter(Map<String, Object> config) {
        return converter(config, false);
    }

    private AvroConverter converter(Map<String, Object> config, boolean isKey) {
        Map<String, Object> all = new HashMap<>();
        all.put(AvroConverterConfig.REGISTRY_RETRY_BACKOFF_MS, 1L);
        all.putAll(config);
        converter = new AvroConverter();
        converter.configure(all, isKey);
        return converter;
    }

    private Map<String, Object> withRegistry() {
        return Map.of(AvroConverterConfig.REGISTRY_URL, registry.url());
    }

    private static Path resources() {
        try {
            return Path.of(AvroConverterTest.class.getResource("/schemas").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path writeSchema(String fileName, Schema schema) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, schema.toString(true));
        return file;
    }

    // ---- Confluent framing with the registry -------------------------------------------------------------

    @Test
    void readsAConfluentFramedVoiceEventAndWritesTheSameBytesBack() {
        registry.register(42, VOICE);
        GenericRecord event = AvroTestData.voiceEvent(VOICE, 12);
        byte[] bytes = AvroTestData.confluent(42, event);
        AvroConverter converter = converter(withRegistry());

        SchemaAndValue data = converter.toConnectData(TOPIC, bytes);

        Struct value = (Struct) data.value();
        assertThat(data.schema().name()).isEqualTo("dev.eventstream.voice.CallThreadEvent");
        assertThat(value.getString("id")).isEqualTo("EventEstablished");
        assertThat(value.getString("tenantId")).isEqualTo("acme");
        assertThat(value.get("timestamp")).isEqualTo(new java.util.Date(1_714_557_600_135L));
        assertThat(value.getString("ANI")).isEqualTo("+155501002");
        assertThat(value.getString("DNIS")).isNull();
        assertThat(value.get("cost")).isEqualTo(new BigDecimal("0.1262"));
        assertThat(value.getStruct("agent").getArray("skills")).containsExactly("billing", "spanish");
        assertThat(value.getStruct("agent").getString("extension")).isEqualTo("4711");
        Struct party = (Struct) value.getArray("parties").get(0);
        assertThat(party.getString("role")).isEqualTo("Caller");
        assertThat(value.getMap("UserData")).containsEntry("CaseId", "C-12");
        Map<Object, Object> extensions = value.getMap("Extensions");
        assertThat(((Struct) extensions.get("waitMillis")).get("long")).isEqualTo(1_512L);
        assertThat(((Struct) extensions.get("recorded")).get("boolean")).isEqualTo(true);
        assertThat(extensions.get("note")).isNull();

        assertThat(converter.fromConnectData(TOPIC, data.schema(), data.value())).isEqualTo(bytes);
        assertThat(registry.requests()).containsExactly("GET /schemas/ids/42");
    }

    @Test
    void decodesManyRecordsWithOneRegistryLookupAndOneCompiledSchema() {
        registry.register(42, VOICE);
        AvroConverter converter = converter(withRegistry());

        SchemaAndValue first = converter.toConnectData(TOPIC, AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1)));
        for (long i = 2; i < 200; i++) {
            SchemaAndValue next = converter.toConnectData(TOPIC, AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, i)));
            assertThat(next.schema()).isSameAs(first.schema());
            assertThat(((Struct) next.value()).getInt64("sequence")).isEqualTo(i);
        }
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void tombstonesStayNull() {
        AvroConverter converter = converter(withRegistry());

        assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter.fromConnectData(TOPIC, null, null)).isNull();
    }

    @Test
    void worksAsKeyConverterAndSaysSoInErrors() {
        Schema key = SchemaBuilder.record("Key").namespace("test").fields().requiredString("tenant").endRecord();
        registry.register(9, key);
        GenericData.Record record = new GenericData.Record(key);
        record.put("tenant", "acme");
        AvroConverter converter = converter(withRegistry(), true);

        assertThat(((Struct) converter.toConnectData(TOPIC, AvroTestData.confluent(9, record)).value())
                .getString("tenant")).isEqualTo("acme");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {7, 0, 0, 0, 9}))
                .hasMessageStartingWith("Avro key of topic 'voice-callthread' cannot be read");
    }

    // ---- plain Avro with local schemas ----------------------------------------------------------------

    @Test
    void readsPlainAvroWithTheTopicSchemaFromSchemasDir() {
        GenericRecord event = AvroTestData.voiceEvent(VOICE, 3);
        byte[] bytes = AvroTestData.plain(event);
        AvroConverter converter = converter(Map.of(
                AvroConverterConfig.SCHEMAS_DIR, resources().toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + TOPIC, "dev.eventstream.voice.CallThreadEvent"));

        SchemaAndValue data = converter.toConnectData(TOPIC, bytes);

        assertThat(((Struct) data.value()).getInt64("sequence")).isEqualTo(3L);
        assertThat(converter.fromConnectData(TOPIC, data.schema(), data.value())).isEqualTo(bytes);
    }

    @Test
    void topicSchemaCanBeAFilePathAndDefaultSchemaCoversOtherTopics() {
        byte[] bytes = AvroTestData.plain(AvroTestData.voiceEvent(VOICE, 4));
        AvroConverter converter = converter(Map.of(
                AvroConverterConfig.SCHEMAS_DIR, resources().toString(),
                AvroConverterConfig.SCHEMA_DEFAULT, "voice/voice-callthread.avsc"));

        assertThat(((Struct) converter.toConnectData("any-topic", bytes).value()).getInt64("sequence")).isEqualTo(4L);
    }

    @Test
    void schemasInDifferentFilesMayReferenceEachOther() {
        Schema invoice = converterSchema("dev.eventstream.billing.Invoice");
        GenericData.Record money = new GenericData.Record(invoice.getField("total").schema());
        money.put("amount", AvroTestData.decimalBytes(new BigDecimal("19.99"), 2));
        money.put("currency", "EUR");
        GenericData.Record record = new GenericData.Record(invoice);
        record.put("number", "INV-1");
        record.put("total", money);

        Struct value = (Struct) converter.toConnectData("billing", AvroTestData.plain(record)).value();

        assertThat(value.getStruct("total").get("amount")).isEqualTo(new BigDecimal("19.99"));
    }

    private Schema converterSchema(String fullName) {
        AvroConverter converter = converter(Map.of(
                AvroConverterConfig.SCHEMAS_DIR, resources().toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "billing", fullName));
        Schema schema = LocalSchemas.load(new AvroConverterConfig(Map.of(
                AvroConverterConfig.SCHEMAS_DIR, resources().toString()))).byFullName(fullName);
        assertThat(converter).isNotNull();
        return schema;
    }

    @Test
    void writesStructsWithoutAvroOriginUsingADerivedSchema() throws IOException {
        org.apache.kafka.connect.data.Schema schema = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name("test.Built")
                .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("note", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .field("tags", org.apache.kafka.connect.data.SchemaBuilder.array(
                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA).build())
                .build();
        Struct struct = new Struct(schema).put("name", "n").put("tags", List.of("a", "b"));
        AvroConverter writer = converter(Map.of());

        byte[] bytes = writer.fromConnectData(TOPIC, schema, struct);

        AvroRecordDecoder reader = new AvroRecordDecoder(AvroConverterConfig.InputFormat.PLAIN, null,
                LocalSchemas.load(new AvroConverterConfig(Map.of())), 4);
        Schema derived = ConnectToAvro.avroSchema(schema);
        AvroToConnect.Mapping mapping = reader.mapping(derived);
        assertThat(mapping.schema()).isEqualTo(schema);
        assertThat(mapping.reader().read(org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, null)))
                .isEqualTo(struct);
    }

    // ---- schema evolution ------------------------------------------------------------------------------

    private static final Schema V1 = SchemaBuilder.record("Call").namespace("test").fields()
            .requiredString("id").requiredInt("duration").requiredString("legacy").endRecord();

    private SchemaAndValue readV1With(Schema reader) throws IOException {
        registry.register(1, V1);
        writeSchema("reader.avsc", reader);
        GenericData.Record record = new GenericData.Record(V1);
        record.put("id", "c-1");
        record.put("duration", 95);
        record.put("legacy", "old");
        return converter(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url(),
                AvroConverterConfig.SCHEMAS_DIR, dir.toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "calls", "test.Call"))
                .toConnectData("calls", AvroTestData.confluent(1, record));
    }

    @Test
    void evolutionFillsAnAddedFieldWithItsDefault() throws IOException {
        Schema v2 = SchemaBuilder.record("Call").namespace("test").fields()
                .requiredString("id").requiredInt("duration").requiredString("legacy")
                .name("queue").type().stringType().stringDefault("default-queue").endRecord();

        Struct value = (Struct) readV1With(v2).value();

        assertThat(value.getString("queue")).isEqualTo("default-queue");
        assertThat(value.getString("id")).isEqualTo("c-1");
    }

    @Test
    void evolutionDropsARemovedField() throws IOException {
        Schema v2 = SchemaBuilder.record("Call").namespace("test").fields()
                .requiredString("id").requiredInt("duration").endRecord();

        SchemaAndValue data = readV1With(v2);

        assertThat(data.schema().field("legacy")).isNull();
        assertThat(((Struct) data.value()).getInt32("duration")).isEqualTo(95);
    }

    @Test
    void evolutionPromotesIntToLong() throws IOException {
        Schema v2 = SchemaBuilder.record("Call").namespace("test").fields()
                .requiredString("id").requiredLong("duration").requiredString("legacy").endRecord();

        SchemaAndValue data = readV1With(v2);

        assertThat(data.schema().field("duration").schema().type())
                .isEqualTo(org.apache.kafka.connect.data.Schema.Type.INT64);
        assertThat(((Struct) data.value()).getInt64("duration")).isEqualTo(95L);
    }

    @Test
    void incompatibleReaderSchemaIsADataExceptionNamingBothSchemas() {
        Schema v2 = SchemaBuilder.record("Call").namespace("test").fields()
                .requiredString("id").requiredInt("duration").requiredInt("mandatoryWithoutDefault").endRecord();

        assertThatThrownBy(() -> readV1With(v2))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("topic 'calls'")
                .hasMessageContaining("cannot be read with the reader schema test.Call")
                .hasMessageContaining("mandatoryWithoutDefault");
    }

    // ---- bad input ----------------------------------------------------------------------------------

    @Test
    void wrongMagicByteIsADataException() {
        registry.register(42, VOICE);
        byte[] bytes = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        bytes[0] = 1;
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, bytes))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Avro value of topic 'voice-callthread' cannot be read")
                .hasMessageContaining("unknown magic byte 0x01");
    }

    @Test
    void jsonOnAnAvroTopicIsReportedAsWrongMagicByte() {
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, "{\"id\":\"EventRinging\"}".getBytes()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("unknown magic byte 0x7b");
    }

    @Test
    void unknownSchemaIdIsADataExceptionAndNotRetried() {
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url(),
                AvroConverterConfig.REGISTRY_RETRIES, 5));

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 1, 7, 2}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("topic 'voice-callthread'")
                .hasMessageContaining("does not know schema id 263");
        assertThat(registry.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 6, 20, 60})
    void truncatedPayloadIsADataException(int length) {
        registry.register(42, VOICE);
        byte[] full = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        byte[] truncated = Arrays.copyOf(full, length);
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, truncated))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("topic 'voice-callthread'")
                .hasMessageContaining("truncated payload");
    }

    @Test
    void trailingBytesAreACorruptPayload() {
        registry.register(42, VOICE);
        byte[] full = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, longer))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("corrupt payload")
                .hasMessageContaining("dev.eventstream.voice.CallThreadEvent (schema id 42)");
    }

    @Test
    void invalidEnumIndexIsACorruptPayload() {
        registry.register(42, VOICE);
        byte[] bytes = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        bytes[5] = 0x7e; // zig-zag 63: no such EventType symbol
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, bytes))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("corrupt payload");
    }

    @Test
    void hugeLengthPrefixDoesNotExhaustMemory() {
        Schema schema = SchemaBuilder.record("Blob").namespace("test").fields()
                .requiredString("text").requiredBytes("data").name("items").type().array().items().longType().noDefault()
                .endRecord();
        registry.register(8, schema);
        AvroConverter converter = converter(withRegistry());
        byte[] hugeString = framed(8, encoder -> {
            encoder.writeLong(1_500_000_000L);
            encoder.writeFixed(new byte[] {'x'});
        });
        byte[] hugeBytes = framed(8, encoder -> {
            encoder.writeString("a");
            encoder.writeLong(1_500_000_000L);
            encoder.writeFixed(new byte[] {1});
        });
        byte[] hugeArray = framed(8, encoder -> {
            encoder.writeString("a");
            encoder.writeBytes(new byte[0]);
            encoder.writeLong(1_500_000_000L);
            encoder.writeLong(7L);
        });

        for (byte[] bytes : List.of(hugeString, hugeBytes, hugeArray)) {
            assertThatThrownBy(() -> converter.toConnectData(TOPIC, bytes))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("topic 'voice-callthread'");
        }
    }

    private interface EncoderAction {
        void write(org.apache.avro.io.BinaryEncoder encoder) throws IOException;
    }

    private static byte[] framed(int id, EncoderAction action) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(new byte[] {0, 0, 0, (byte) id});
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        try {
            action.write(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButDataException() {
        registry.register(42, VOICE);
        byte[] valid = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        AvroConverter converter = converter(withRegistry());
        Random random = new Random(20240501L);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[5 + random.nextInt(bytes.length - 5)] = (byte) random.nextInt(256);
            }
            try {
                converter.toConnectData(TOPIC, bytes);
                decoded++;
            } catch (DataException e) {
                assertThat(e.getMessage()).startsWith("Avro value of topic 'voice-callthread' cannot be read: ");
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
        assertThat(decoded + rejected).isEqualTo(2_000);
    }

    @Test
    void registryOutageIsARetriableExceptionNotARecordFailureAndRecoversAfterwards() {
        registry.register(42, VOICE).failNext(503, 503, 503);
        byte[] bytes = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url(),
                AvroConverterConfig.REGISTRY_RETRIES, 2));

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, bytes))
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(DataException.class)
                .hasMessageContaining("topic 'voice-callthread'")
                .hasMessageContaining("schema registry is unavailable")
                .hasMessageContaining("3 time(s)");
        assertThat(registry.requests()).hasSize(3);

        assertThat(((Struct) converter.toConnectData(TOPIC, bytes).value()).getInt64("sequence")).isEqualTo(1L);
    }

    @Test
    void aRegistryThatGoesDownAndComesBackIsRetriableMeanwhile() throws IOException {
        registry.register(42, VOICE).register(43, VOICE);
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url(),
                AvroConverterConfig.REGISTRY_RETRIES, 1));
        byte[] before = AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1));
        byte[] during = AvroTestData.confluent(43, AvroTestData.voiceEvent(VOICE, 2));
        assertThat(converter.toConnectData(TOPIC, before).value()).isNotNull();

        registry.goDown();
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, during))
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(DataException.class)
                .hasMessageContaining("unavailable")
                .hasMessageContaining("ConnectException");
        assertThat(((Struct) converter.toConnectData(TOPIC, before).value()).getInt64("sequence"))
                .as("schemas already fetched are served from the cache").isEqualTo(1L);

        registry.comeBack();
        assertThat(((Struct) converter.toConnectData(TOPIC, during).value()).getInt64("sequence")).isEqualTo(2L);
    }

    @Test
    void refusedCredentialsAreNotTheRecordsFault() {
        registry.register(42, VOICE).requireAuthorization("Basic c2VjcmV0");
        AvroConverter converter = converter(withRegistry());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, AvroTestData.confluent(42, AvroTestData.voiceEvent(VOICE, 1))))
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(DataException.class)
                .hasMessageContaining("HTTP 401");
    }

    @Test
    void unreachableRegistryIsARetriableException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, "http://localhost:" + closedPort,
                AvroConverterConfig.REGISTRY_RETRIES, 1));

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 0, 42, 0}))
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(DataException.class)
                .hasMessageContaining("topic 'voice-callthread'")
                .hasMessageContaining("unavailable");
    }

    @Test
    void credentialsInTheRegistryUrlAreNeverLoggedNorInExceptions() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://svc-eventstream:Regi5try-S3cret@localhost:" + closedPort;
        Throwable failure;
        String logged;
        try (LoggedText logs = LoggedText.capture()) {
            AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, url,
                    AvroConverterConfig.REGISTRY_RETRIES, 1));
            failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 0, 42, 0}));
            logged = logs.text();
        }
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> converter(Map.of(
                AvroConverterConfig.REGISTRY_URL, "ftp://svc-eventstream:Regi5try-S3cret@localhost:" + closedPort)));

        assertThat(logged).as("the converter says which registry it uses")
                .contains("localhost:" + closedPort)
                .doesNotContain("Regi5try-S3cret").doesNotContain("svc-eventstream");
        assertThat(failure).isNotNull();
        for (Throwable error = failure; error != null; error = error.getCause()) {
            assertThat(String.valueOf(error.getMessage())).doesNotContain("Regi5try-S3cret");
        }
        assertThat(refused).hasMessageContaining(AvroConverterConfig.REGISTRY_URL)
                .hasMessageNotContaining("Regi5try-S3cret");
    }

    @Test
    void framedRecordWithoutRegistryIsADataException() {
        AvroConverter converter = converter(Map.of(AvroConverterConfig.INPUT_FORMAT, "confluent"));

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 0, 42, 0}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("no schema.registry.url is set");
    }

    @Test
    void plainRecordWithoutReaderSchemaIsADataException() {
        AvroConverter converter = converter(Map.of());

        assertThatThrownBy(() -> converter.toConnectData("orders", new byte[] {2, 'a'}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("schema.topic.orders");
    }

    @Test
    void autoFormatReadsFramedWhenTheFirstByteIsZeroAndPlainOtherwise() throws IOException {
        Schema schema = SchemaBuilder.record("Tick").namespace("test").fields().requiredLong("n").endRecord();
        registry.register(5, schema);
        writeSchema("tick.avsc", schema);
        GenericData.Record record = new GenericData.Record(schema);
        record.put("n", 21L);
        AvroConverter converter = converter(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url(),
                AvroConverterConfig.SCHEMAS_DIR, dir.toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "ticks", "test.Tick"));

        assertThat(((Struct) converter.toConnectData("ticks", AvroTestData.plain(record)).value()).getInt64("n"))
                .isEqualTo(21L);
        assertThat(((Struct) converter.toConnectData("ticks", AvroTestData.confluent(5, record)).value()).getInt64("n"))
                .isEqualTo(21L);
    }

    @Test
    void schemalessDataCannotBeWritten() {
        AvroConverter converter = converter(Map.of());

        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, null, Map.of("a", 1)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("topic 'voice-callthread'")
                .hasMessageContaining("schemaless");
    }

    @Test
    void isRegisteredAsAConverterServiceAndExposesItsConfigDef() {
        List<String> names = java.util.ServiceLoader.load(Converter.class).stream()
                .map(provider -> provider.type().getName()).toList();

        assertThat(names).contains(AvroConverter.class.getName());
        assertThat(new AvroConverter().config().names()).contains(AvroConverterConfig.REGISTRY_URL,
                AvroConverterConfig.SCHEMAS_DIR, AvroConverterConfig.TRUSTSTORE_LOCATION, AvroConverterConfig.INPUT_FORMAT);
    }
}
