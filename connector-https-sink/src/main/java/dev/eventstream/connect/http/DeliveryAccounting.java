package dev.eventstream.connect.http;

import dev.eventstream.connect.usage.UsageRecorder;

import java.util.concurrent.TimeUnit;

/** Counts what the delivery jobs do, in the task's metrics and in its usage figures. Thread-safe. */
final class DeliveryAccounting {

    private final SinkMetrics metrics;
    private final UsageRecorder usage;

    DeliveryAccounting(SinkMetrics metrics, UsageRecorder usage) {
        this.metrics = metrics;
        this.usage = usage;
    }

    /** An attempt of {@code batch} took {@code elapsedNanos} and made the outcome's requests. */
    void attempted(RenderedBatch batch, HttpSender.Outcome outcome, long elapsedNanos) {
        int requests = outcome.requests();
        for (int i = 0; i < requests; i++) {
            metrics.request(TimeUnit.NANOSECONDS.toMillis(elapsedNanos) / Math.max(1, requests));
        }
        usage.attempts(batch.sent().get(0), requests, requests - (outcome.success() ? 1 : 0));
    }

    void delivered(RenderedBatch batch) {
        metrics.delivered(batch.sent().size(), batch.body().length, batch.uncompressedLength());
        usage.delivered(batch.sent(), batch.sizes(), batch.uncompressedLength(), batch.body().length);
    }

    void retried() {
        metrics.retry();
    }

    /** A batch is given up on (its records go to the DLQ). */
    void failed() {
        metrics.failure();
    }
}
