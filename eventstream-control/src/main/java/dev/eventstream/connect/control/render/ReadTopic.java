package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.TopicDetails;

/**
 * A topic a connector actually reads, and the topic-details that describe it: {@code voice-callthread} directly,
 * {@code voice-callthread.acme} behind the demux ({@code demuxed}), {@code acme.chat-events} for a single-tenant topic.
 */
record ReadTopic(String name, TopicDetails details, boolean demuxed) {

    /** Whether the tenant is read from the value, so the value must be converted before the tenant router. */
    boolean tenantInValue() {
        return details.tenant().source().equals("value");
    }
}
