package dev.eventstream.connect.convert;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Configuration of {@link ConvertValue}: the converter class ({@code converter}) and its own settings, every key
 * under {@code converter.}, exactly as a connector names its {@code value.converter} and
 * {@code value.converter.*}.
 */
public final class ConvertValueConfig extends AbstractConfig {

    public static final String CONVERTER = "converter";
    /** Prefix of the wrapped converter's own settings. */
    public static final String CONVERTER_PREFIX = CONVERTER + ".";
    public static final String DEFAULT_CONVERTER = "dev.eventstream.connect.json.converter.JsonConverter";

    private static final String GROUP = "Conversion";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(CONVERTER, Type.STRING, DEFAULT_CONVERTER, new ConverterClassValidator(), Importance.HIGH,
                    "The Converter that turns each record's value bytes into Connect data, by class name, loaded by "
                            + "this transform's own class loader: a converter of this bundle "
                            + "(dev.eventstream.connect.json.converter.JsonConverter, the default, or "
                            + "dev.eventstream.connect.avro.AvroConverter) or of Kafka. Its settings are the keys "
                            + "under 'converter.' (converter.schema.registry.url=..., converter.max.bytes=...), as "
                            + "'value.converter.*' keys are for a connector's converter. The connector's own "
                            + "value.converter must be org.apache.kafka.connect.converters.ByteArrayConverter.",
                    GROUP, 1, Width.LONG, "Value converter");

    private final Class<? extends Converter> converterClass;

    public ConvertValueConfig(Map<String, ?> props) {
        super(CONFIG, props);
        this.converterClass = ConverterClassValidator.load(getString(CONVERTER));
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    Class<? extends Converter> converterClass() {
        return converterClass;
    }

    /** The wrapped converter's settings, without the prefix. */
    Map<String, Object> converterSettings() {
        return originalsWithPrefix(CONVERTER_PREFIX);
    }

    /** The class must load with this plugin's class loader and be a {@link Converter}. */
    private static final class ConverterClassValidator implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            try {
                load((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        static Class<? extends Converter> load(String className) {
            String trimmed = className == null ? "" : className.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("name a Converter class, e.g. " + DEFAULT_CONVERTER);
            }
            Class<?> loaded;
            try {
                loaded = Class.forName(trimmed, false, ConvertValueConfig.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("no such class in this plugin's class loader (this bundle and "
                        + "Kafka); name a converter of this bundle, e.g. " + DEFAULT_CONVERTER);
            }
            if (!Converter.class.isAssignableFrom(loaded)) {
                throw new IllegalArgumentException("not an org.apache.kafka.connect.storage.Converter; name a "
                        + "converter of this bundle, e.g. " + DEFAULT_CONVERTER);
            }
            return loaded.asSubclass(Converter.class);
        }

        @Override
        public String toString() {
            return "a Converter class name";
        }
    }
}
