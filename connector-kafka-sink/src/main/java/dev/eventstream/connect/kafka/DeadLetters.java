package dev.eventstream.connect.kafka;

import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides what a failed record becomes. Used by the task thread only.
 * <ul>
 *   <li>Failures of the record itself (it cannot be rendered; the target refuses it: too large, invalid, topic not
 *       authorized or invalid): reported to Connect's errant record reporter (the DLQ, errors.tolerance=all) with the
 *       reason; settled, and so committed, only once the DLQ write is acknowledged. Without a reporter
 *       (errors.tolerance=none) the task fails.</li>
 *   <li>Anything else (retriable errors the producer kept retrying until target.delivery.timeout.ms, authentication,
 *       cluster authorization, a fenced producer): the task fails. The record is not settled, so its offset, and
 *       everything after it, is not committed: nothing is lost, it is delivered again after a restart.</li>
 * </ul>
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final long DLQ_WRITE_TIMEOUT_SECONDS = 60;

    private record Reported(OffsetTracker.Pending pending, Future<Void> write) {
    }

    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final UsageRecorder usage;
    private final List<Reported> reported = new ArrayList<>();
    private ConnectException fatal;

    DeadLetters(ErrantRecordReporter reporter, SinkMetrics metrics, UsageRecorder usage) {
        this.reporter = reporter;
        this.metrics = metrics;
        this.usage = usage;
    }

    /** Whether {@code error} is a failure of the record itself (DLQ-able) rather than of the delivery path. */
    static boolean recordLevel(Throwable error) {
        if (error instanceof RetriableException || error instanceof ClusterAuthorizationException) {
            return false;
        }
        return error instanceof DataException
                || error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException
                || error instanceof InvalidTimestampException
                || error instanceof SerializationException
                || error instanceof InvalidTopicException
                || error instanceof PolicyViolationException
                || error instanceof AuthorizationException;
    }

    /** Handles a record whose mapping or delivery failed. */
    void failed(OffsetTracker.Pending pending, String targetTopic, Throwable error) {
        metrics.failure();
        SinkRecord record = pending.record;
        if (!recordLevel(error)) {
            fail(new ConnectException("Delivery to target topic " + targetTopic + " failed: " + describe(error)
                    + " " + RecordMapper.describe(record) + ". The offset is not committed; the record is delivered "
                    + "again when the task restarts.", error));
            return;
        }
        DataException reason = error instanceof DataException ? (DataException) error
                : new DataException("Target topic " + targetTopic + " refused the record: " + describe(error) + " "
                        + RecordMapper.describe(record), error);
        if (reporter == null) {
            fail(new ConnectException(reason.getMessage() + " (errors.tolerance=none: the task fails; set "
                    + "errors.tolerance=all and errors.deadletterqueue.topic.name to route such records to a DLQ)", reason));
            return;
        }
        try {
            reported.add(new Reported(pending, reporter.report(record, reason)));
            metrics.deadLettered();
            LOG.debug("Reported to the DLQ: {}", reason.getMessage());
        } catch (RuntimeException e) {
            fail(new ConnectException(reason.getMessage() + " (the DLQ refused it: " + e.getMessage() + ")", e));
        }
    }

    /** Waits for the DLQ writes reported so far and settles their records; a failed write fails the task. */
    void awaitReported() {
        for (Reported entry : reported) {
            try {
                entry.write().get(DLQ_WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                entry.pending().settle();
                usage.deadLettered(List.of(entry.pending().record));
            } catch (ExecutionException | TimeoutException e) {
                fail(new ConnectException("Writing a record to the DLQ failed " + RecordMapper.describe(entry.pending().record)
                        + ": " + e, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while waiting for DLQ writes", e);
            }
        }
        reported.clear();
    }

    /** Fails the task (the first failure wins). */
    void fail(ConnectException error) {
        if (fatal == null) {
            fatal = error;
            LOG.error("Kafka sink task fails: {}", error.getMessage());
        }
    }

    /** The fatal error, or null. */
    ConnectException fatal() {
        return fatal;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
