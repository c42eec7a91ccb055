package dev.eventstream.connect.control.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventstream.connect.control.model.ConnectorState;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connector as the renderer produced it: its name, its config (keys in a fixed order, with
 * {@value #DIGEST_KEY}), and the state it must be in.
 *
 * @param endpoint {@code tenant/name} of the endpoint it delivers to, or null for a demux connector
 */
public record RenderedConnector(String name, Kind kind, String endpoint, Map<String, String> config, ConnectorState state) {

    /** The config key that carries the SHA-256 of the rest of the config: how plan tells a change from noise. */
    public static final String DIGEST_KEY = "eventstream.digest";

    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    public RenderedConnector {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public enum Kind { endpoint, demux }

    public String digest() {
        return config.get(DIGEST_KEY);
    }

    public String connectorClass() {
        return config.get("connector.class");
    }

    /** {@code {"name": ..., "config": {...}}}: what {@code POST /connectors} takes; the same bytes for the same inputs. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        try {
            return WRITER.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
