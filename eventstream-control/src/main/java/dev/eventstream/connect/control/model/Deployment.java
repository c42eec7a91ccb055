package dev.eventstream.connect.control.model;

/**
 * One region's deployment, from {@code deployment.json}: its Connect cluster and Kafka, the fan-out strategy,
 * where the workers read the tenant to region map, DLQ naming, and the defaults every endpoint inherits.
 */
public record Deployment(String region, Connect connect, Kafka kafka, FanOut fanOut, Demux demux, RegionMap regionMap,
                         String usageTopic, Dlq dlq, Schemas schemas, Pii pii, Defaults defaults) {

    public Deployment {
        demux = demux == null ? new Demux(null, null) : demux;
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
     * @param topic          the DLQ name template, with {tenant} and {endpoint}
     * @param maxRecordBytes the largest record (key, value and headers, uncompressed) a DLQ must take; null:
     *                       {@link #DEFAULT_MAX_RECORD_BYTES}
     */
    public record Dlq(String topic, Integer partitions, Integer maxRecordBytes) {

        /** The suite's JsonConverter reads values up to 16 MiB ({@code max.bytes}); a DLQ takes records as large. */
        public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
        /** Room for Connect's error context headers (exception class, message and stack trace) on top of the record. */
        public static final int CONTEXT_HEADERS_BYTES = 64 * 1024;

        public String topicFor(String tenant, String endpoint) {
            return topic.replace("{tenant}", tenant).replace("{endpoint}", endpoint);
        }

        /**
         * The largest DLQ write: the record plus its context headers. Connect's DLQ producer refuses a larger one
         * ({@code max.request.size}, 1 MiB by default), and so does the DLQ topic ({@code max.message.bytes}); Kafka
         * then only logs it and the record is lost (docs/decisions.md §19).
         */
        public int writeBytes() {
            return (maxRecordBytes == null ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes) + CONTEXT_HEADERS_BYTES;
        }
    }

    public record Schemas(String dir, String registryUrl) { }

    public record Pii(String hashSecret) { }

    public record Defaults(Integer tasks, Batching batching, Retry retry, Tls tls) { }
}
