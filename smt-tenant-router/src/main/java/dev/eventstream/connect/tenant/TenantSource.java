package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.ConfigEnums;

/** Where {@link TenantRouter} finds a record's tenant ({@code tenant.source}). */
public enum TenantSource {
    /** The record key, a String matched against {@code tenant.template}. */
    KEY,
    /** A field of the record value (Struct or Map), at the path {@code tenant.field}. */
    VALUE,
    /** The record header {@code tenant.header}. */
    HEADER,
    /** The topic name, matched against {@code tenant.template} (single-tenant topics). */
    TOPIC;

    public String configName() {
        return ConfigEnums.configName(this);
    }

    static TenantSource parse(String value) {
        return ConfigEnums.parse(TenantSource.class, value);
    }
}
