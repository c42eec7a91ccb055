package dev.eventstream.connect.region;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the JSON form of the map, a flat object {@code {"<tenant>": "<region>", ...}} in UTF-8. Tenant ids
 * and regions are kept exactly as written (no trimming, no case folding). Duplicate tenants are rejected.
 */
final class RegionMapParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RegionMapParser() {
    }

    /**
     * @throws IOException when the document is not a JSON object of non-empty strings; the message says which
     *                     tenant is wrong, never the whole document
     */
    static Map<String, String> parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException("region map is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("region map must be a JSON object of tenant -> region, got "
                    + (root == null ? "an empty document" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        Map<String, String> map = new HashMap<>(root.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String tenant = field.getKey();
            JsonNode region = field.getValue();
            if (tenant.isEmpty()) {
                throw new IOException("region map has an empty tenant id");
            }
            if (!region.isTextual() || region.textValue().isEmpty()) {
                throw new IOException("region of tenant '" + tenant + "' must be a non-empty string, got "
                        + region.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            map.put(tenant, region.textValue());
        }
        return Map.copyOf(map);
    }
}
