package dev.eventstream.connect.http;

import dev.eventstream.connect.common.sink.DeadLetters;
import dev.eventstream.connect.common.RecordCoordinates;
import okhttp3.Call;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One batch of one claimed partition, from rendering to settlement, on the worker's sender threads: takes the partition's head,
 * renders it, sends it, and carries out the {@link OutcomePolicy}'s decision: settle, retry later (on the pool's timer,
 * the partition stays claimed), split, dead-letter, or fail the task. Finishes exactly once.
 */
final class DeliveryJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryJob.class);

    /** What the jobs of one pipeline share; {@code dispatch} runs after each job finished. */
    record Services(RecordBuffer buffer, BatchRenderer renderer, HttpSender sender, OutcomePolicy policy,
                    EndpointHold hold, DeadLetters deadLetters, DeliveryAccounting accounting,
                    SenderPool pool, Runnable dispatch, String endpoint) {
    }

    private final RecordBuffer.Partition partition;
    private final Services services;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean executing = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private RenderedBatch batch;
    private long firstAttemptNanos;
    private volatile Call call;
    private volatile ScheduledFuture<?> retry;

    DeliveryJob(RecordBuffer.Partition partition, Services services) {
        this.partition = partition;
        this.services = services;
    }

    /**
     * The partition was closed: cancel the request on the wire and a pending retry. A retry that has not started
     * is given up here (a started one sees the closed partition itself).
     */
    void cancel() {
        Call current = call;
        if (current != null) {
            current.cancel();
        }
        ScheduledFuture<?> pending = retry;
        if (pending != null && pending.cancel(false) && !executing.get()) {
            abandon();
        }
    }

    @Override
    public void run() {
        executing.set(true);
        try {
            if (batch == null && !prepare()) {
                return;
            }
            attempt();
        } catch (Throwable e) {
            // the executor's future would swallow it and leave the partition claimed for good
            services.deadLetters().fail(new ConnectException("HTTPS sink failed on " + partition.topicPartition()
                    + ": " + e, e));
            abandon();
        } finally {
            executing.set(false);
        }
    }

    /** Registers the call about to execute; the closed flag is read after, so close() or this cancels it. */
    private void register(Call current) {
        call = current;
        if (partition.closed()) {
            current.cancel();
        }
    }

    /** Takes and renders the batch; returns false when the job is already settled. */
    private boolean prepare() {
        if (partition.closed()) {
            finish(0, true);
            return false;
        }
        RecordBuffer buffer = services.buffer();
        List<SinkRecord> candidates = buffer.take(partition);
        if (candidates.isEmpty()) {
            finish(0, true);
            return false;
        }
        batch = services.renderer().render(candidates);
        buffer.putBack(partition, candidates.subList(batch.covered().size(), candidates.size()));
        buffer.observeRendered(batch.sent().size(), batch.uncompressedLength());
        if (!services.deadLetters().report(batch.failures())) {
            abandon();
            return false;
        }
        if (!batch.hasBody()) {
            settle();
            return false;
        }
        firstAttemptNanos = System.nanoTime();
        return true;
    }

    private void attempt() {
        if (partition.closed()) {
            abandon();
            return;
        }
        OutcomePolicy policy = services.policy();
        long heldMs = services.hold().remainingMs(System.nanoTime());
        if (heldMs > 0) {
            retry = services.pool().schedule(this, policy.afterHoldMs(heldMs));
            return;
        }
        long start = System.nanoTime();
        HttpSender.Outcome outcome = services.sender().send(batch, this::register, partition::closed);
        call = null;
        int attempt = attempts.incrementAndGet();
        long now = System.nanoTime();
        services.accounting().attempted(batch, outcome, now - start);
        if (!outcome.success() && partition.closed()) {
            abandon();
            return;
        }
        long holdMs = policy.endpointHoldMs(outcome);
        if (holdMs >= 0) {
            services.hold().holdFor(holdMs, now);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(now - firstAttemptNanos);
        OutcomePolicy.Decision decision = policy.decide(outcome, attempt, elapsedMs, batch.sent().size());
        if (decision instanceof OutcomePolicy.Deliver) {
            services.accounting().delivered(batch);
            settle();
        } else if (decision instanceof OutcomePolicy.FailTask failure) {
            services.deadLetters().fail(new ConnectException(failure.message()));
            abandon();
        } else if (decision instanceof OutcomePolicy.Retry later) {
            services.accounting().retried();
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn("Delivery of {} records of {} to {} failed ({}), attempt {}; retrying in {} ms",
                        batch.sent().size(), partition.topicPartition(), services.endpoint(), outcome.describe(),
                        attempt, later.delayMs());
            }
            retry = services.pool().schedule(this, later.delayMs());
        } else if (decision instanceof OutcomePolicy.Split) {
            split(outcome.status());
        } else if (decision instanceof OutcomePolicy.DeadLetter deadLetter) {
            deadLetter(deadLetter.reason());
        }
    }

    /** Puts the batch's records back to be resent in halves; render failures already went to the DLQ. */
    private void split(int status) {
        LOG.info("{} answered HTTP {} to a batch of {} records of {}; resending it in halves to isolate the "
                + "offending records", services.endpoint(), status, batch.sent().size(), partition.topicPartition());
        Set<SinkRecord> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        batch.failures().forEach(f -> failed.add(f.record()));
        List<SinkRecord> resend = new ArrayList<>(batch.covered().size());
        for (SinkRecord r : batch.covered()) {
            if (!failed.contains(r)) {
                resend.add(r);
            }
        }
        services.buffer().split(partition, resend, batch.sent().size());
        finish(batch.covered().size() - resend.size(), true);
    }

    private void deadLetter(String reason) {
        services.accounting().failed();
        List<RenderedBatch.Failure> failures = new ArrayList<>(batch.sent().size());
        for (SinkRecord record : batch.sent()) {
            failures.add(new RenderedBatch.Failure(record, new DataException("Delivery to " + services.endpoint()
                    + " failed: " + reason + "; record " + RecordCoordinates.describe(record))));
        }
        if (services.deadLetters().report(failures)) {
            settle();
        } else {
            abandon();
        }
    }

    /** Every covered record is delivered, skipped or dead-lettered: its offsets may commit. */
    private void settle() {
        finish(batch.covered().size(), true);
    }

    /** Gives the batch up without committing anything: the records are redelivered to whoever owns the partition. */
    private void abandon() {
        finish(batch == null ? 0 : batch.covered().size(), false);
    }

    private void finish(int releasedRecords, boolean settled) {
        if (finished.compareAndSet(false, true)) {
            services.buffer().finish(partition, releasedRecords, settled);
            services.dispatch().run();
        }
    }
}
