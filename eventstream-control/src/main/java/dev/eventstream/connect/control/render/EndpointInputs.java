package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.TopicCatalog;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import java.util.List;

/** Everything one endpoint's connector is rendered from. */
record EndpointInputs(Endpoint endpoint, Deployment deployment, TopicCatalog catalog, List<ReadTopic> topics) {

    /** Whether every topic is a demux output ({@code <topic>.<tenant>}), which only the demux writes. */
    boolean allDemuxed() {
        return topics.stream().allMatch(ReadTopic::demuxed);
    }

    /** The event type path the topics share (validation guarantees one). */
    String eventTypePath() {
        return topics.get(0).details().eventType().path();
    }
}
