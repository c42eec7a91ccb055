package dev.eventstream.connect.http;

import dev.eventstream.connect.common.HeapSizes;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-partition queues of records waiting to be sent, the rules that say when a partition has a batch ready, and
 * which partitions have a batch in flight. A partition is {@link #claim claimed} for one {@link DeliveryJob} at a
 * time, which keeps its order, until the job {@link #finish finishes}. The buffer's size is the heap its records
 * take (queued or in flight), measured once per record when it is added ({@link HeapSizes}, or the value's own
 * {@link dev.eventstream.connect.common.HeapSized#heapBytes}) and reported to the worker's {@link BufferBudget}.
 * Thread-safe: every operation takes the buffer's own lock.
 *
 * <p>Adaptive batching: a partition with nothing in flight has a batch ready when it holds
 * {@code batch.max.records} records or about {@code batch.max.bytes}, when its oldest record has waited
 * {@code batch.linger.ms}, or at once when the endpoint is idle: no request of this task is in flight. At most one
 * such early request is in flight per task (as Nagle's algorithm keeps one small segment unacknowledged), so a quiet
 * endpoint gets each record without the linger, while under load requests overlap, the linger applies, and what
 * arrives meanwhile fills the batches.
 */
final class RecordBuffer {

    /** What the queues themselves spend per record: a reference in the queue, its size in the sizes' queue. */
    static final int QUEUE_BYTES_PER_RECORD = 8;
    static final int UNWALKABLE_BYTES = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a job finishes or partitions are removed. */
    private final Condition changed = lock.newCondition();

    private final Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
    private final int maxRecords;
    private final int maxBytes;
    private final long lingerNanos;
    private final ToLongFunction<SinkRecord> heapSize;
    private final BufferBudget.Share budget;
    private long heldRecords;
    private volatile long heldRecordsSnapshot;
    private long heldBytes;
    private volatile long heldBytesSnapshot;
    private volatile double averageRecordBytes = 1024.0;
    private int rotation;
    private int inFlight;
    /** Nanos until the earliest linger deadline of the partitions the last claim found not ready. */
    private long nextDeadlineNanos = Long.MAX_VALUE;

    /** One partition's queue. Fields guarded by the buffer's lock, except {@link #closed}. */
    static final class Partition {
        private final TopicPartition topicPartition;
        private final ArrayDeque<SinkRecord> queue = new ArrayDeque<>();
        /** The heap size of each queued record, in queue order. */
        private final IntDeque sizes = new IntDeque();
        /** The records the job took, their sizes, and the bytes of those not yet put back or released. */
        private List<SinkRecord> taken = List.of();
        private int[] takenSizes;
        private long takenBytes;
        private long oldestNanos;
        /** The job that claimed this partition, until it finishes; null when none did. */
        private DeliveryJob job;
        /** Set under the lock; read by sender threads without it. */
        private volatile boolean closed;
        /** While the head offset is at most this, batches hold at most {@link #isolateSize} records. */
        private long isolateUntilOffset = -1L;
        private int isolateSize;
        /** Offset of the first record of the batch in flight until it is settled; -1 when none is. */
        private long inFlightFrom = -1L;

        Partition(TopicPartition topicPartition) {
            this.topicPartition = topicPartition;
        }

        TopicPartition topicPartition() {
            return topicPartition;
        }

        /** The partition was revoked or the task stops: nothing more of it may be sent. */
        boolean closed() {
            return closed;
        }
    }

    /**
     * @param heapSize the heap bytes of a record ({@link HeapSizes#of(org.apache.kafka.connect.connector.ConnectRecord)})
     * @param budget   the worker-wide account the buffer's bytes are added to
     */
    RecordBuffer(int maxRecords, int maxBytes, long lingerMs, ToLongFunction<SinkRecord> heapSize,
                 BufferBudget.Share budget) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerMs * 1_000_000L;
        this.heapSize = heapSize;
        this.budget = budget;
    }

    void open(Collection<TopicPartition> assigned) {
        lock.lock();
        try {
            for (TopicPartition tp : assigned) {
                partitions.computeIfAbsent(tp, Partition::new);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Appends records to their partitions' queues; each record's heap size is measured here, outside the lock. */
    void add(Collection<SinkRecord> records, long nowNanos) {
        if (records.isEmpty()) {
            return;
        }
        int[] sizes = new int[records.size()];
        int i = 0;
        for (SinkRecord record : records) {
            sizes[i++] = (int) Math.min(Integer.MAX_VALUE, heapSizeOf(record) + QUEUE_BYTES_PER_RECORD);
        }
        lock.lock();
        try {
            Partition last = null;
            long bytes = 0;
            i = 0;
            for (SinkRecord record : records) {
                TopicPartition tp = partitionOf(record);
                Partition p = last != null && last.topicPartition.equals(tp) ? last : partitions.computeIfAbsent(tp, Partition::new);
                if (p.queue.isEmpty()) {
                    p.oldestNanos = nowNanos;
                }
                p.queue.addLast(record);
                p.sizes.addLast(sizes[i]);
                bytes += sizes[i++];
                last = p;
            }
            heldRecords += records.size();
            heldRecordsSnapshot = heldRecords;
            holdBytes(bytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims partitions with a batch ready and nothing in flight, in rotating order (fair across partitions), while
     * fewer than {@code maxInFlight} jobs run; each claimed partition gets the job {@code newJob} makes for it, which
     * owns it until {@link #finish}.
     */
    List<DeliveryJob> claim(int maxInFlight, long nowNanos, Function<Partition, DeliveryJob> newJob) {
        lock.lock();
        try {
            List<Partition> all = new ArrayList<>(partitions.values());
            List<DeliveryJob> claimed = new ArrayList<>();
            long earliest = Long.MAX_VALUE;
            int n = all.size();
            int start = n == 0 ? 0 : Math.floorMod(rotation++, n);
            for (int i = 0; i < n && inFlight < maxInFlight; i++) {
                Partition p = all.get((start + i) % n);
                if (p.job != null || p.closed || p.queue.isEmpty()) {
                    continue;
                }
                long wait = readyInNanos(p, nowNanos);
                if (wait <= 0) {
                    p.job = newJob.apply(p);
                    inFlight++;
                    claimed.add(p.job);
                } else {
                    earliest = Math.min(earliest, wait);
                }
            }
            nextDeadlineNanos = earliest;
            return claimed;
        } finally {
            lock.unlock();
        }
    }

    /** Nanos from the last {@link #claim} until the earliest linger deadline it found; MAX_VALUE when none. */
    long nextDeadlineNanos() {
        lock.lock();
        try {
            return nextDeadlineNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The job that claimed {@code p} is done: its batch is settled ({@code settled}: its offsets may commit) or given
     * up for good, and {@code releasedRecords} are no longer held. The partition may be claimed again.
     */
    void finish(Partition p, int releasedRecords, boolean settled) {
        lock.lock();
        try {
            if (settled) {
                p.inFlightFrom = -1L;
            }
            p.job = null;
            inFlight--;
            heldRecords -= releasedRecords;
            heldRecordsSnapshot = heldRecords;
            holdBytes(-p.takenBytes);
            p.taken = List.of();
            p.takenSizes = null;
            p.takenBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the jobs of {@code removed} partitions finished, at most until {@code deadlineNanos}; returns the
     * partitions whose job still runs.
     */
    List<Partition> awaitFinished(List<Partition> removed, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            List<Partition> running = new ArrayList<>();
            for (Partition p : removed) {
                while (p.job != null) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        running.add(p);
                        break;
                    }
                    changed.awaitNanos(left);
                }
            }
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** The job of {@code p} while one has claimed it, or null. */
    DeliveryJob job(Partition p) {
        lock.lock();
        try {
            return p.job;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs claimed and not finished. */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private long readyInNanos(Partition p, long nowNanos) {
        int count = p.queue.size();
        if (count >= maxRecords || count * averageRecordBytes >= maxBytes) {
            return 0;
        }
        if (p.isolateUntilOffset >= 0 && offsetOf(p.queue.peekFirst()) <= p.isolateUntilOffset) {
            return 0;
        }
        if (inFlight == 0) {
            // the endpoint is idle: waiting for more records would only add latency
            return 0;
        }
        return p.oldestNanos + lingerNanos - nowNanos;
    }

    /** Takes the next batch's candidates from a claimed partition's head. */
    List<SinkRecord> take(Partition p) {
        lock.lock();
        try {
            int limit = maxRecords;
            SinkRecord head = p.queue.peekFirst();
            if (head != null && p.isolateUntilOffset >= 0) {
                if (offsetOf(head) <= p.isolateUntilOffset) {
                    limit = Math.min(limit, p.isolateSize);
                } else {
                    p.isolateUntilOffset = -1L;
                }
            }
            List<SinkRecord> out = new ArrayList<>(Math.min(limit, p.queue.size()));
            int[] sizes = new int[Math.min(limit, p.queue.size())];
            long bytes = 0;
            while (out.size() < limit && !p.queue.isEmpty()) {
                SinkRecord r = p.queue.peekFirst();
                if (p.isolateUntilOffset >= 0 && !out.isEmpty() && offsetOf(r) > p.isolateUntilOffset) {
                    break;
                }
                sizes[out.size()] = p.sizes.pollFirst();
                bytes += sizes[out.size()];
                out.add(p.queue.pollFirst());
            }
            p.taken = out;
            p.takenSizes = sizes;
            p.takenBytes = bytes;
            if (!out.isEmpty()) {
                p.inFlightFrom = offsetOf(out.get(0));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Returns records that did not fit back to the head of the partition, in order (unless it closed). */
    void putBack(Partition p, List<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            int[] sizes = untake(p, records);
            if (p.closed) {
                heldRecords -= records.size();
                heldRecordsSnapshot = heldRecords;
                long bytes = 0;
                for (int size : sizes) {
                    bytes += size;
                }
                holdBytes(-bytes);
                return;
            }
            if (p.queue.isEmpty()) {
                p.oldestNanos = System.nanoTime();
            }
            for (int i = records.size() - 1; i >= 0; i--) {
                p.queue.addFirst(records.get(i));
                p.sizes.addFirst(sizes[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A batch answered with a "bad content" status: resend its records in batches of half the size, until the
     * offending records are isolated.
     */
    void split(Partition p, List<SinkRecord> records, int failedBatchSize) {
        lock.lock();
        try {
            long last = offsetOf(records.get(records.size() - 1));
            p.isolateUntilOffset = Math.max(p.isolateUntilOffset, last);
            p.isolateSize = Math.max(1, failedBatchSize / 2);
        } finally {
            lock.unlock();
        }
        putBack(p, records);
    }

    /**
     * The sizes of {@code records}, a subsequence of what the partition's job took, which are no longer in flight.
     * Found by identity, in order: one pass over the taken records.
     */
    private static int[] untake(Partition p, List<SinkRecord> records) {
        int[] sizes = new int[records.size()];
        int at = 0;
        for (int i = 0; i < records.size(); i++) {
            SinkRecord record = records.get(i);
            while (p.taken.get(at) != record) {
                at++;
            }
            sizes[i] = p.takenSizes[at++];
            p.takenBytes -= sizes[i];
        }
        return sizes;
    }

    /** Adds {@code delta} to the bytes held, here and in the worker's budget. Under the lock. */
    private void holdBytes(long delta) {
        if (delta != 0) {
            heldBytes += delta;
            heldBytesSnapshot = heldBytes;
            budget.add(delta);
        }
    }

    /**
     * The record's heap size; a value that fails while it is walked (a broken container) counts as
     * {@value #UNWALKABLE_BYTES}: the renderer meets the same failure and sends the record to the DLQ with its reason.
     */
    private long heapSizeOf(SinkRecord record) {
        try {
            return heapSize.applyAsLong(record);
        } catch (RuntimeException e) {
            return UNWALKABLE_BYTES;
        }
    }

    /** Removes partitions (revoked or stopping), drops their queued records; returns the removed partitions. */
    List<Partition> remove(Collection<TopicPartition> revoked) {
        lock.lock();
        try {
            List<Partition> removed = new ArrayList<>();
            for (TopicPartition tp : revoked) {
                Partition p = partitions.remove(tp);
                if (p != null) {
                    p.closed = true;
                    heldRecords -= p.queue.size();
                    holdBytes(-p.sizes.sum());
                    p.queue.clear();
                    p.sizes.clear();
                    removed.add(p);
                }
            }
            heldRecordsSnapshot = heldRecords;
            changed.signalAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Per partition of {@code wanted} that holds unsettled records (in flight or queued), the offset of the oldest;
     * partitions with nothing unsettled are absent.
     */
    Map<TopicPartition, Long> oldestUnsettledOffsets(Collection<TopicPartition> wanted) {
        lock.lock();
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : wanted) {
                Partition p = partitions.get(tp);
                if (p == null) {
                    continue;
                }
                if (p.inFlightFrom >= 0) {
                    out.put(tp, p.inFlightFrom);
                } else if (!p.queue.isEmpty()) {
                    out.put(tp, offsetOf(p.queue.peekFirst()));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The partition a record was consumed from. Since KIP-793 Connect opens, closes and commits the consumed
     * partitions, which a topic-renaming transform (RegexRouter, route.topic.template) does not change.
     */
    static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    /** The offset a record has in the partition it was consumed from. */
    static long offsetOf(SinkRecord record) {
        return record.originalKafkaOffset();
    }

    List<TopicPartition> partitions() {
        lock.lock();
        try {
            return new ArrayList<>(partitions.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Folds a rendered batch's size into the average rendered record size (which tells when a batch is full). */
    void observeRendered(int records, int bytes) {
        if (records > 0) {
            double sample = (double) bytes / records;
            averageRecordBytes = averageRecordBytes * 0.8 + sample * 0.2;
        }
    }

    /** Heap bytes held by the records queued and in flight, as measured when they were added. */
    long heldBytes() {
        return heldBytesSnapshot;
    }

    long heldRecords() {
        return heldRecordsSnapshot;
    }
}
