package dev.eventstream.connect.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record to produce in a test: a value (JSON text or raw bytes), with an optional key, partition and
 * headers. Immutable; each {@code with...} returns a copy.
 */
public record TestRecord(String topic, Integer partition, byte[] key, byte[] value, Map<String, byte[]> headers) {

    public static TestRecord json(String topic, String json) {
        return new TestRecord(topic, null, null, json == null ? null : json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static TestRecord bytes(String topic, byte[] value) {
        return new TestRecord(topic, null, null, value, Map.of());
    }

    public TestRecord withKey(String key) {
        return new TestRecord(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    public TestRecord withKey(byte[] key) {
        return new TestRecord(topic, partition, key, value, headers);
    }

    public TestRecord withPartition(int partition) {
        return new TestRecord(topic, partition, key, value, headers);
    }

    public TestRecord withHeader(String name, String value) {
        return withHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public TestRecord withHeader(String name, byte[] value) {
        Map<String, byte[]> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new TestRecord(topic, partition, key, this.value, copy);
    }
}
