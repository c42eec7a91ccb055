package dev.eventstream.connect.control.render;

import java.util.List;
import java.util.Optional;

/** What the renderer produced: the connectors (demux connectors first, then endpoints by name) and their topics. */
public record RenderResult(List<RenderedConnector> connectors, List<TopicSpec> topics) {

    public RenderResult {
        connectors = List.copyOf(connectors);
        topics = List.copyOf(topics);
    }

    public Optional<RenderedConnector> connector(String name) {
        return connectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
