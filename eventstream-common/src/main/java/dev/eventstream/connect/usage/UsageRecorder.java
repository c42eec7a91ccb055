package dev.eventstream.connect.usage;

import dev.eventstream.connect.common.EventStreamHeaders;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sink task calls to meter its usage: a few map look-ups per delivered batch on the delivery thread, the rest
 * ({@link UsagePublisher}) on its own thread. Tenant: the record's {@code eventstream.tenant} header (empty when
 * absent); topic: the record's original topic ({@code eventstream.source.topic} after the demux, else the consumed
 * one). A delivered record at or below the highest offset its partition was ever delivered up to
 * ({@link DeliveredOffsets}, learnt from earlier task instances when partitions are opened) is also counted as
 * {@code redelivered}. {@link #OFF} (usage.topic empty) does nothing.
 */
public final class UsageRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    /** How long opening partitions waits for the marks of earlier task instances. */
    static final Duration MARKS_READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long giving partitions up waits for the usage to be published. */
    static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(3);

    /** Meters nothing. */
    public static final UsageRecorder OFF = new UsageRecorder(null, null, () -> Map.of(), System::currentTimeMillis);

    private final UsageMeter meter;
    private final DeliveredOffsets offsets;
    private final Supplier<Map<TopicPartition, Long>> marks;
    private final LongSupplier clock;
    private final AutoCloseable[] resources;
    private boolean marksMissing;
    private UsagePublisher publisher;

    /**
     * @param marks     the marks earlier task instances published, or null when they cannot be read now
     * @param resources closed by {@link #close()}, in order
     */
    public UsageRecorder(UsageMeter meter, DeliveredOffsets offsets, Supplier<Map<TopicPartition, Long>> marks,
                         LongSupplier clock, AutoCloseable... resources) {
        this.meter = meter;
        this.offsets = offsets;
        this.marks = marks;
        this.clock = clock;
        this.resources = resources;
    }

    /** A recorder publishing to {@code settings}' topic, or {@link #OFF} when usage publishing is off. */
    public static UsageRecorder start(UsageConfig.Settings settings, String connector, int task) {
        if (!settings.enabled()) {
            return OFF;
        }
        UsageMeter meter = new UsageMeter(connector, task);
        DeliveredOffsets offsets = new DeliveredOffsets();
        UsagePublisher publisher = UsagePublisher.start(meter, offsets, settings.topic(), settings.clientConfig(),
            settings.flushInterval());
        DeliveredOffsetsReader reader = new DeliveredOffsetsReader(settings.topic(), connector, settings.clientConfig());
        LOG.info("Publishing usage of {} task {} to {} every {} ms", connector, task, settings.topic(),
            settings.flushInterval().toMillis());
        UsageRecorder recorder = new UsageRecorder(meter, offsets, () -> reader.read(MARKS_READ_TIMEOUT),
            System::currentTimeMillis, publisher);
        recorder.publisher = publisher;
        return recorder;
    }

    public boolean enabled() {
        return meter != null;
    }

    /**
     * {@code partitions} were assigned: learns how far earlier task instances delivered them (bounded wait). When the
     * marks cannot be read, only this instance's own deliveries are told apart until they can; logged once per spell.
     */
    public void opened(Collection<TopicPartition> partitions) {
        if (meter == null) {
            return;
        }
        Map<TopicPartition, Long> known = marks.get();
        if (known == null) {
            if (!marksMissing) {
                LOG.warn("Cannot read the delivered-offset marks of {} within {} s: records redelivered after an "
                    + "earlier task instance delivered them are counted as first deliveries", meter.connector(),
                    MARKS_READ_TIMEOUT.toSeconds());
            }
            marksMissing = true;
        } else {
            marksMissing = false;
        }
        offsets.opened(partitions, known == null ? Map.of() : known);
    }

    /**
     * Partitions are being given up (a rebalance): publishes the usage and marks now (waiting a few seconds at most),
     * so that the partitions' next owner, which reads the marks when it opens them, tells this task's deliveries
     * apart when it delivers them again.
     */
    public void closing() {
        if (publisher != null) {
            publisher.flushNow(CLOSE_FLUSH_TIMEOUT);
        }
    }

    /**
     * {@code records} (of one consumed partition, in offset order) were delivered as one request or batch of
     * {@code jsonBytes} of JSON and {@code wireBytes} on the wire, shared among tenants by {@code recordBytes}
     * (each record's rendered size, same index; null: equal shares).
     */
    public void delivered(List<SinkRecord> records, int[] recordBytes, long jsonBytes, long wireBytes) {
        if (meter == null || records.isEmpty()) {
            return;
        }
        SinkRecord first = records.get(0);
        TopicPartition partition = new TopicPartition(first.originalTopic(), first.originalKafkaPartition());
        long mark = offsets.mark(partition);
        String topic = sourceTopic(first);
        long now = clock.getAsLong();
        Tenants tenants = new Tenants();
        String firstTenant = tenants.of(first);
        String[] byRecord = null;
        long redelivered = 0;
        long last = -1L;
        for (int i = 0; i < records.size(); i++) {
            SinkRecord record = records.get(i);
            String tenant = tenants.of(record);
            if (byRecord == null && !tenant.equals(firstTenant)) {
                byRecord = new String[records.size()];
                Arrays.fill(byRecord, 0, i, firstTenant);
            }
            if (byRecord != null) {
                byRecord[i] = tenant;
            }
            long offset = record.originalKafkaOffset();
            if (offset <= mark) {
                redelivered++;
            }
            last = Math.max(last, offset);
        }
        if (byRecord == null) {
            meter.add(firstTenant, topic, now, UsageCounts.delivered(records.size(), jsonBytes, wireBytes, redelivered));
        } else {
            shareAmongTenants(records, byRecord, recordBytes, mark, topic, now, jsonBytes, wireBytes);
        }
        offsets.delivered(partition, last);
    }

    /**
     * One record delivered on its own ({@code tenant} already read from its header; null: none) after
     * {@code requests} attempts.
     */
    public void delivered(SinkRecord record, String tenant, long jsonBytes, long wireBytes, int requests) {
        if (meter == null) {
            return;
        }
        TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        long offset = record.originalKafkaOffset();
        long redelivered = offset <= offsets.mark(partition) ? 1 : 0;
        meter.add(tenant == null ? "" : tenant, sourceTopic(record), clock.getAsLong(),
            new UsageCounts(1, jsonBytes, wireBytes, requests, 0, 0, redelivered));
        offsets.delivered(partition, offset);
    }

    /** {@code requests} attempts to deliver a batch starting with {@code first}, {@code failed} of them failed. */
    public void attempts(SinkRecord first, int requests, int failed) {
        if (meter == null || requests <= 0) {
            return;
        }
        meter.add(new Tenants().of(first), sourceTopic(first), clock.getAsLong(),
            new UsageCounts(0, 0, 0, requests, failed, 0, 0));
    }

    /** {@code records} went to the dead letter queue (acknowledged). */
    public void deadLettered(List<SinkRecord> records) {
        if (meter == null || records.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        Tenants tenants = new Tenants();
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            counts.merge(List.of(tenants.of(record), sourceTopic(record)), 1L, Long::sum);
        }
        counts.forEach((tenantAndTopic, n) -> meter.add(tenantAndTopic.get(0), tenantAndTopic.get(1), now,
            UsageCounts.deadLettered(n)));
    }

    /** Publishes what is pending (bounded by the producer's timeouts) and closes the clients. */
    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing the usage client {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** A batch with several tenants: JSON and wire bytes shared by each tenant's rendered bytes, the rest to the last. */
    private void shareAmongTenants(List<SinkRecord> records, String[] byRecord, int[] recordBytes, long mark,
                                   String topic, long now, long jsonBytes, long wireBytes) {
        Map<String, long[]> perTenant = new LinkedHashMap<>();
        long weightTotal = 0;
        for (int i = 0; i < records.size(); i++) {
            long[] tally = perTenant.computeIfAbsent(byRecord[i], t -> new long[3]);
            long weight = recordBytes == null ? 1 : recordBytes[i];
            tally[0]++;
            tally[1] += weight;
            tally[2] += records.get(i).originalKafkaOffset() <= mark ? 1 : 0;
            weightTotal += weight;
        }
        long jsonLeft = jsonBytes;
        long wireLeft = wireBytes;
        int left = perTenant.size();
        for (Map.Entry<String, long[]> entry : perTenant.entrySet()) {
            long[] tally = entry.getValue();
            boolean lastTenant = --left == 0;
            long json = lastTenant ? jsonLeft : share(jsonBytes, tally[1], weightTotal);
            long wire = lastTenant ? wireLeft : share(wireBytes, tally[1], weightTotal);
            jsonLeft -= json;
            wireLeft -= wire;
            meter.add(entry.getKey(), topic, now, UsageCounts.delivered(tally[0], json, wire, tally[2]));
        }
    }

    private static long share(long total, long weight, long weightTotal) {
        return weightTotal == 0 ? 0 : Math.round((double) total * weight / weightTotal);
    }

    /** The topic usage is counted under: the original topic of a demuxed record, else the consumed one. */
    private static String sourceTopic(SinkRecord record) {
        Header header = record.headers().lastWithName(EventStreamHeaders.SOURCE_TOPIC);
        String topic = header == null ? null : EventStreamHeaders.exactText(header.value());
        return topic == null || topic.isEmpty() ? record.originalTopic() : topic;
    }

    /** Reads tenants of consecutive records, decoding a header value only when it differs from the previous one. */
    private static final class Tenants {
        private Object lastValue;
        private String lastTenant = "";

        String of(SinkRecord record) {
            Header header = record.headers().lastWithName(EventStreamHeaders.TENANT);
            Object value = header == null ? null : header.value();
            if (value == lastValue || value instanceof byte[] bytes && lastValue instanceof byte[] previous
                && Arrays.equals(bytes, previous)) {
                return lastTenant;
            }
            String tenant = EventStreamHeaders.exactText(value);
            lastValue = value;
            lastTenant = tenant == null ? "" : tenant;
            return lastTenant;
        }
    }
}
