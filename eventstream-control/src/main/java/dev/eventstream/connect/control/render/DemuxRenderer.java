package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.model.ConnectorState;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.model.TopicDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code demux} fan-out: per multi-tenant topic that endpoints read, one {@code KafkaSinkConnector}
 * ({@code es-demux-<topic>}) re-publishes each record, byte for byte with its original coordinates in headers, to
 * {@code <topic>.<tenant>} on the deployment's own Kafka, for the tenants that have endpoints on the topic only.
 * Key, value and headers are read as bytes and written unchanged (a binary key included). Its producer and the
 * per-tenant topics take records up to the deployment's {@code maxRecordBytes} (plus the headers the demux adds): with
 * Kafka's 1 MiB defaults a larger good event would go to the demux's DLQ instead of its tenant's endpoints.
 */
final class DemuxRenderer {

    private final ControlPlane plane;

    DemuxRenderer(ControlPlane plane) {
        this.plane = plane;
    }

    List<RenderedConnector> connectors(List<Endpoint> endpoints) {
        List<RenderedConnector> connectors = new ArrayList<>();
        tenantsByTopic(endpoints).forEach((topic, tenants) -> connectors.add(render(topic, tenants)));
        return connectors;
    }

    List<TopicSpec> tenantTopics(List<Endpoint> endpoints) {
        List<TopicSpec> topics = new ArrayList<>();
        tenantsByTopic(endpoints).forEach((topic, tenants) -> tenants.forEach(tenant -> topics.add(new TopicSpec(
            TopicRouting.demuxTopic(topic, tenant), null, topic, Renderer.replication(plane.deployment()), TopicSpec.Purpose.demux, Renderer.largeRecords(plane.deployment())))));
        return topics;
    }

    /** Multi-tenant topic → the tenants with an endpoint reading it, both sorted. */
    private Map<String, Set<String>> tenantsByTopic(List<Endpoint> endpoints) {
        Map<String, Set<String>> byTopic = new TreeMap<>();
        for (Endpoint endpoint : endpoints) {
            for (String topic : endpoint.topics()) {
                boolean multi = plane.topics().resolve(topic).map(t -> !t.singleTenant()).orElse(false);
                if (multi) {
                    byTopic.computeIfAbsent(topic, t -> new TreeSet<>()).add(endpoint.tenant());
                }
            }
        }
        return byTopic;
    }

    private RenderedConnector render(String topic, Set<String> tenants) {
        Deployment deployment = plane.deployment();
        TopicDetails details = plane.topics().resolve(topic).orElseThrow();
        ConfigBuilder config = new ConfigBuilder()
            .put("connector.class", SinkSettings.KAFKA_SINK)
            .put("tasks.max", deployment.demux().tasks() != null ? deployment.demux().tasks() : deployment.defaults().tasks())
            .put("topics", topic)
            .put("key.converter", ValueConverters.BYTES)
            .put("value.converter", ValueConverters.BYTES)
            .put("header.converter", ValueConverters.BYTES)
            .put("consumer.override.auto.offset.reset", "latest");
        ErrorHandling.render(deployment.dlq().topicFor("demux", topic), deployment, false, config);
        config.put("target.bootstrap.servers", deployment.kafka().bootstrapServers())
            .put("target.topic", "${topic}")
            .put("value.format", "passthrough")
            // Every header: the output stays inside the platform; each endpoint connector decides what leaves.
            .put("headers.forward", "all")
            .put("target.compression.type", deployment.demux().compression())
            .put("target.max.request.size", deployment.recordWriteBytes());
        Chain chain = new Chain();
        Map<String, String> router = new LinkedHashMap<>(TenantStep.location(details));
        router.put("tenant.allowed", String.join(",", tenants));
        router.put("tenant.missing.policy", "fail");
        router.put("route.topic.template", "${topic}.${tenant}");
        chain.transform("tenant", TenantStep.TYPE, router);
        chain.writeTo(config);
        return new RenderedConnector("es-demux-" + topic, RenderedConnector.Kind.demux, null,
            config.buildWithDigest(), ConnectorState.running);
    }
}
