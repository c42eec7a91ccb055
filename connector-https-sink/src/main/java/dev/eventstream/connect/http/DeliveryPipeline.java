package dev.eventstream.connect.http;

import dev.eventstream.connect.common.sink.DeadLetters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves buffered records to the endpoint. A dispatcher thread claims partitions whose batch is ready (at most
 * {@code max.in.flight.requests} at once, one per partition, which keeps per-partition order) and hands each
 * {@link DeliveryJob} to a sender thread; the threads, the renderers and the endpoint's hold live here.
 */
final class DeliveryPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    /** What a sender thread needs; one renderer per thread. */
    interface RendererFactory {
        BatchRenderer create();
    }

    private final RecordBuffer buffer;
    private final DeadLetters deadLetters;
    private final EndpointHold hold;
    private final int maxInFlight;
    private final long closeGraceMs;
    private final ScheduledThreadPoolExecutor executor;
    private final List<BatchRenderer> allRenderers = new CopyOnWriteArrayList<>();
    private final DeliveryJob.Services services;
    private final Thread dispatcher;
    private volatile boolean running = true;

    DeliveryPipeline(HttpsSinkConfig config, String taskName, RecordBuffer buffer, HttpSender sender,
                     DeadLetters deadLetters, DeliveryAccounting accounting, RendererFactory rendererFactory) {
        this.buffer = buffer;
        this.deadLetters = deadLetters;
        this.hold = EndpointHold.acquire(config.url());
        this.maxInFlight = config.maxInFlightRequests();
        this.closeGraceMs = Math.min(config.requestTimeoutMs(), 5_000L);
        this.executor = new ScheduledThreadPoolExecutor(maxInFlight, threads(taskName + "-sender"));
        this.executor.setRemoveOnCancelPolicy(true);
        ThreadLocal<BatchRenderer> renderers = ThreadLocal.withInitial(() -> {
            BatchRenderer renderer = rendererFactory.create();
            allRenderers.add(renderer);
            return renderer;
        });
        this.services = new DeliveryJob.Services(buffer, renderers::get, sender, OutcomePolicy.forConfig(config), hold,
                deadLetters, accounting, executor, config.urlForLogs());
        this.dispatcher = threads(taskName + "-dispatcher").newThread(this::dispatchLoop);
    }

    void start() {
        dispatcher.start();
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

    @Override
    public void close() {
        if (!running) {
            return;
        }
        close(buffer.partitions());
        running = false;
        buffer.wakeUp();
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

    private void dispatchLoop() {
        try {
            while (running) {
                if (deadLetters.fatal() == null) {
                    buffer.claim(maxInFlight, System.nanoTime(), p -> new DeliveryJob(p, services))
                            .forEach(executor::execute);
                }
                buffer.awaitChange(TimeUnit.SECONDS.toNanos(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            deadLetters.fail(new ConnectException("HTTPS sink dispatcher failed: " + e, e));
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
