package dev.eventstream.connect.region;

import java.util.Locale;

/** Where the tenant to primary-region map comes from ({@code region.source}). */
public enum RegionSourceType {
    /** A local JSON file, re-read when it changes. */
    FILE,
    /** A configuration service over HTTPS answering the same JSON, polled with conditional requests. */
    HTTP,
    /** A compacted Kafka topic (key tenant, value region), read to its end at start and then tailed. */
    KAFKA;

    /** The name used in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String[] names() {
        RegionSourceType[] values = values();
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].configName();
        }
        return names;
    }

    static RegionSourceType parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
