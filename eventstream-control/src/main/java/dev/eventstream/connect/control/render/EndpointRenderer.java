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
        config.put("consumer.override.auto.offset.reset", "latest");
        ErrorHandling.render(deployment.dlq().topicFor(endpoint.tenant(), endpoint.name()), deployment, config);
        SinkSettings.render(endpoint, deployment, config);
        EndpointChain.render(new EndpointInputs(endpoint, deployment, topics), config);
        return new RenderedConnector(endpoint.connectorName(), RenderedConnector.Kind.endpoint, endpoint.id(),
            config.buildWithDigest(), endpoint.state());
    }
}
