package dev.eventstream.connect.common.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstream.connect.common.TaskMetrics;
import dev.eventstream.connect.usage.DeliveredOffsets;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageMeter;
import dev.eventstream.connect.usage.UsageRecorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private final Metrics registry = new Metrics();
    private final TaskMetrics metrics = new TaskMetrics(
            new PluginMetricsImpl(registry, Map.of("connector", "es-acme-crm", "task", "0")));
    private final UsageMeter meter = new UsageMeter("es-acme-crm", 0);
    private final UsageRecorder usage = new UsageRecorder(meter, new DeliveredOffsets(), Map::of, () -> 0L);
    private final List<SinkRecord> reported = new ArrayList<>();

    @AfterEach
    void close() {
        registry.close();
    }

    private static SinkRecord record(long offset) {
        SinkRecord record = new SinkRecord("voice-callthread", 2, null, null, Schema.STRING_SCHEMA, "{}", offset);
        record.headers().addBytes("eventstream.tenant", "acme".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private DeadLetters deadLetters(CompletableFuture<Void> acknowledgement) {
        ErrantRecordReporter reporter = (record, error) -> {
            reported.add(record);
            return acknowledgement;
        };
        return new DeadLetters(reporter, "Test sink task", metrics, usage);
    }

    private double dlqRecords() {
        return registry.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("dlq-records-total"))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElseThrow();
    }

    private long meteredDeadLetters() {
        return meter.pending().values().stream().map(p -> p.counts()).reduce(UsageCounts.ZERO, UsageCounts::plus)
                .dlq();
    }

    @Test
    void aReportedRecordCountsOnlyOnceItsWriteIsAcknowledged() {
        CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
        DeadLetters deadLetters = deadLetters(acknowledgement);

        DeadLetters.Write write = deadLetters.report(record(7), new DataException("not JSON"));
        assertThat(reported).hasSize(1);
        assertThat(dlqRecords()).isZero();

        acknowledgement.complete(null);
        assertThat(deadLetters.acknowledged(write)).isTrue();
        assertThat(dlqRecords()).isEqualTo(1.0);
        assertThat(meteredDeadLetters()).isEqualTo(1);
        assertThat(deadLetters.fatal()).isNull();
    }

    @Test
    void aBatchOfFailuresIsWrittenAndCountedTogether() {
        DeadLetters deadLetters = deadLetters(CompletableFuture.completedFuture(null));
        List<DeadLetters.Write> failures = List.of(new DeadLetters.Write(record(1), new DataException("a"), null),
                new DeadLetters.Write(record(2), new DataException("b"), null));

        assertThat(deadLetters.report(failures)).isTrue();
        assertThat(reported).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(dlqRecords()).isEqualTo(2.0);
        assertThat(meteredDeadLetters()).isEqualTo(2);
    }

    @Test
    void withoutAReporterTheFirstFailureFailsTheTaskWithItsReasonAndTheFix() {
        DeadLetters deadLetters = new DeadLetters(DeadLetters.reporterOf(null), "Test sink task", metrics, usage);

        assertThat(deadLetters.report(record(7), new DataException("Record (topic t, partition 2, offset 7) is not JSON")))
                .isNull();
        deadLetters.fail(new ConnectException("a later failure"));

        assertThatThrownBy(deadLetters::throwIfFailed).isInstanceOf(ConnectException.class)
                .hasMessage("Record (topic t, partition 2, offset 7) is not JSON (errors.tolerance=none: the task fails; "
                        + "set errors.tolerance=all and errors.deadletterqueue.topic.name to route such records to a DLQ)");
        assertThat(dlqRecords()).isZero();
    }

    @Test
    void aFailedWriteFailsTheTaskNamingTheRecordTheCauseAndTheReason() {
        DeadLetters deadLetters = deadLetters(CompletableFuture.failedFuture(
                new org.apache.kafka.common.errors.TimeoutException("DLQ topic unavailable")));

        assertThat(deadLetters.report(List.of(new DeadLetters.Write(record(7), new DataException("not JSON"), null))))
                .isFalse();

        assertThat(deadLetters.fatal()).hasMessage("Writing record (topic voice-callthread, partition 2, offset 7) to "
                + "the dead letter queue failed (TimeoutException: DLQ topic unavailable); it was reported because: "
                + "not JSON");
        assertThat(dlqRecords()).isZero();
        assertThat(meteredDeadLetters()).isZero();
    }

    @Test
    void aReporterThatThrowsFailsTheTask() {
        DeadLetters deadLetters = new DeadLetters((record, error) -> {
            throw new IllegalStateException("producer closed");
        }, "Test sink task", metrics, usage);

        assertThat(deadLetters.report(record(3), new DataException("too large"))).isNull();
        assertThat(deadLetters.fatal()).hasMessageContaining("offset 3")
                .hasMessageContaining("IllegalStateException: producer closed").hasMessageContaining("too large");
    }

    @Test
    void anInterruptedWaitLeavesTheTaskRunningAndTheInterruptFlagSet() {
        DeadLetters deadLetters = deadLetters(new CompletableFuture<>());
        DeadLetters.Write write = deadLetters.report(record(3), new DataException("too large"));

        Thread.currentThread().interrupt();
        try {
            assertThat(deadLetters.acknowledged(write)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(deadLetters.fatal()).isNull();
        assertThat(dlqRecords()).isZero();
    }
}
