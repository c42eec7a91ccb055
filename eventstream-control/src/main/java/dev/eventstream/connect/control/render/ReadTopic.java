package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.TopicDetails;

/**
 * A topic a connector actually reads, and the topic-details that describe it: {@code voice-callthread} directly,
 * {@code voice-callthread.acme} behind the demux, {@code acme.chat-events} for a single-tenant topic.
 */
record ReadTopic(String name, TopicDetails details) { }
