package dev.eventstream.connect.http;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Records that cannot be delivered go to Connect's errant record reporter (the DLQ, errors.tolerance=all); without
 * one (errors.tolerance=none) the first such failure becomes the task's fatal error, thrown by the next put/flush.
 * Never silently dropped. Thread-safe.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final AtomicReference<ConnectException> fatal = new AtomicReference<>();

    DeadLetters(ErrantRecordReporter reporter, SinkMetrics metrics) {
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /** Reports {@code record}; returns false when it could not be (the task is then failed). */
    boolean report(SinkRecord record, Throwable error) {
        if (reporter == null) {
            fail(new ConnectException(error.getMessage(), error));
            return false;
        }
        try {
            reporter.report(record, error);
            metrics.deadLettered(1);
            return true;
        } catch (RuntimeException e) {
            fail(new ConnectException(error.getMessage(), e));
            return false;
        }
    }

    /** Fails the task (first failure wins). */
    void fail(ConnectException error) {
        if (fatal.compareAndSet(null, error)) {
            LOG.error("HTTPS sink task fails: {}", error.getMessage());
        }
    }

    /** The fatal error, or null. */
    ConnectException fatal() {
        return fatal.get();
    }
}
