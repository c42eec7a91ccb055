package dev.eventstream.connect.http;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-partition queues of records waiting to be sent, and the rules that say when a partition has a batch ready
 * (count, estimated bytes, linger). The buffer's size is estimated as records held (queued or in flight) times the
 * average rendered record size measured by the renderers, so put() never renders. All state is guarded by
 * {@link #lock}; {@link #changed} is signalled whenever dispatching might proceed.
 */
final class RecordBuffer {

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    private final Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
    private final int maxRecords;
    private final int maxBytes;
    private final long lingerNanos;
    private long heldRecords;
    private volatile long heldRecordsSnapshot;
    private volatile double averageRecordBytes = 1024.0;
    private int rotation;

    /** One partition's queue. Fields guarded by the buffer's lock. */
    static final class Partition {
        final TopicPartition topicPartition;
        final ArrayDeque<SinkRecord> queue = new ArrayDeque<>();
        long oldestNanos;
        boolean busy;
        /** Set under the lock; read by sender threads without it. */
        volatile boolean closed;
        /** While the head offset is at most this, batches hold at most {@link #isolateSize} records. */
        long isolateUntilOffset = -1L;
        int isolateSize;
        /** Offset of the first record of the batch in flight until it is settled; -1 when none is. */
        long inFlightFrom = -1L;
        Object job;

        Partition(TopicPartition topicPartition) {
            this.topicPartition = topicPartition;
        }
    }

    RecordBuffer(int maxRecords, int maxBytes, long lingerMs) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerMs * 1_000_000L;
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

    /** Appends records to their partitions' queues. */
    void add(Collection<SinkRecord> records, long nowNanos) {
        if (records.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            Partition last = null;
            for (SinkRecord record : records) {
                TopicPartition tp = partitionOf(record);
                Partition p = last != null && last.topicPartition.equals(tp) ? last : partitions.computeIfAbsent(tp, Partition::new);
                if (p.queue.isEmpty()) {
                    p.oldestNanos = nowNanos;
                }
                p.queue.addLast(record);
                last = p;
            }
            heldRecords += records.size();
            heldRecordsSnapshot = heldRecords;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Partitions with a batch ready, not busy, in rotating order (fair across partitions), at most {@code limit};
     * each returned partition is marked busy. Caller holds the lock. {@code nextCheck[0]} receives the nanos until
     * the earliest linger deadline of the partitions not ready yet.
     */
    List<Partition> claimReady(int limit, long nowNanos, boolean flushAll, long[] nextCheck) {
        List<Partition> all = new ArrayList<>(partitions.values());
        List<Partition> ready = new ArrayList<>(Math.min(limit, all.size()));
        long earliest = Long.MAX_VALUE;
        int n = all.size();
        int start = n == 0 ? 0 : Math.floorMod(rotation++, n);
        for (int i = 0; i < n && ready.size() < limit; i++) {
            Partition p = all.get((start + i) % n);
            if (p.busy || p.closed || p.queue.isEmpty()) {
                continue;
            }
            long wait = flushAll ? 0 : readyInNanos(p, nowNanos);
            if (wait <= 0) {
                p.busy = true;
                ready.add(p);
            } else {
                earliest = Math.min(earliest, wait);
            }
        }
        nextCheck[0] = earliest;
        return ready;
    }

    private long readyInNanos(Partition p, long nowNanos) {
        int count = p.queue.size();
        if (count >= maxRecords || count * averageRecordBytes >= maxBytes) {
            return 0;
        }
        if (p.isolateUntilOffset >= 0 && offsetOf(p.queue.peekFirst()) <= p.isolateUntilOffset) {
            return 0;
        }
        return p.oldestNanos + lingerNanos - nowNanos;
    }

    /** Takes the next batch's candidates from a busy partition's head. */
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
            while (out.size() < limit && !p.queue.isEmpty()) {
                SinkRecord r = p.queue.peekFirst();
                if (p.isolateUntilOffset >= 0 && !out.isEmpty() && offsetOf(r) > p.isolateUntilOffset) {
                    break;
                }
                out.add(p.queue.pollFirst());
            }
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
            if (p.closed) {
                release(records.size());
                return;
            }
            if (p.queue.isEmpty()) {
                p.oldestNanos = System.nanoTime();
            }
            for (int i = records.size() - 1; i >= 0; i--) {
                p.queue.addFirst(records.get(i));
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

    /** Records no longer held (settled, or dropped on close). */
    void release(int records) {
        lock.lock();
        try {
            heldRecords -= records;
            heldRecordsSnapshot = heldRecords;
            changed.signalAll();
        } finally {
            lock.unlock();
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
                    p.queue.clear();
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

    /** The in-flight batch of {@code p} is settled (or, with {@code settled} false, given up for good). */
    void endInFlight(Partition p, boolean settled) {
        lock.lock();
        try {
            if (settled) {
                p.inFlightFrom = -1L;
            }
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

    /** Folds a rendered batch's size into the average record size. */
    void observeRendered(int records, int bytes) {
        if (records > 0) {
            double sample = (double) bytes / records;
            averageRecordBytes = averageRecordBytes * 0.8 + sample * 0.2;
        }
    }

    /** Estimated bytes held: queued and in-flight records times the average rendered size. */
    long estimatedBytes() {
        return (long) (heldRecordsSnapshot * averageRecordBytes);
    }

    long heldRecords() {
        return heldRecordsSnapshot;
    }
}
