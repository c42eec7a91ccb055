package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import java.util.List;

/** One endpoint's connector: where it reads, how values are converted, errors and DLQ, the sink, the chain. */
final class EndpointRenderer {

    private final ControlPlane plane;

    EndpointRenderer(ControlPlane plane) {
        this.plane = plane;
    }

    RenderedConnector render(Endpoint endpoint) {
        Deployment deployment = plane.deployment();
        List<ReadTopic> topics = TopicRouting.topicsRead(endpoint, deployment, plane.topics());
        ConfigBuilder config = new ConfigBuilder()
            .put("connector.class", SinkSettings.connectorClass(endpoint))
            .put("tasks.max", endpoint.tasks() != null ? endpoint.tasks() : deployment.defaults().tasks())
            .putList("topics", topics.stream().map(ReadTopic::name).toList())
            .put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        ValueConverters.render(topics, deployment, plane.topics(), config);
        config.put("header.converter", readsTenantHeaders(topics) ? ValueConverters.BYTES : null);
        config.put("consumer.override.auto.offset.reset", "latest");
        // Every endpoint has InPrimaryRegion, whose stale map is a RetriableException: wait, do not dead-letter.
        ErrorHandling.render(deployment.dlq().topicFor(endpoint.tenant(), endpoint.name()), deployment, true, config);
        SinkSettings.render(endpoint, deployment, config);
        EndpointChain.render(new EndpointInputs(endpoint, deployment, plane.topics(), topics), config);
        return new RenderedConnector(endpoint.connectorName(), RenderedConnector.Kind.endpoint, endpoint.id(),
            config.buildWithDigest(), endpoint.state());
    }

    /**
     * Headers that carry a tenant (the demux's {@code eventstream.tenant}, or a topic's tenant header) are read as
     * their bytes: Connect's default header converter would turn {@code 0042} into the number 42.
     */
    private static boolean readsTenantHeaders(List<ReadTopic> topics) {
        return topics.stream().anyMatch(t -> t.demuxed() || t.details().tenant().source().equals("header"));
    }
}
