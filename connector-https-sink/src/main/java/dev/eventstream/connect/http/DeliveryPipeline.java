package dev.eventstream.connect.http;

import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.common.sink.DeadLetters;
import dev.eventstream.connect.usage.UsageRecorder;
import okhttp3.Call;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves buffered records to the endpoint. A dispatcher thread claims partitions whose batch is ready (at most
 * {@code max.in.flight.requests} at once, one per partition, which keeps per-partition order) and hands each to
 * a sender thread, which renders, compresses and signs the batch, sends it, and settles it: delivered, retried
 * later (backoff on the shared scheduler, the partition stays claimed), split, or reported to the DLQ.
 */
final class DeliveryPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    /** What a sender thread needs; one renderer per thread. */
    interface RendererFactory {
        BatchRenderer create();
    }

    private final RecordBuffer buffer;
    private final HttpSender sender;
    private final RetryPolicy retryPolicy;
    private final Set<Integer> splitStatuses;
    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;
    private final UsageRecorder usage;
    private final String endpoint;
    private final EndpointHold hold;
    private final int maxInFlight;
    private final long closeGraceMs;
    private final ScheduledThreadPoolExecutor executor;
    private final ThreadLocal<BatchRenderer> renderers;
    private final List<BatchRenderer> allRenderers = new CopyOnWriteArrayList<>();
    private final Thread dispatcher;
    private volatile boolean running = true;
    private volatile boolean flushRequested;
    private int inFlight;

    DeliveryPipeline(HttpsSinkConfig config, String taskName, RecordBuffer buffer, HttpSender sender,
                     RetryPolicy retryPolicy, DeadLetters deadLetters, SinkMetrics metrics,
                     UsageRecorder usage, RendererFactory rendererFactory) {
        this.buffer = buffer;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.splitStatuses = config.splitStatuses();
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.usage = usage;
        this.endpoint = config.urlForLogs();
        this.hold = EndpointHold.acquire(config.url());
        this.maxInFlight = config.maxInFlightRequests();
        this.closeGraceMs = Math.min(config.requestTimeoutMs(), 5_000L);
        this.executor = new ScheduledThreadPoolExecutor(maxInFlight, threads(taskName + "-sender"));
        this.executor.setRemoveOnCancelPolicy(true);
        this.renderers = ThreadLocal.withInitial(() -> {
            BatchRenderer renderer = rendererFactory.create();
            allRenderers.add(renderer);
            return renderer;
        });
        this.dispatcher = threads(taskName + "-dispatcher").newThread(this::dispatchLoop);
    }

    void start() {
        dispatcher.start();
    }

    /** Sends partial batches now instead of waiting for linger (used before a commit and in tests). */
    void flushSoon() {
        flushRequested = true;
        signal();
    }

    /**
     * Stops sending for revoked partitions: queued records dropped (never committed); in-flight requests cancelled,
     * scheduled retries cancelled, and a job that is busy with something that cannot be cancelled (a token fetch) is
     * awaited up to the grace period. Whatever is still running after that checks the partition's closed flag before
     * any request, so once this returns nothing of these partitions reaches the endpoint.
     */
    void close(Collection<TopicPartition> revoked) {
        List<RecordBuffer.Partition> removed = buffer.remove(revoked);
        List<Job> jobs = new ArrayList<>();
        buffer.lock.lock();
        try {
            for (RecordBuffer.Partition p : removed) {
                Job job = (Job) p.job;
                if (job != null) {
                    jobs.add(job);
                }
            }
        } finally {
            buffer.lock.unlock();
        }
        jobs.forEach(Job::cancel);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeGraceMs);
        buffer.lock.lock();
        try {
            for (Job job : jobs) {
                while (!job.finished.get()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("A request of closed partition {} did not end within {} ms; it sends nothing more",
                                job.partition.topicPartition, closeGraceMs);
                        break;
                    }
                    buffer.changed.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            buffer.lock.unlock();
        }
        if (!removed.isEmpty()) {
            LOG.debug("Closed partitions {}; undelivered records there are left for the next owner", revoked);
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        close(buffer.partitions());
        running = false;
        signal();
        executor.shutdown();
        try {
            dispatcher.join(5_000L);
            if (!executor.awaitTermination(closeGraceMs + 1_000L, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        for (BatchRenderer renderer : allRenderers) {
            renderer.close();
        }
        hold.release();
    }

    int inFlight() {
        buffer.lock.lock();
        try {
            return inFlight;
        } finally {
            buffer.lock.unlock();
        }
    }

    private void signal() {
        buffer.lock.lock();
        try {
            buffer.changed.signalAll();
        } finally {
            buffer.lock.unlock();
        }
    }

    private void dispatchLoop() {
        long[] nextCheck = new long[1];
        buffer.lock.lock();
        try {
            while (running) {
                long wait = TimeUnit.SECONDS.toNanos(1);
                if (deadLetters.fatal() == null && inFlight < maxInFlight) {
                    boolean flush = flushRequested;
                    List<RecordBuffer.Partition> ready = buffer.claimReady(maxInFlight - inFlight, System.nanoTime(),
                            flush, nextCheck);
                    if (flush && ready.isEmpty()) {
                        flushRequested = false;
                    }
                    for (RecordBuffer.Partition p : ready) {
                        Job job = new Job(p);
                        p.job = job;
                        inFlight++;
                        executor.execute(job);
                    }
                    wait = Math.min(wait, Math.max(nextCheck[0], 1_000_000L));
                }
                buffer.changed.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            deadLetters.fail(new ConnectException("HTTPS sink dispatcher failed: " + e, e));
        } finally {
            buffer.lock.unlock();
        }
    }

    /** One batch of one partition, from rendering to settlement. Runs on sender threads. */
    private final class Job implements Runnable {
        private final RecordBuffer.Partition partition;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicInteger attempts = new AtomicInteger();
        private RenderedBatch batch;
        private long firstAttemptNanos;
        private final AtomicBoolean executing = new AtomicBoolean();
        private volatile Call call;
        private volatile ScheduledFuture<?> retry;

        Job(RecordBuffer.Partition partition) {
            this.partition = partition;
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

        /** Registers the call about to execute; the closed flag is read after, so close() or this cancels it. */
        private void register(Call current) {
            call = current;
            if (partition.closed) {
                current.cancel();
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
                deadLetters.fail(new ConnectException("HTTPS sink failed on " + partition.topicPartition + ": " + e, e));
                abandon();
            } finally {
                executing.set(false);
            }
        }

        /** Returns false when the job is already settled. */
        private boolean prepare() {
            if (partition.closed) {
                finish(0, true);
                return false;
            }
            List<SinkRecord> candidates = buffer.take(partition);
            if (candidates.isEmpty()) {
                finish(0, true);
                return false;
            }
            batch = renderers.get().render(candidates);
            buffer.putBack(partition, candidates.subList(batch.covered().size(), candidates.size()));
            buffer.observeRendered(batch.sent().size(), batch.uncompressedLength());
            if (!deadLetters.report(batch.failures())) {
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
            if (partition.closed) {
                abandon();
                return;
            }
            long heldMs = hold.remainingMs(System.nanoTime());
            if (heldMs > 0) {
                retry = executor.schedule(this, retryPolicy.afterHoldMs(heldMs), TimeUnit.MILLISECONDS);
                return;
            }
            long start = System.nanoTime();
            HttpSender.Outcome outcome = sender.send(batch, this::register, () -> partition.closed);
            call = null;
            int attempt = attempts.incrementAndGet();
            long now = System.nanoTime();
            for (int i = 0; i < outcome.requests(); i++) {
                metrics.request(TimeUnit.NANOSECONDS.toMillis(now - start) / Math.max(1, outcome.requests()));
            }
            usage.attempts(batch.sent().get(0), outcome.requests(), outcome.requests() - (outcome.success() ? 1 : 0));
            if (outcome.success()) {
                metrics.delivered(batch.sent().size(), batch.body().length, batch.uncompressedLength());
                usage.delivered(batch.sent(), batch.sizes(), batch.uncompressedLength(), batch.body().length);
                settle();
                return;
            }
            if (partition.closed) {
                abandon();
                return;
            }
            if (outcome.credentialsRefused()) {
                deadLetters.fail(new ConnectException(outcome.error().getMessage()));
                abandon();
                return;
            }
            int status = outcome.status();
            if ((status == 429 || status == 503) && outcome.retryAfterMs() >= 0) {
                // the endpoint asks this worker to stop; past the budget the next request finds out again
                hold.holdFor(Math.min(outcome.retryAfterMs(), retryPolicy.budgetMs()), now);
            }
            if (status < 0 || retryPolicy.isRetriable(status)) {
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(now - firstAttemptNanos);
                long delay = retryPolicy.delayMs(attempt, elapsedMs, outcome.retryAfterMs());
                if (delay >= 0) {
                    metrics.retry();
                    if (attempt == 1 || attempt % 10 == 0) {
                        LOG.warn("Delivery of {} records of {} to {} failed ({}), attempt {}; retrying in {} ms",
                                batch.sent().size(), partition.topicPartition, endpoint, outcome.describe(), attempt, delay);
                    }
                    retry = executor.schedule(this, delay, TimeUnit.MILLISECONDS);
                    return;
                }
                deadLetter("gave up after " + attempt + " attempts in " + elapsedMs + " ms ("
                        + HttpsSinkConfig.RETRY_TIMEOUT_MS + "=" + retryPolicy.budgetMs() + "), last: "
                        + outcome.describe());
                return;
            }
            if (splitStatuses.contains(status) && batch.sent().size() > 1) {
                LOG.info("{} answered HTTP {} to a batch of {} records of {}; resending it in halves to isolate the "
                        + "offending records", endpoint, status, batch.sent().size(), partition.topicPartition);
                List<SinkRecord> resend = new ArrayList<>(batch.covered().size());
                Set<SinkRecord> failed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                batch.failures().forEach(f -> failed.add(f.record()));
                for (SinkRecord r : batch.covered()) {
                    if (!failed.contains(r)) {
                        resend.add(r);
                    }
                }
                buffer.split(partition, resend, batch.sent().size());
                finish(batch.covered().size() - resend.size(), true);
                return;
            }
            deadLetter("non-retriable " + outcome.describe() + " after " + attempt + " attempt(s)");
        }

        private void deadLetter(String reason) {
            metrics.failure();
            List<RenderedBatch.Failure> failures = new ArrayList<>(batch.sent().size());
            for (SinkRecord record : batch.sent()) {
                failures.add(new RenderedBatch.Failure(record, new DataException("Delivery to " + endpoint
                        + " failed: " + reason + "; record " + RecordCoordinates.describe(record))));
            }
            if (deadLetters.report(failures)) {
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
        void abandon() {
            finish(batch == null ? 0 : batch.covered().size(), false);
        }

        private void finish(int releasedRecords, boolean settled) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            buffer.lock.lock();
            try {
                buffer.endInFlight(partition, settled);
                partition.busy = false;
                partition.job = null;
                inFlight--;
                buffer.release(releasedRecords);
            } finally {
                buffer.lock.unlock();
            }
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
