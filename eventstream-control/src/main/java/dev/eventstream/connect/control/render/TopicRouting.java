package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.TopicCatalog;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.model.TopicDetails;
import java.util.Comparator;
import java.util.List;

/**
 * Which topics an endpoint's connector reads: with {@code direct} the topics it names; with {@code demux} the
 * per-tenant topic {@code <topic>.<tenant>} of each multi-tenant topic (single-tenant topics are always read directly).
 */
final class TopicRouting {

    private TopicRouting() {
    }

    static List<ReadTopic> topicsRead(Endpoint endpoint, Deployment deployment, TopicCatalog catalog) {
        return endpoint.topics().stream()
            .map(name -> {
                TopicDetails details = catalog.resolve(name).orElseThrow(
                    () -> new IllegalStateException("Validation lets no unknown topic through: " + name));
                boolean demuxed = deployment.fanOut() == Deployment.FanOut.demux && !details.singleTenant();
                return new ReadTopic(demuxed ? demuxTopic(name, endpoint.tenant()) : name, details, demuxed);
            })
            .sorted(Comparator.comparing(ReadTopic::name))
            .toList();
    }

    /** {@code voice-callthread.acme}: the topic the demux connector writes a tenant's records of {@code topic} to. */
    static String demuxTopic(String topic, String tenant) {
        return topic + "." + tenant;
    }
}
