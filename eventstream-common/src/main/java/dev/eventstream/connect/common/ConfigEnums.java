package dev.eventstream.connect.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Enum-valued settings written once: an enum constant's name in configuration is its name in lower case with
 * {@code _} written {@code -} ({@code NO_MATCH} is {@code no-match}); the valid values and the recommender of a
 * key come from the enum, so adding a constant adds it everywhere.
 */
public final class ConfigEnums {

    private ConfigEnums() {
    }

    /** The name of {@code value} in configuration. */
    public static String configName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The configuration names of every constant of {@code type}, in declaration order. */
    public static <E extends Enum<E>> String[] names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigEnums::configName).toArray(String[]::new);
    }

    /** The constant named {@code configName} (case-insensitive); a value the validator accepted always parses. */
    public static <E extends Enum<E>> E parse(Class<E> type, String configName) {
        return Enum.valueOf(type, configName.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * Kafka's {@code ValidString} over the configuration names of {@code type}. Not {@code CaseInsensitiveValidString}:
     * these keys have always refused {@code FAIL} for {@code fail}, and accepting it would change what configs pass.
     */
    public static <E extends Enum<E>> ConfigDef.ValidString validator(Class<E> type) {
        return ConfigDef.ValidString.in(names(type));
    }

    /** Recommends the configuration names of {@code type} (shown by Connect's config validation). */
    public static <E extends Enum<E>> ConfigDef.Recommender recommender(Class<E> type) {
        return fixedValues(names(type));
    }

    /** Recommends {@code values}, always visible (Aiven's {@code FixedSetRecommender}). */
    public static ConfigDef.Recommender fixedValues(String... values) {
        List<Object> names = List.of((Object[]) values);
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return names;
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }
}
