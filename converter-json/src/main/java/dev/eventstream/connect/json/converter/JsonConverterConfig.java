package dev.eventstream.connect.json.converter;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.ConverterConfig;

/** Configuration of {@link JsonConverter}: Connect's {@code converter.type}, the input limits, and compatibility. */
public final class JsonConverterConfig extends ConverterConfig {

    public static final String MAX_BYTES = "max.bytes";
    public static final String MAX_DEPTH = "max.depth";
    public static final String MAX_NUMBER_LENGTH = "max.number.length";
    public static final String SCHEMAS_ENABLE = "schemas.enable";

    /** Jackson's generator refuses to write deeper; the suite's renderer uses it, so reading deeper is useless. */
    static final int RENDERABLE_DEPTH = 1000;

    private static final String LIMITS_GROUP = "Limits";
    private static final String COMPATIBILITY_GROUP = "Compatibility";

    private static final ConfigDef CONFIG = newConfigDef()
            .define(MAX_BYTES, Type.INT, 16 * 1024 * 1024, Range.between(1, Integer.MAX_VALUE - 8), Importance.MEDIUM,
                    "Largest JSON value read, in bytes; a larger one fails (and goes to the DLQ) before it is parsed, "
                            + "so that one huge record cannot fill the worker's heap with Connect data. The default, "
                            + "16 MiB, is well above Kafka's default record size limit (1 MiB).",
                    LIMITS_GROUP, 1, Width.SHORT, "Maximum value size (bytes)")
            .define(MAX_DEPTH, Type.INT, RENDERABLE_DEPTH, Range.between(1, RENDERABLE_DEPTH), Importance.LOW,
                    "Deepest nesting of objects and arrays read (the top-level object or array is level 1); deeper "
                            + "input fails. The default is the limit of Kafka's own JsonConverter (Jackson's) and of "
                            + "the suite's JSON renderer, which cannot write deeper values.",
                    LIMITS_GROUP, 2, Width.SHORT, "Maximum nesting depth")
            .define(MAX_NUMBER_LENGTH, Type.INT, 100_000, Range.between(1, Integer.MAX_VALUE), Importance.LOW,
                    "Longest number read, in characters of its JSON text; a longer one fails. Every number is read "
                            + "exactly, and reading a number costs more than linear time in its length. The default "
                            + "keeps integers of tens of thousands of digits (Kafka's JsonConverter stops at 1000).",
                    LIMITS_GROUP, 3, Width.SHORT, "Maximum number length")
            .define(SCHEMAS_ENABLE, Type.BOOLEAN, false, new OnlyFalse(), Importance.LOW,
                    "Accepted for drop-in compatibility with Kafka's JsonConverter configured with schemas.enable=false; "
                            + "true (schema envelopes) is refused.",
                    COMPATIBILITY_GROUP, 1, Width.SHORT, "Schema envelopes");

    public JsonConverterConfig(Map<String, ?> props) {
        super(CONFIG, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    int maxBytes() {
        return getInt(MAX_BYTES);
    }

    int maxDepth() {
        return getInt(MAX_DEPTH);
    }

    int maxNumberLength() {
        return getInt(MAX_NUMBER_LENGTH);
    }

    /** Accepts only false: envelopes with schemas are Kafka's JsonConverter's job. */
    private static final class OnlyFalse implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (Boolean.TRUE.equals(value)) {
                throw new ConfigException(name, value, "this converter reads and writes schemaless JSON only; "
                        + "remove the key or set it to false, or use org.apache.kafka.connect.json.JsonConverter "
                        + "for JSON with schema envelopes");
            }
        }

        @Override
        public String toString() {
            return "false";
        }
    }
}
