package dev.eventstream.connect.region;

import dev.eventstream.connect.common.ConfigEnums;

/**
 * What {@link InPrimaryRegion} answers when it cannot look a record's tenant up: the tenant is not in the
 * map ({@code region.unknown.tenant}) or the record carries no tenant header ({@code tenant.header.missing}).
 * The names describe the effect under the recommended use, {@code Filter} with {@code negate=true}.
 */
public enum FallbackPolicy {
    /** The predicate answers {@code false}: a negated {@code Filter} drops the record. */
    DROP,
    /** The predicate answers {@code true}: a negated {@code Filter} keeps the record. */
    KEEP,
    /** The predicate throws a {@code DataException} naming the record's coordinates. */
    FAIL;

    /** The name used in configuration. */
    public String configName() {
        return ConfigEnums.configName(this);
    }

    static FallbackPolicy parse(String value) {
        return ConfigEnums.parse(FallbackPolicy.class, value);
    }
}
