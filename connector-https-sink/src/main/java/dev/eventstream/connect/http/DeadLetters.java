package dev.eventstream.connect.http;

import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records that cannot be delivered go to Connect's errant record reporter (the DLQ, errors.tolerance=all); without
 * one (errors.tolerance=none) the first such failure becomes the task's fatal error, thrown by the next put/flush.
 * A reported record counts as settled only once its DLQ write is acknowledged: Connect awaits the writes it knows of
 * before {@code preCommit}, but these are made by sender threads, so they are awaited here. A failed write fails the
 * task with its reason. Never silently dropped. Thread-safe.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final UsageRecorder usage;
    private final AtomicReference<ConnectException> fatal = new AtomicReference<>();

    DeadLetters(ErrantRecordReporter reporter, SinkMetrics metrics, UsageRecorder usage) {
        this.reporter = reporter;
        this.metrics = metrics;
        this.usage = usage;
    }

    /**
     * Reports {@code failures} and waits until the DLQ acknowledged every write. Returns false when they are not
     * all written: the task is then failed, or the wait was interrupted (the task is stopping).
     */
    boolean report(List<RenderedBatch.Failure> failures) {
        if (failures.isEmpty()) {
            return true;
        }
        if (reporter == null) {
            RenderedBatch.Failure first = failures.get(0);
            fail(new ConnectException(first.error().getMessage(), first.error()));
            return false;
        }
        List<Future<Void>> writes = new ArrayList<>(failures.size());
        for (RenderedBatch.Failure failure : failures) {
            try {
                writes.add(reporter.report(failure.record(), failure.error()));
            } catch (RuntimeException e) {
                fail(writeFailed(failure, e));
                return false;
            }
        }
        for (int i = 0; i < writes.size(); i++) {
            Future<Void> write = writes.get(i);
            try {
                if (write != null) {
                    write.get();
                }
            } catch (ExecutionException e) {
                fail(writeFailed(failures.get(i), e.getCause() == null ? e : e.getCause()));
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        metrics.deadLettered(failures.size());
        if (usage.enabled()) {
            usage.deadLettered(failures.stream().map(RenderedBatch.Failure::record).toList());
        }
        return true;
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

    private static ConnectException writeFailed(RenderedBatch.Failure failure, Throwable cause) {
        return new ConnectException("Writing record " + RecordCoordinates.describe(failure.record())
                + " to the dead letter queue failed (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + "); it was reported because: " + failure.error().getMessage(), cause);
    }
}
