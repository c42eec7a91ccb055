package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a validated {@link ControlPlane} into connector configs: one connector per endpoint
 * ({@code es-<tenant>-<endpoint>}), and with {@code demux} one per multi-tenant topic read
 * ({@code es-demux-<topic>}), plus the topics they need (DLQs, per-tenant topics).
 *
 * <p>Deterministic: the same inputs give the same bytes, whatever the order of files or of set-like lists.
 */
public final class Renderer {

    public RenderResult render(ControlPlane plane) {
        Deployment deployment = plane.deployment();
        List<RenderedConnector> connectors = new ArrayList<>();
        Map<String, TopicSpec> topics = new TreeMap<>();
        List<Endpoint> endpoints = plane.endpoints().stream()
            .sorted(Comparator.comparing(Endpoint::connectorName)).toList();
        if (deployment.fanOut() == Deployment.FanOut.demux) {
            DemuxRenderer demux = new DemuxRenderer(plane);
            for (RenderedConnector connector : demux.connectors(endpoints)) {
                connectors.add(connector);
                addDlq(topics, connector, deployment);
            }
            demux.tenantTopics(endpoints).forEach(t -> topics.put(t.name(), t));
        }
        EndpointRenderer renderer = new EndpointRenderer(plane);
        for (Endpoint endpoint : endpoints) {
            RenderedConnector connector = renderer.render(endpoint);
            connectors.add(connector);
            addDlq(topics, connector, deployment);
        }
        return new RenderResult(connectors, new ArrayList<>(topics.values()));
    }

    private static void addDlq(Map<String, TopicSpec> topics, RenderedConnector connector, Deployment deployment) {
        String dlq = connector.config().get("errors.deadletterqueue.topic.name");
        topics.put(dlq, new TopicSpec(dlq, deployment.dlq().partitions() == null ? 1 : deployment.dlq().partitions(),
            null, replication(deployment), TopicSpec.Purpose.dlq,
            largeRecords(deployment)));
    }

    /** The configs of a topic the control plane creates: it takes the deployment's largest record write. */
    static Map<String, String> largeRecords(Deployment deployment) {
        return Map.of("max.message.bytes", Integer.toString(deployment.recordWriteBytes()));
    }

    static Short replication(Deployment deployment) {
        Integer factor = deployment.kafka().replicationFactor();
        return factor == null ? null : factor.shortValue();
    }
}
