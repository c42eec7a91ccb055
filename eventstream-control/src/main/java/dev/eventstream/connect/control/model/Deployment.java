package dev.eventstream.connect.control.model;

/**
 * One region's deployment, from {@code deployment.json}: its Connect cluster and Kafka, the fan-out strategy,
 * where the workers read the tenant to region map, DLQ naming, the largest record it carries, and the defaults every
 * endpoint inherits.
 *
 * @param maxRecordBytes the largest record (key, value and headers, uncompressed) the platform delivers, re-publishes
 *                       through the demux and dead-letters; {@link #DEFAULT_MAX_RECORD_BYTES} when not set
 */
public record Deployment(String region, Connect connect, Kafka kafka, FanOut fanOut, Demux demux, RegionMap regionMap,
                         String usageTopic, Dlq dlq, Integer maxRecordBytes, Schemas schemas, Pii pii, Defaults defaults) {

    /** The suite's JsonConverter reads values up to 16 MiB ({@code max.bytes}): the platform carries records as large. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /**
     * Room for what the platform adds to a record it writes: Connect's error context headers on a dead letter (1.6–4.8 KB
     * measured, the stack trace most of it), the demux's source coordinate and tenant headers, an HTTPS body's envelope.
     */
    public static final int ADDED_BYTES = 64 * 1024;

    public Deployment {
        demux = demux == null ? new Demux(null, null) : demux;
        maxRecordBytes = maxRecordBytes == null ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes;
        schemas = schemas == null ? new Schemas(null, null) : schemas;
        pii = pii == null ? new Pii(null) : pii;
        defaults = defaults == null ? new Defaults(null, null, null, null) : defaults;
    }

    public enum FanOut { direct, demux }

    public record Connect(String url) { }

    public record Kafka(String bootstrapServers, Integer replicationFactor) { }

    public record Demux(Integer tasks, String compression) { }

    public record RegionMap(String source, String file, String url, String bearerToken, String topic,
                            Long refreshIntervalMs, Long startupTimeoutMs, String unknownTenant, String tenants) { }

    /**
     * The largest write of one record the platform makes: {@link #maxRecordBytes} plus {@link #ADDED_BYTES}. Every
     * producer that writes a record whole (a connector's DLQ producer, the demux's and a Kafka endpoint's target
     * producer), every topic created for such writes (DLQs, per-tenant demux topics) and an HTTPS endpoint's request
     * limit are sized to it: with Kafka's 1 MiB defaults a larger good event never reaches its endpoint, and a larger bad
     * one is lost on its way to the DLQ (docs/decisions.md §19, §20).
     */
    public int recordWriteBytes() {
        return maxRecordBytes + ADDED_BYTES;
    }

    /** @param topic the DLQ name template, with {tenant} and {endpoint} */
    public record Dlq(String topic, Integer partitions) {

        public String topicFor(String tenant, String endpoint) {
            return topic.replace("{tenant}", tenant).replace("{endpoint}", endpoint);
        }
    }

    public record Schemas(String dir, String registryUrl) { }

    public record Pii(String hashSecret) { }

    public record Defaults(Integer tasks, Batching batching, Retry retry, Tls tls) { }
}
