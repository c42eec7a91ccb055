package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.common.sink.DeadLetters;
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
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a failed record becomes; the DLQ writes and the task's fatal error are {@link DeadLetters}'. Used by
 * the task thread only.
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
final class DeliveryFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFailures.class);

    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;
    private final List<Reported> reported = new ArrayList<>();

    private record Reported(OffsetTracker.Pending pending, DeadLetters.Write write) {
    }

    DeliveryFailures(DeadLetters deadLetters, SinkMetrics metrics) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
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
            deadLetters.fail(new ConnectException("Delivery to target topic " + targetTopic + " failed: "
                    + describe(error) + " " + RecordCoordinates.describe(record) + ". The offset is not committed; the "
                    + "record is delivered again when the task restarts.", error));
            return;
        }
        DataException reason = error instanceof DataException ? (DataException) error
                : new DataException("Target topic " + targetTopic + " refused the record: " + describe(error) + " "
                        + RecordCoordinates.describe(record), error);
        DeadLetters.Write write = deadLetters.report(record, reason);
        if (write != null) {
            reported.add(new Reported(pending, write));
            LOG.debug("Reported to the DLQ: {}", reason.getMessage());
        }
    }

    /** Waits for the DLQ writes reported so far and settles their records; a failed write fails the task. */
    void awaitReported() {
        try {
            for (Reported entry : reported) {
                if (deadLetters.acknowledged(entry.write())) {
                    entry.pending().settle();
                } else if (Thread.currentThread().isInterrupted()) {
                    throw new ConnectException("Interrupted while waiting for DLQ writes");
                }
            }
        } finally {
            reported.clear();
        }
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
