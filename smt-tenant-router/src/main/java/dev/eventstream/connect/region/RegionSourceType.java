package dev.eventstream.connect.region;

import dev.eventstream.connect.common.ConfigEnums;

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
        return ConfigEnums.configName(this);
    }

    static RegionSourceType parse(String value) {
        return ConfigEnums.parse(RegionSourceType.class, value);
    }
}
