package dev.eventstream.connect.http;

import dev.eventstream.connect.common.SharedResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sender threads of every HTTPS sink task in this worker (more precisely: in the plugin's class loader): one
 * bounded pool, sized to the machine and not to the number of tasks, that renders, compresses, signs and sends the
 * tasks' batches, plus one timer thread for retries and linger deadlines. Jobs wait in one FIFO queue across tasks,
 * so a job waits only for the jobs ready before it, whichever task they belong to; each task keeps its own limit of
 * requests in flight (a slow endpoint holds at most that many threads), and no task may hold more than half the
 * pool ({@link #perTaskLimit}), so the others always have threads.
 *
 * <p>Threads start with work and end after {@value #IDLE_SECONDS} s without any: an idle worker holds none. Each
 * sender thread keeps its own render and gzip buffers ({@link RenderBuffers}), freed when the thread ends.
 * Reference-counted per pool size like the worker's other shared resources: the first task makes it, the last task
 * to stop shuts it down.
 */
final class SenderPool {

    /**
     * Sender threads when {@code sender.pool.threads} is 0: 8 per core, at least 32. Sending blocks on the network: a
     * request spends milliseconds of CPU (rendering, gzip, TLS) and tens to thousands of milliseconds waiting for the
     * endpoint, so a core needs several threads to stay busy; the floor leaves a small machine room for eight slow
     * endpoints at the default 4 requests in flight each before healthy ones would queue behind them.
     */
    static final int DEFAULT_THREADS = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
    static final long IDLE_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(SenderPool.class);
    private static final SharedResources<Integer, SenderPool> POOLS =
            new SharedResources<>(SenderPool::new, SenderPool::shutdown);

    private final int threads;
    private final ThreadPoolExecutor senders;
    private final ScheduledThreadPoolExecutor timer;

    SenderPool(int threads) {
        this.threads = threads;
        this.senders = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("eventstream-https-sender"), (job, pool) ->
                LOG.debug("A sender job arrived after the sender pool shut down; its task has stopped"));
        this.senders.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("eventstream-https-timer"));
        this.timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        this.timer.allowCoreThreadTimeOut(true);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** The pool of {@code threads} sender threads (0: {@link #DEFAULT_THREADS}); close the lease when the task stops. */
    static SharedResources<Integer, SenderPool>.Lease acquire(int threads) {
        return POOLS.acquire(threads > 0 ? threads : DEFAULT_THREADS);
    }

    /** How many tasks use the pool of {@code threads} threads; 0 when it is not open. */
    static int users(int threads) {
        return POOLS.users(threads > 0 ? threads : DEFAULT_THREADS);
    }

    /**
     * The requests a task of {@code maxInFlight} may have in flight on this pool: its own limit, and at most half the
     * pool, so that one endpoint, however slow, leaves the other tasks threads.
     */
    int perTaskLimit(int maxInFlight) {
        return Math.min(maxInFlight, Math.max(1, threads / 2));
    }

    int threads() {
        return threads;
    }

    /** Runs {@code job} on a sender thread, after the jobs queued before it. */
    void execute(Runnable job) {
        senders.execute(job);
    }

    /** Queues {@code job} for a sender thread after {@code delayMs}. */
    ScheduledFuture<?> schedule(Runnable job, long delayMs) {
        return timer.schedule(() -> execute(job), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code action} on the timer thread after {@code delayMs}: for quick work that must not wait behind the
     * queued jobs (a task's linger wake-up, which only claims and queues jobs).
     */
    ScheduledFuture<?> onTimer(Runnable action, long delayMs) {
        return timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Live sender threads (they end when idle). */
    int liveThreads() {
        return senders.getPoolSize();
    }

    /** Whether the last task using the pool has stopped. */
    boolean isShutdown() {
        return senders.isShutdown();
    }

    private void shutdown() {
        timer.shutdownNow();
        senders.shutdown();
        LOG.debug("Sender pool of {} threads shut down: no task uses it any more", threads);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    RenderBuffers.releaseCurrent();
                }
            }, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
