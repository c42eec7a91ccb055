package dev.eventstream.connect.control.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A connector config in the making: keys keep the order they are put in; nulls and empty lists are left out. */
final class ConfigBuilder {

    private final Map<String, String> config = new LinkedHashMap<>();

    ConfigBuilder put(String key, Object value) {
        if (value != null) {
            config.put(key, value.toString());
        }
        return this;
    }

    ConfigBuilder putList(String key, Collection<String> values) {
        if (values != null && !values.isEmpty()) {
            config.put(key, String.join(",", values));
        }
        return this;
    }

    /** The config with {@link RenderedConnector#DIGEST_KEY} last: SHA-256 of the other keys, sorted. */
    Map<String, String> buildWithDigest() {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(config).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            Map<String, String> result = new LinkedHashMap<>(config);
            result.put(RenderedConnector.DIGEST_KEY, "sha256:" + HexFormat.of().formatHex(hash));
            return result;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** SHA-256 of a config's keys other than the digest, as {@link #buildWithDigest} computes it. */
    static String digestOf(Map<String, String> config) {
        ConfigBuilder builder = new ConfigBuilder();
        config.forEach((k, v) -> {
            if (!k.equals(RenderedConnector.DIGEST_KEY) && !k.equals("name")) {
                builder.put(k, v);
            }
        });
        return builder.buildWithDigest().get(RenderedConnector.DIGEST_KEY);
    }
}
