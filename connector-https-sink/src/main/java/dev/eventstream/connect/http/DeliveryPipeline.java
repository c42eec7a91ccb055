package dev.eventstream.connect.http;

import dev.eventstream.connect.common.sink.DeadLetters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Moves buffered records to the endpoint on the worker's shared {@link SenderPool}. Whenever a batch may have become
 * ready (records added, a job finished, a linger deadline passed) {@link #dispatch} claims the partitions whose batch
 * is ready (one job per partition, which keeps per-partition order; at most the task's limit of requests in flight)
 * and queues a {@link DeliveryJob} for each on the pool. The task owns no thread: its buffer, its limit and its
 * endpoint's hold live here.
 */
final class DeliveryPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final RecordBuffer buffer;
    private final DeadLetters deadLetters;
    private final EndpointHold hold;
    private final SenderPool pool;
    private final int maxInFlight;
    private final long closeGraceMs;
    private final DeliveryJob.Services services;
    private volatile boolean running = true;
    /** The linger wake-up scheduled on the pool's timer, and when it is due (nanoTime); guarded by this. */
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAtNanos;

    DeliveryPipeline(HttpsSinkConfig config, RecordBuffer buffer, HttpSender sender, DeadLetters deadLetters,
                     DeliveryAccounting accounting, BatchRenderer renderer, SenderPool pool) {
        this.buffer = buffer;
        this.deadLetters = deadLetters;
        this.pool = pool;
        this.hold = EndpointHold.acquire(config.url());
        this.maxInFlight = pool.perTaskLimit(config.maxInFlightRequests());
        this.closeGraceMs = Math.min(config.requestTimeoutMs(), 5_000L);
        this.services = new DeliveryJob.Services(buffer, renderer, sender, OutcomePolicy.forConfig(config), hold,
                deadLetters, accounting, pool, this::dispatch, config.urlForLogs());
    }

    /** Requests this task may have in flight: {@code max.in.flight.requests}, at most half the pool. */
    int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Claims every partition with a batch ready, up to the task's limit, and queues their jobs on the pool; when a
     * partition waits for its linger, makes sure a wake-up is due by then. Called by the task after each put, by each
     * job when it finishes, and by the wake-up. Never blocks on the network.
     */
    void dispatch() {
        if (!running) {
            return;
        }
        try {
            if (deadLetters.fatal() != null) {
                return;
            }
            long now = System.nanoTime();
            List<DeliveryJob> jobs = buffer.claim(maxInFlight, now, p -> new DeliveryJob(p, services));
            jobs.forEach(pool::execute);
            long waitNanos = buffer.nextDeadlineNanos();
            if (waitNanos != Long.MAX_VALUE) {
                wakeUpBy(now + waitNanos);
            }
        } catch (RuntimeException e) {
            deadLetters.fail(new ConnectException("HTTPS sink dispatch failed: " + e, e));
        }
    }

    /** Schedules a dispatch at {@code dueNanos}, unless one is already due by then (1 ms of slack). */
    private synchronized void wakeUpBy(long dueNanos) {
        if (wakeUp != null && wakeUpAtNanos - dueNanos <= 1_000_000L) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAtNanos = dueNanos;
        long delayMs = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime() + 999_999L));
        wakeUp = pool.onTimer(this::wokenUp, delayMs);
    }

    /** The wake-up is due: forgotten first, so that the dispatch it runs can schedule the next one. */
    private void wokenUp() {
        synchronized (this) {
            wakeUp = null;
        }
        dispatch();
    }

    /**
     * Stops sending for revoked partitions: queued records dropped (never committed); in-flight requests cancelled,
     * scheduled retries cancelled, and a job that is busy with something that cannot be cancelled (a token fetch) is
     * awaited up to the grace period. Whatever is still running after that checks the partition's closed flag before
     * any request, so once this returns nothing of these partitions reaches the endpoint.
     */
    void close(Collection<TopicPartition> revoked) {
        List<RecordBuffer.Partition> removed = buffer.remove(revoked);
        for (RecordBuffer.Partition p : removed) {
            DeliveryJob job = buffer.job(p);
            if (job != null) {
                job.cancel();
            }
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeGraceMs);
            for (RecordBuffer.Partition p : buffer.awaitFinished(removed, deadline)) {
                LOG.warn("A request of closed partition {} did not end within {} ms; it sends nothing more",
                        p.topicPartition(), closeGraceMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!removed.isEmpty()) {
            LOG.debug("Closed partitions {}; undelivered records there are left for the next owner", revoked);
        }
    }

    /** Closes every partition (as {@link #close(Collection)}) and stops dispatching; the pool stays the worker's. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        close(buffer.partitions());
        running = false;
        synchronized (this) {
            if (wakeUp != null) {
                wakeUp.cancel(false);
            }
        }
        hold.release();
    }
}
