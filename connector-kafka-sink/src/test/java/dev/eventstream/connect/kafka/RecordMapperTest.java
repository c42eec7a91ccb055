package dev.eventstream.connect.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {

    private static RecordMapper mapper(String... keyValues) {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new RecordMapper(new KafkaSinkConfig(props));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            out.put(header.key(), text(header.value()));
        }
        return out;
    }

    @Test
    void rendersAStructValueAsJsonAndKeepsKeyTopicAndTimestamp() {
        Schema schema = SchemaBuilder.struct().name("Call")
                .field("id", Schema.STRING_SCHEMA)
                .field("amount", Decimal.schema(2))
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Struct value = new Struct(schema).put("id", "EventEstablished").put("amount", new BigDecimal("12.30"))
                .put("tags", List.of("a", "b"));
        SinkRecord record = Records.record("voice-callthread", 2, 1815, Schema.STRING_SCHEMA, "acme:call-7", schema, value,
                new ConnectHeaders());

        ProducerRecord<byte[], byte[]> target = mapper().map(record);

        assertThat(target.topic()).isEqualTo("voice-callthread");
        assertThat(target.partition()).as("left to the default partitioner (key hash)").isNull();
        assertThat(text(target.key())).isEqualTo("acme:call-7");
        assertThat(text(target.value())).isEqualTo("{\"id\":\"EventEstablished\",\"amount\":12.30,\"tags\":[\"a\",\"b\"]}");
        assertThat(target.timestamp()).isEqualTo(Records.TIMESTAMP);
    }

    @Test
    void rendersSchemalessMapsAndStructKeysAsJsonAndKeepsByteKeys() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", "EventReleased");
        value.put("n", 3);
        Schema keySchema = SchemaBuilder.struct().field("tenant", Schema.STRING_SCHEMA).build();
        SinkRecord structKey = Records.record("t", 0, 1, keySchema, new Struct(keySchema).put("tenant", "acme"), null,
                value, new ConnectHeaders());
        ProducerRecord<byte[], byte[]> mapped = mapper().map(structKey);
        assertThat(text(mapped.key())).isEqualTo("{\"tenant\":\"acme\"}");
        assertThat(text(mapped.value())).isEqualTo("{\"id\":\"EventReleased\",\"n\":3}");

        SinkRecord bytesKey = Records.record("t", 0, 2, Schema.BYTES_SCHEMA, new byte[] {1, 2, 3}, null, value,
                new ConnectHeaders());
        assertThat(mapper().map(bytesKey).key()).containsExactly(1, 2, 3);
    }

    @Test
    void passthroughForwardsTheOriginalBytes() {
        byte[] original = {'{', '"', 'a', '"', ':', ' ', '1', '}', (byte) 0xff};
        SinkRecord record = Records.bytes("voice-callthread", 0, 5, Records.utf8("acme:1"), original);
        ProducerRecord<byte[], byte[]> target = mapper("value.format", "passthrough").map(record);
        assertThat(target.value()).isSameAs(original);
        assertThat(text(target.key())).isEqualTo("acme:1");
    }

    @Test
    void passthroughRefusesConvertedValuesNamingTheConverterAndTheRecord() {
        SinkRecord record = Records.json("voice-callthread", 1, 42, "acme:1", Map.of("a", 1));
        assertThatThrownBy(() -> mapper("value.format", "passthrough").map(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("ByteArrayConverter")
                .hasMessageContaining("topic voice-callthread, partition 1, offset 42");
    }

    @Test
    void tombstonesStayNullAndRenderingFailuresNameTheRecord() {
        assertThat(mapper().map(Records.json("t", 0, 1, "k", null)).value()).isNull();
        Object unrenderable = new Object();
        assertThatThrownBy(() -> mapper().map(Records.json("t", 3, 9, "k", unrenderable)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot render the value as JSON")
                .hasMessageContaining("topic t, partition 3, offset 9");
    }

    @Test
    void writesTheOriginalCoordinatesEvenWhenATransformRenamedTheTopic() {
        SinkRecord consumed = Records.json("voice-callthread", 2, 1815, "acme:1", Map.of("a", 1));
        SinkRecord routed = Records.withTenant(consumed.newRecord("voice-callthread.acme", consumed.kafkaPartition(),
                consumed.keySchema(), consumed.key(), consumed.valueSchema(), consumed.value(), consumed.timestamp()), "acme");

        ProducerRecord<byte[], byte[]> target = mapper().map(routed);

        assertThat(target.topic()).isEqualTo("voice-callthread.acme");
        assertThat(headers(target))
                .containsEntry("eventstream.tenant", "acme")
                .containsEntry("eventstream.source.topic", "voice-callthread")
                .containsEntry("eventstream.source.partition", "2")
                .containsEntry("eventstream.source.offset", "1815");
    }

    @Test
    void keepsTheFirstCoordinatesOfARepublishedRecordOnce() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("eventstream.source.topic", "voice-callthread");
        headers.addInt("eventstream.source.partition", 1);
        headers.addLong("eventstream.source.offset", 77L);
        SinkRecord republished = Records.record("voice-callthread.acme", 0, 3, Schema.STRING_SCHEMA, "k", null, "v", headers);

        ProducerRecord<byte[], byte[]> target = mapper().map(republished);

        assertThat(target.headers().headers("eventstream.source.offset")).hasSize(1);
        assertThat(headers(target))
                .containsEntry("eventstream.source.topic", "voice-callthread")
                .containsEntry("eventstream.source.partition", "1")
                .containsEntry("eventstream.source.offset", "77");
    }

    @Test
    void forwardsAllNoneOrListedHeadersInTheirStringForm() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("traceparent", "00-abc-01");
        headers.addInt("retries", 3);
        headers.addBytes("raw", new byte[] {9});
        SinkRecord record = Records.record("t", 0, 1, Schema.STRING_SCHEMA, "k", null, "v", headers);

        assertThat(headers(mapper("headers.forward", "all").map(record))).containsEntry("traceparent", "00-abc-01")
                .containsEntry("retries", "3").containsKey("raw");
        assertThat(headers(mapper("headers.forward", "none").map(record)).keySet())
                .containsExactly("eventstream.source.topic", "eventstream.source.partition", "eventstream.source.offset");
        assertThat(headers(mapper("headers.forward", "traceparent").map(record)).keySet())
                .containsExactly("traceparent", "eventstream.source.topic", "eventstream.source.partition",
                        "eventstream.source.offset");
        Header raw = StreamSupport.stream(mapper("headers.forward", "all").map(record).headers().spliterator(), false)
                .filter(h -> h.key().equals("raw")).findFirst().orElseThrow();
        assertThat(raw.value()).containsExactly(9);
    }

    @Test
    void forwardsOnlyTheSuitesOwnHeadersByDefault() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("eventstream.tenant", "acme");
        headers.addString("caller.number", "+14155550123");
        headers.addString("traceparent", "00-abc-01");
        headers.addString("eventstreamer", "not ours");
        SinkRecord record = Records.record("t", 0, 1, Schema.STRING_SCHEMA, "k", null, "v", headers);

        assertThat(headers(mapper().map(record)).keySet()).containsExactly("eventstream.tenant",
                "eventstream.source.topic", "eventstream.source.partition", "eventstream.source.offset");
        assertThat(headers(mapper("headers.forward", "eventstream.*,trace*").map(record)).keySet())
                .containsExactly("eventstream.tenant", "traceparent", "eventstream.source.topic",
                        "eventstream.source.partition", "eventstream.source.offset");
    }

    @Test
    void passthroughWritesByteKeysAsTheyAreAndNeverAKeyTheStringConverterAltered() {
        byte[] binary = {'a', 'c', 'm', 'e', ':', (byte) 0xC3, 0x28, (byte) 0xFF};
        RecordMapper passthrough = mapper("value.format", "passthrough");

        assertThat(passthrough.map(Records.bytes("voice-callthread", 0, 1, binary.clone(), Records.utf8("{}"))).key())
                .containsExactly(binary);
        assertThat(passthrough.map(Records.record("voice-callthread", 0, 2, Schema.STRING_SCHEMA, "acme:call-7", null,
                Records.utf8("{}"), new ConnectHeaders())).key()).containsExactly(Records.utf8("acme:call-7"));
        // what StringConverter hands over for the binary key: its bytes are lost, U+FFFD in their place
        SinkRecord decoded = Records.record("voice-callthread", 0, 3, Schema.STRING_SCHEMA,
                new String(binary, StandardCharsets.UTF_8), null, Records.utf8("{}"), new ConnectHeaders());
        assertThatThrownBy(() -> passthrough.map(decoded))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not UTF-8")
                .hasMessageContaining("key.converter=org.apache.kafka.connect.converters.ByteArrayConverter")
                .hasMessageContaining("offset 3");
    }

    @Test
    void rendersTheTenantIntoTheTopicAndRefusesRecordsWithoutOne() {
        RecordMapper mapper = mapper("target.topic", "${topic}.${tenant}");
        assertThat(mapper.map(Records.withTenant(Records.json("voice-agentstate", 0, 1, "k", "v"), "globex")).topic())
                .isEqualTo("voice-agentstate.globex");
        assertThatThrownBy(() -> mapper.map(Records.json("voice-agentstate", 0, 2, "k", "v")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("eventstream.tenant")
                .hasMessageContaining("offset 2");
    }
}
