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
