package dev.eventstream.connect.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class UsagePublisherTest {

    private static final long T0 = Instant.parse("2026-11-30T10:51:12Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);

    @Test
    void publishesRunningTotalsPerTenantTopicAndMinute() {
        UsageMeter meter = new UsageMeter("es-acme-crm", 0);
        meter.add("acme", "voice-callthread", T0, UsageCounts.delivered(2, 300, 120, 0));
        meter.add("acme", "voice-callthread", T0 + 1000, UsageCounts.attempt(false));
        meter.add("acme", "voice-callthread", T0 + 60_000, UsageCounts.deadLettered(1));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

        try (UsagePublisher publisher = new UsagePublisher(meter, "eventstream-usage", producer, null, CLOCK)) {
            assertThat(publisher.flush()).isEqualTo(2);
            List<ProducerRecord<byte[], byte[]>> sent = producer.history().stream()
                .sorted(Comparator.comparingLong(r -> UsageCodec.parseKey(r.key()).minute())).toList();
            assertThat(sent).hasSize(2);
            UsageKey first = UsageCodec.parseKey(sent.get(0).key());
            assertThat(first.tenant()).isEqualTo("acme");
            assertThat(first.endpoint()).isEqualTo("crm");
            assertThat(first.topic()).isEqualTo("voice-callthread");
            assertThat(first.start()).isEqualTo(Instant.parse("2026-11-30T10:51:00Z"));
            assertThat(first.source()).startsWith("es-acme-crm/0/");
            assertThat(UsageCodec.parseValue(sent.get(0).value())).isEqualTo(new UsageCounts(2, 300, 120, 1, 0, 0, 0));
            assertThat(UsageCodec.parseKey(sent.get(1).key()).start()).isEqualTo(Instant.parse("2026-11-30T10:52:00Z"));
            assertThat(UsageCodec.parseValue(sent.get(1).value())).isEqualTo(UsageCounts.deadLettered(1));
            assertThat(publisher.flush()).as("nothing changed, nothing sent").isZero();

            meter.add("acme", "voice-callthread", T0 + 2000, UsageCounts.delivered(1, 100, 50, 1));
            assertThat(publisher.flush()).isEqualTo(1);
            assertThat(UsageCodec.parseValue(producer.history().get(2).value()))
                .as("the minute's new running total, not the increment").isEqualTo(new UsageCounts(3, 400, 170, 1, 0, 0, 1));
        }
    }

    @Test
    void whatTheBrokerDidNotAcknowledgeIsKeptAndSentAgain() {
        UsageMeter meter = new UsageMeter("es-acme-crm", 1);
        meter.add("acme", "voice-callthread", T0, UsageCounts.delivered(5, 500, 200, 0));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (UsagePublisher publisher = new UsagePublisher(meter, "eventstream-usage", producer, null, CLOCK)) {
            Thread failer = new Thread(() -> {
                while (!producer.errorNext(new TimeoutException("broker unreachable"))) {
                    Thread.onSpinWait();
                }
            });
            failer.start();
            assertThat(publisher.flush()).isZero();
            assertThat(meter.pending()).hasSize(1);

            Thread completer = new Thread(() -> {
                while (!producer.completeNext()) {
                    Thread.onSpinWait();
                }
            });
            completer.start();
            assertThat(publisher.flush()).isEqualTo(1);
            assertThat(meter.pending()).isEmpty();
            assertThat(UsageCodec.parseValue(producer.history().get(1).value())).isEqualTo(new UsageCounts(5, 500, 200, 0, 0, 0, 0));
        }
    }

    @Test
    void deliveredOffsetMarksArePublishedOnlyOnceTheTotalsThatCoverThemWereAcknowledged() {
        UsageMeter meter = new UsageMeter("es-acme-crm", 0);
        DeliveredOffsets offsets = new DeliveredOffsets();
        TopicPartition p0 = new TopicPartition("voice-callthread", 0);
        meter.add("acme", "voice-callthread", T0, UsageCounts.delivered(5, 500, 200, 0));
        offsets.delivered(p0, 41);
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (UsagePublisher publisher = new UsagePublisher(meter, offsets, "eventstream-usage", producer, null, CLOCK)) {
            Thread failer = new Thread(() -> {
                while (!producer.errorNext(new TimeoutException("broker unreachable"))) {
                    Thread.onSpinWait();
                }
            });
            failer.start();
            assertThat(publisher.flush()).isZero();
            assertThat(producer.history()).as("no mark while its totals are not acknowledged").hasSize(1)
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo("eventstream-usage"));
            assertThat(offsets.unpublished()).containsEntry(p0, 41L);

            Thread completer = new Thread(() -> {
                int completed = 0;
                while (completed < 2) {
                    if (producer.completeNext()) {
                        completed++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            completer.start();
            assertThat(publisher.flush()).isEqualTo(1);
            ProducerRecord<byte[], byte[]> mark = producer.history().get(2);
            assertThat(mark.topic()).isEqualTo("eventstream-usage-offsets");
            assertThat(UsageCodec.parseMarkKey(mark.key(), "es-acme-crm")).isEqualTo(p0);
            assertThat(UsageCodec.parseMarkKey(mark.key(), "es-acme-other")).isNull();
            assertThat(UsageCodec.parseMarkValue(mark.value())).isEqualTo(41L);
            assertThat(offsets.unpublished()).isEmpty();
        }
    }

    @Test
    void aLongOutageKeepsAtMostMaxTotalsDroppingTheOldestMinutes() {
        UsageMeter meter = new UsageMeter("es-acme-crm", 0);
        for (int minute = 0; minute < 10; minute++) {
            meter.add("acme", "voice-callthread", T0 + minute * 60_000L, UsageCounts.delivered(minute + 1, 10, 5, 0));
        }
        UsageCounts lost = meter.dropOldestBeyond(7);
        assertThat(meter.size()).isEqualTo(7);
        assertThat(lost.records()).as("minutes 0, 1 and 2").isEqualTo(1 + 2 + 3);
        assertThat(meter.pending().keySet()).allSatisfy(key ->
            assertThat(key.minute()).isGreaterThanOrEqualTo(UsageKey.minuteOf(T0) + 3));
        assertThat(meter.dropOldestBeyond(7)).isEqualTo(UsageCounts.ZERO);
    }
}
