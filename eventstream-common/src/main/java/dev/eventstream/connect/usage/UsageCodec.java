package dev.eventstream.connect.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;

/**
 * The usage topic's record format, JSON in key and value (readable with any console consumer):
 * key {@code {"tenant","endpoint","topic","minute":"2026-11-30T10:51:00Z","source"}}, value
 * {@code {"records","jsonBytes","wireBytes","requests","failedAttempts","dlq","redelivered"}}. The companion marks
 * topic ({@link #markKey}) holds each connector's highest delivered offset per consumed partition.
 */
public final class UsageCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UsageCodec() {
    }

    public static byte[] key(UsageKey key) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", key.tenant());
        node.put("endpoint", key.endpoint());
        node.put("topic", key.topic());
        node.put("minute", key.start().toString());
        node.put("source", key.source());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(UsageCounts counts) {
        try {
            return MAPPER.writeValueAsBytes(counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Key of a delivered-offset mark in the marks topic: {@code {"connector","topic","partition"}}. */
    public static byte[] markKey(String connector, TopicPartition partition) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("connector", connector);
        node.put("topic", partition.topic());
        node.put("partition", partition.partition());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Value of a delivered-offset mark: {@code {"offset": n}}, the highest offset delivered. */
    public static byte[] markValue(long offset) {
        return MAPPER.createObjectNode().put("offset", offset).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The partition of a mark key when it belongs to {@code connector}, else null.
     * @throws IllegalArgumentException when the bytes are not a mark key
     */
    public static TopicPartition parseMarkKey(byte[] bytes, String connector) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (!connector.equals(node.get("connector").asText())) {
                return null;
            }
            return new TopicPartition(node.get("topic").asText(), node.get("partition").intValue());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a delivered-offset key: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a mark value */
    public static long parseMarkValue(byte[] bytes) {
        try {
            JsonNode offset = MAPPER.readTree(bytes).get("offset");
            if (offset == null || !offset.canConvertToLong()) {
                throw new IllegalArgumentException("no offset");
            }
            return offset.longValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a delivered-offset value: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a usage key */
    public static UsageKey parseKey(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            long minute = java.time.Instant.parse(node.get("minute").asText()).getEpochSecond() / 60;
            return new UsageKey(node.get("tenant").asText(), node.get("endpoint").asText(), node.get("topic").asText(),
                minute, node.get("source").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a usage key: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not usage counts */
    public static UsageCounts parseValue(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, UsageCounts.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not usage counts: " + e.getMessage(), e);
        }
    }
}
