package dev.eventstream.connect.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the buffers of all HTTPS sink tasks of this worker may hold together: a share of the JVM's maximum
 * heap ({@code buffer.worker.max.heap.percent}; the smallest share any running task asks for applies), so that many
 * connectors, each within its own {@code buffer.max.bytes}, cannot exhaust the heap together. Each task holds a
 * {@link Share} that its buffer adds its bytes to.
 *
 * <p>A task pauses its partitions when its buffer passes {@code buffer.max.bytes}, or when the worker's buffers
 * together pass the worker's bound and this task holds more than its fair part of it (the bound divided by the
 * tasks). A task below its fair part keeps consuming even then, so the tasks of slow endpoints, which hold the most,
 * are the ones that stop, not the healthy ones. The worker's buffers stay within the bound plus what one poll adds
 * per task. A paused task resumes below half its own bound, and, while the worker is over its bound, below half its
 * fair part. Thread-safe.
 */
final class BufferBudget {

    /** This worker's budget. */
    static final BufferBudget WORKER = new BufferBudget(Runtime.getRuntime().maxMemory());

    private final long maxHeapBytes;
    private final AtomicLong held = new AtomicLong();
    private final Set<Share> shares = ConcurrentHashMap.newKeySet();
    private volatile long limitBytes;

    BufferBudget(long maxHeapBytes) {
        this.maxHeapBytes = maxHeapBytes;
        this.limitBytes = maxHeapBytes;
    }

    /** A task's account, for a task whose {@code buffer.worker.max.heap.percent} is {@code percent}. */
    Share join(int percent) {
        Share share = new Share(percent);
        shares.add(share);
        updateLimit();
        return share;
    }

    /** Bytes all tasks' buffers hold. */
    long held() {
        return held.get();
    }

    /** The worker's bound: the smallest share of the maximum heap any task asks for. */
    long limit() {
        return limitBytes;
    }

    private synchronized void updateLimit() {
        int percent = 100;
        for (Share share : shares) {
            percent = Math.min(percent, share.percent);
        }
        limitBytes = maxHeapBytes / 100 * percent;
    }

    /** One task's bytes in the budget; {@link #close()} when the task stops (what it still counts is given back). */
    final class Share implements AutoCloseable {
        private final int percent;
        private volatile long mine;
        private boolean closed;

        private Share(int percent) {
            this.percent = percent;
        }

        /**
         * The task's buffer holds {@code delta} bytes more (or fewer, when negative). Ignored once closed: a job
         * that ends after its task stopped gives back nothing twice.
         */
        synchronized void add(long delta) {
            if (!closed) {
                mine += delta;
                held.addAndGet(delta);
            }
        }

        /** Bytes this task's buffer holds. */
        long bytes() {
            return mine;
        }

        /** Whether the task should pause its partitions, with {@code taskMaxBytes} its own bound. */
        boolean shouldPause(long taskMaxBytes) {
            long own = mine;
            return own > taskMaxBytes || (held.get() > limitBytes && own > fairPart());
        }

        /** Whether a paused task may resume. */
        boolean mayResume(long taskMaxBytes) {
            long own = mine;
            return own <= taskMaxBytes / 2 && (held.get() <= limitBytes || own <= fairPart() / 2);
        }

        /** The worker's bound divided by the tasks that share it. */
        long fairPart() {
            return limitBytes / Math.max(1, shares.size());
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            held.addAndGet(-mine);
            mine = 0;
            shares.remove(this);
            updateLimit();
        }
    }
}
