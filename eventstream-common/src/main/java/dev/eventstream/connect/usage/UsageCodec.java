package dev.eventstream.connect.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The usage topic's record format, JSON in key and value (readable with any console consumer):
 * key {@code {"tenant","endpoint","topic","minute":"2026-11-30T10:51:00Z","source"}}, value
 * {@code {"records","jsonBytes","wireBytes","requests","failedAttempts","dlq","redelivered"}}.
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
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static byte[] value(UsageCounts counts) {
        try {
            return MAPPER.writeValueAsBytes(counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
