package dev.eventstream.connect.common.sink;

import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.common.TaskMetrics;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sink task's dead letter queue and fatal error. Records that cannot be delivered go to Connect's errant record
 * reporter (the DLQ, errors.tolerance=all) with their reason; without one (errors.tolerance=none) the first such
 * record becomes the task's fatal error, which the task throws from its next put/flush/preCommit.
 *
 * <p>A reported record counts as settled, and so may be committed, only once its DLQ write is acknowledged: Connect
 * awaits the writes it knows of before {@code preCommit} only for reports made on the task thread, so every write is
 * awaited here ({@link #acknowledged}). A write that fails or is not acknowledged within
 * {@value #WRITE_TIMEOUT_SECONDS} s fails the task with its reason: the record is not committed and is delivered
 * again after a restart. Acknowledged writes are counted ({@code dlq-records-*} metrics) and metered as usage.
 * Nothing is silently dropped. Thread-safe.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final long WRITE_TIMEOUT_SECONDS = 60;

    /** A record that failed on its own, with the reason it is reported for. */
    public interface FailedRecord {
        SinkRecord record();

        Throwable error();
    }

    /** A DLQ write in progress: the record, its reason and the reporter's acknowledgement (may be null). */
    public record Write(SinkRecord record, Throwable error, Future<Void> acknowledgement) implements FailedRecord {
    }

    private final ErrantRecordReporter reporter;
    private final String taskName;
    private final TaskMetrics metrics;
    private final Sensor deadLettered;
    private final UsageRecorder usage;
    private final AtomicReference<ConnectException> fatal = new AtomicReference<>();

    /**
     * @param reporter the task's errant record reporter, or null (errors.tolerance=none); see {@link #reporterOf}
     * @param taskName how log lines name the task, e.g. "HTTPS sink task"
     */
    public DeadLetters(ErrantRecordReporter reporter, String taskName, TaskMetrics metrics, UsageRecorder usage) {
        this.reporter = reporter;
        this.taskName = taskName;
        this.metrics = metrics;
        this.deadLettered = metrics.counter("dlq-records", "records reported to the dead letter queue", Map.of());
        this.usage = usage;
    }

    /** The context's errant record reporter; null without a DLQ, without a context, or on a worker older than 2.6. */
    public static ErrantRecordReporter reporterOf(SinkTaskContext context) {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    /**
     * Hands {@code record} to the DLQ with {@code reason}; await the returned write with {@link #acknowledged}.
     * Returns null when the record is not reported and the task failed instead: there is no DLQ, or the reporter
     * refused the record.
     */
    public Write report(SinkRecord record, Throwable reason) {
        if (reporter == null) {
            fail(new ConnectException(reason.getMessage() + " (errors.tolerance=none: the task fails; set "
                    + "errors.tolerance=all and errors.deadletterqueue.topic.name to route such records to a DLQ)",
                    reason));
            return null;
        }
        try {
            return new Write(record, reason, reporter.report(record, reason));
        } catch (RuntimeException e) {
            fail(writeFailed(record, reason, e));
            return null;
        }
    }

    /**
     * Waits until the DLQ acknowledged {@code write}, then counts it. Returns false when it was not: the task is
     * then failed, or the wait was interrupted (the interrupt flag is set again).
     */
    public boolean acknowledged(Write write) {
        if (!awaited(write)) {
            return false;
        }
        counted(List.of(write.record()));
        return true;
    }

    /**
     * Reports {@code failures} and waits until the DLQ acknowledged every write. Returns false when they are not all
     * written: the task is then failed, or the wait was interrupted (the task is stopping).
     */
    public boolean report(List<? extends FailedRecord> failures) {
        List<Write> writes = new ArrayList<>(failures.size());
        for (FailedRecord failure : failures) {
            Write write = report(failure.record(), failure.error());
            if (write == null) {
                return false;
            }
            writes.add(write);
        }
        for (Write write : writes) {
            if (!awaited(write)) {
                return false;
            }
        }
        counted(writes.stream().map(Write::record).toList());
        return true;
    }

    /** Fails the task (the first failure wins). */
    public void fail(ConnectException error) {
        if (fatal.compareAndSet(null, error)) {
            LOG.error("{} fails: {}", taskName, error.getMessage());
        }
    }

    /** The fatal error, or null. */
    public ConnectException fatal() {
        return fatal.get();
    }

    /** Throws the fatal error, if any. */
    public void throwIfFailed() {
        ConnectException error = fatal.get();
        if (error != null) {
            throw error;
        }
    }

    private boolean awaited(Write write) {
        try {
            if (write.acknowledgement() != null) {
                write.acknowledgement().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return true;
        } catch (ExecutionException e) {
            fail(writeFailed(write.record(), write.error(), e.getCause() == null ? e : e.getCause()));
        } catch (TimeoutException e) {
            fail(writeFailed(write.record(), write.error(),
                    new TimeoutException("not acknowledged within " + WRITE_TIMEOUT_SECONDS + " s")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void counted(List<SinkRecord> records) {
        metrics.record(deadLettered, records.size());
        if (usage.enabled()) {
            usage.deadLettered(records);
        }
    }

    private static ConnectException writeFailed(SinkRecord record, Throwable reason, Throwable cause) {
        return new ConnectException("Writing record " + RecordCoordinates.describe(record)
                + " to the dead letter queue failed (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + "); it was reported because: " + reason.getMessage(), cause);
    }
}
