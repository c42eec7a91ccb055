package dev.eventstream.connect.common;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCoordinatesTest {

    private static SinkRecord record(String topic, int partition, long offset, Headers headers) {
        return new SinkRecord(topic, partition, Schema.STRING_SCHEMA, "k", Schema.STRING_SCHEMA, "v", offset,
                1_795_000_000_000L, TimestampType.CREATE_TIME, headers);
    }

    private static Headers source(Object topic, Object partition, Object offset) {
        return new ConnectHeaders()
                .add(EventStreamHeaders.SOURCE_TOPIC, topic, null)
                .add(EventStreamHeaders.SOURCE_PARTITION, partition, null)
                .add(EventStreamHeaders.SOURCE_OFFSET, offset, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void headerNamesAreTheContract() {
        assertThat(EventStreamHeaders.TENANT).isEqualTo("eventstream.tenant");
        assertThat(EventStreamHeaders.SOURCE_TOPIC).isEqualTo("eventstream.source.topic");
        assertThat(EventStreamHeaders.SOURCE_PARTITION).isEqualTo("eventstream.source.partition");
        assertThat(EventStreamHeaders.SOURCE_OFFSET).isEqualTo("eventstream.source.offset");
    }

    @Test
    void ownCoordinatesWithoutHeaders() {
        RecordCoordinates coordinates = RecordCoordinates.of(record("voice-callthread", 2, 1815, new ConnectHeaders()));
        assertThat(coordinates).isEqualTo(new RecordCoordinates("voice-callthread", 2, 1815));
        assertThat(coordinates.eventId()).isEqualTo("voice-callthread-2-1815");
    }

    @Test
    void ownCoordinatesAreTheConsumedOnesEvenAfterATransformRenamedTheTopic() {
        SinkRecord consumed = record("voice-callthread", 2, 1815, new ConnectHeaders());
        SinkRecord renamed = consumed.newRecord("voice-callthread.acme", 7, consumed.keySchema(), consumed.key(),
                consumed.valueSchema(), consumed.value(), consumed.timestamp());
        assertThat(RecordCoordinates.of(renamed).eventId()).isEqualTo("voice-callthread-2-1815");
    }

    static Stream<Arguments> validHeaders() {
        return Stream.of(
                Arguments.of("strings", "voice-callthread", "2", "1815"),
                Arguments.of("ints", "voice-callthread", 2, 1815),
                Arguments.of("longs", "voice-callthread", 2L, 1815L),
                Arguments.of("shorts and bytes", "voice-callthread", (byte) 2, (short) 1815),
                Arguments.of("utf-8 bytes", utf8("voice-callthread"), utf8("2"), utf8("1815")),
                Arguments.of("byte buffers", ByteBuffer.wrap(utf8("voice-callthread")), ByteBuffer.wrap(utf8("2")),
                        ByteBuffer.wrap(utf8("1815"))),
                Arguments.of("padded strings", "voice-callthread", " 2 ", "1815\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void headersWinWhenAllThreeArePresent(String name, Object topic, Object partition, Object offset) {
        SinkRecord demuxed = record("voice-callthread.acme", 0, 77, source(topic, partition, offset));
        RecordCoordinates coordinates = RecordCoordinates.of(demuxed);
        assertThat(coordinates).isEqualTo(new RecordCoordinates("voice-callthread", 2, 1815));
        assertThat(coordinates.eventId()).isEqualTo("voice-callthread-2-1815");
    }

    @Test
    void lastHeaderOfANameWins() {
        Headers headers = source("old", "0", "0")
                .addString(EventStreamHeaders.SOURCE_OFFSET, "99");
        assertThat(RecordCoordinates.of(record("t.acme", 0, 1, headers)).offset()).isEqualTo(99);
    }

    @Test
    void partialHeadersFallBackToOwnCoordinates() {
        Headers onlyTwo = new ConnectHeaders()
                .addString(EventStreamHeaders.SOURCE_TOPIC, "voice-callthread")
                .addString(EventStreamHeaders.SOURCE_PARTITION, "2");
        assertThat(RecordCoordinates.of(record("voice-callthread.acme", 0, 77, onlyTwo)))
                .isEqualTo(new RecordCoordinates("voice-callthread.acme", 0, 77));
        Headers onlyOffset = new ConnectHeaders().addString(EventStreamHeaders.SOURCE_OFFSET, "not even a number");
        assertThat(RecordCoordinates.of(record("voice-callthread.acme", 0, 77, onlyOffset)).eventId())
                .isEqualTo("voice-callthread.acme-0-77");
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("voice-callthread", "two", "1815", EventStreamHeaders.SOURCE_PARTITION, "'two'"),
                Arguments.of("voice-callthread", "2", "18x15", EventStreamHeaders.SOURCE_OFFSET, "'18x15'"),
                Arguments.of("voice-callthread", "-1", "1815", EventStreamHeaders.SOURCE_PARTITION, "negative"),
                Arguments.of("voice-callthread", "2", -5L, EventStreamHeaders.SOURCE_OFFSET, "negative"),
                Arguments.of("voice-callthread", "2147483648", "1815", EventStreamHeaders.SOURCE_PARTITION, "int range"),
                Arguments.of("", "2", "1815", EventStreamHeaders.SOURCE_TOPIC, "empty"),
                Arguments.of(null, "2", "1815", EventStreamHeaders.SOURCE_TOPIC, "null"),
                Arguments.of("voice-callthread", null, "1815", EventStreamHeaders.SOURCE_PARTITION, "null"),
                Arguments.of("voice-callthread", 2.5d, "1815", EventStreamHeaders.SOURCE_PARTITION, "2.5"),
                Arguments.of(42, "2", "1815", EventStreamHeaders.SOURCE_TOPIC, "42"));
    }

    @ParameterizedTest(name = "{3} {4}")
    @MethodSource("malformedHeaders")
    void malformedHeadersAreADataExceptionNamingTheRecordsOwnCoordinates(Object topic, Object partition, Object offset,
                                                                         String header, String problem) {
        SinkRecord demuxed = record("voice-callthread.acme", 3, 4242, source(topic, partition, offset));
        assertThatThrownBy(() -> RecordCoordinates.of(demuxed))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(header)
                .hasMessageContaining(problem)
                .hasMessageContaining("(topic voice-callthread.acme, partition 3, offset 4242)");
    }

    @Test
    void writeEventIdAppends() {
        StringBuilder sb = new StringBuilder("id=");
        new RecordCoordinates("chat", 11, Long.MAX_VALUE).writeEventId(sb);
        assertThat(sb).hasToString("id=chat-11-9223372036854775807");
    }

    @Test
    void describeIsForErrorMessages() {
        assertThat(new RecordCoordinates("t", 1, 2).describe()).isEqualTo("(topic t, partition 1, offset 2)");
        assertThat(new RecordCoordinates("t", 1, 2)).hasToString("t-1-2");
    }

    @Test
    void invalidCoordinatesAreRejected() {
        assertThatThrownBy(() -> new RecordCoordinates("", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordCoordinates("t", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordCoordinates("t", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordCoordinates(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }
}
