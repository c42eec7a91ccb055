package dev.eventstream.connect.control.render;

import java.util.Map;

/**
 * A topic the rendered connectors need and the control plane creates when missing: a DLQ, or a per-tenant
 * demux topic.
 *
 * @param partitions     the partition count, or null to copy {@code partitionsOf}'s
 * @param partitionsOf   the topic whose partition count a demux topic copies, or null
 * @param replication    the replication factor, or null for the broker's default
 * @param configs        topic configs set at creation ({@code max.message.bytes} of a DLQ or demux topic); empty for the broker's defaults
 */
public record TopicSpec(String name, Integer partitions, String partitionsOf, Short replication, Purpose purpose,
                        Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public enum Purpose { dlq, demux }
}
