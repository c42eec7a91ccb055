package dev.eventstream.connect.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstream.connect.common.EventStreamVersion;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConvertValueTest {

    private final Metrics registry = new Metrics();
    private final ConvertValue<SinkRecord> transform = new ConvertValue<>();

    @AfterEach
    void close() {
        transform.close();
        registry.close();
    }

    private void configure(Map<String, String> props) {
        transform.configure(props);
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", "es-acme-crm");
        tags.put("task", "0");
        tags.put("transformation", "convert");
        transform.withPluginMetrics(new PluginMetricsImpl(registry, tags));
    }

    private static SinkRecord record(Object value) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("eventstream.tenant", "acme");
        return new SinkRecord("voice-callthread", 2, Schema.STRING_SCHEMA, "acme:call-1", Schema.OPTIONAL_BYTES_SCHEMA,
                value, 1815, 1700000000000L, TimestampType.CREATE_TIME, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private double metric(String name) {
        return registry.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name))
                .map(Map.Entry::getValue)
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name + " in " + registry.metrics().keySet()));
    }

    @Test
    void convertsValueBytesWithTheSuitesJsonConverterByDefault() {
        configure(Map.of());
        SinkRecord in = record(utf8("{\"id\":\"EventEstablished\",\"amount\":12345678901234567890.10}"));
        SinkRecord out = transform.apply(in);

        assertThat(out.valueSchema()).isNull();
        assertThat(out.value()).isEqualTo(Map.of("id", "EventEstablished",
                "amount", new BigDecimal("12345678901234567890.10")));
        assertThat(out.topic()).isEqualTo(in.topic());
        assertThat(out.kafkaPartition()).isEqualTo(2);
        assertThat(out.kafkaOffset()).isEqualTo(1815);
        assertThat(out.key()).isEqualTo("acme:call-1");
        assertThat(out.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(out.timestamp()).isEqualTo(1700000000000L);
        assertThat(out.headers()).isEqualTo(in.headers());
        assertThat(metric("records-converted-total")).isEqualTo(1.0);
        assertThat(metric("conversion-failures-total")).isEqualTo(0.0);
    }

    @Test
    void acceptsByteBuffersAndStringsToo() {
        configure(Map.of());
        assertThat(transform.apply(record(ByteBuffer.wrap(utf8("[1,2]")))).value()).isEqualTo(List.of(1L, 2L));
        assertThat(transform.apply(record("{\"a\":true}")).value()).isEqualTo(Map.of("a", true));
        assertThat(metric("records-converted-total")).isEqualTo(2.0);
    }

    @Test
    void tombstonesPassThroughUntouchedAndAreNotCounted() {
        configure(Map.of());
        SinkRecord tombstone = record(null);
        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
        assertThat(metric("records-converted-total")).isEqualTo(0.0);
    }

    @Test
    void aValueThatCannotBeConvertedIsADataExceptionWithTheRecordsCoordinates() {
        configure(Map.of());
        assertThatThrownBy(() -> transform.apply(record(utf8("{\"id\":\"EventEstablished\", broken"))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the value of record (topic voice-callthread, partition 2, offset "
                        + "1815) with JsonConverter: JSON value of topic 'voice-callthread' cannot be read: not "
                        + "well-formed JSON: ");
        assertThat(metric("conversion-failures-total")).isEqualTo(1.0);
        assertThat(metric("records-converted-total")).isEqualTo(0.0);
    }

    @Test
    void theWrappedConverterGetsItsSettingsFromTheConverterPrefix() {
        configure(Map.of("converter.max.bytes", "8"));
        assertThat(transform.apply(record(utf8("[1,2,3]"))).value()).isEqualTo(List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> transform.apply(record(utf8("[1,2,3,4]"))))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("9 bytes exceed the limit of 8 (max.bytes)");
    }

    @Test
    void wrapsAnyConverterForExampleKafkasJsonConverter() {
        configure(Map.of("converter", "org.apache.kafka.connect.json.JsonConverter",
                "converter.schemas.enable", "false"));
        Object value = transform.apply(record(utf8("{\"amount\":1.10}"))).value();
        assertThat(value).isEqualTo(Map.of("amount", 1.1d));
    }

    @Test
    void theConverterSeesTheTopicTheRecordWasConsumedFromAndIsClosedWithTheTransform() {
        configure(Map.of("converter", RecordingConverter.class.getName(), "converter.marker", "m"));
        SinkRecord renamed = record(utf8("x")).newRecord("voice-callthread.acme", 2, Schema.STRING_SCHEMA, "k",
                Schema.OPTIONAL_BYTES_SCHEMA, utf8("x"), 1700000000000L);
        assertThat(transform.apply(renamed).value()).isEqualTo("voice-callthread m x");
        assertThat(RecordingConverter.closed).isFalse();
        transform.close();
        assertThat(RecordingConverter.closed).isTrue();
    }

    @Test
    void aValueThatIsNotBytesIsAConfigurationMistakeNamedInTheMessage() {
        configure(Map.of());
        assertThatThrownBy(() -> transform.apply(record(new HashMap<>(Map.of("a", 1)))))
                .isInstanceOf(DataException.class)
                .hasMessage("ConvertValue needs the value of record (topic voice-callthread, partition 2, offset 1815) as "
                        + "bytes, got a java.util.HashMap: set the connector's value.converter to "
                        + "org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    @Test
    void theConverterClassIsValidated() {
        assertThatThrownBy(() -> transform.configure(Map.of("converter", "com.example.NoSuchConverter")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value com.example.NoSuchConverter for configuration converter: no such class in "
                        + "this plugin's class loader (this bundle and Kafka); name a converter of this bundle, e.g. "
                        + "dev.eventstream.connect.json.converter.JsonConverter");
        assertThatThrownBy(() -> transform.configure(Map.of("converter", "java.lang.String")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value java.lang.String for configuration converter: not an "
                        + "org.apache.kafka.connect.storage.Converter; name a converter of this bundle, e.g. "
                        + "dev.eventstream.connect.json.converter.JsonConverter");
        assertThatThrownBy(() -> transform.configure(Map.of("converter", "dev.eventstream.connect.json.converter.JsonConverter",
                "converter.schemas.enable", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value true for configuration schemas.enable");
    }

    @Test
    void theConfigDefValidatesWhatConnectsValidateEndpointShows() {
        assertThat(transform.config().validate(Map.of("converter", "nope")).get(0).errorMessages())
                .singleElement().asString().contains("no such class");
        assertThat(transform.config().validate(Map.of()).get(0).errorMessages()).isEmpty();
    }

    @Test
    void reportsTheSuitesVersionAndRegistersItsMetrics() {
        configure(Map.of());
        assertThat(transform.version()).isEqualTo(EventStreamVersion.get());
        assertThat(registry.metrics().keySet()).extracting(MetricName::name).contains("records-converted-total",
                "records-converted-rate", "conversion-failures-total", "conversion-failures-rate");
        assertThat(registry.metrics().keySet()).filteredOn(name -> name.name().equals("records-converted-total"))
                .singleElement().satisfies(name -> {
                    assertThat(name.group()).isEqualTo("plugins");
                    assertThat(name.tags()).containsEntry("transformation", "convert");
                });
    }

    @Test
    void twoInstancesOnOneWorkerCountTheirOwnRecords() {
        configure(Map.of());
        ConvertValue<SinkRecord> otherTask = new ConvertValue<>();
        otherTask.configure(Map.of());
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", "es-acme-crm");
        tags.put("task", "1");
        tags.put("transformation", "convert");
        otherTask.withPluginMetrics(new PluginMetricsImpl(registry, tags));

        transform.apply(record(utf8("1")));
        transform.apply(record(utf8("2")));
        otherTask.apply(record(utf8("3")));

        Map<String, Double> totals = new HashMap<>();
        registry.metrics().forEach((name, metric) -> {
            if (name.name().equals("records-converted-total")) {
                totals.put(name.tags().get("task"), ((Number) metric.metricValue()).doubleValue());
            }
        });
        assertThat(totals).containsOnly(Map.entry("0", 2.0), Map.entry("1", 1.0));
        otherTask.close();
    }

    /** A converter that shows what it was given: topic, its settings, the value. */
    public static class RecordingConverter implements Converter {
        static volatile boolean closed;
        private String marker;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            closed = false;
            marker = (String) configs.get("marker");
        }

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            throw new UnsupportedOperationException("the transform calls the variant with headers");
        }

        @Override
        public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
            return new SchemaAndValue(Schema.STRING_SCHEMA, topic + " " + marker + " " + new String(value, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
