package dev.eventstream.connect.tenant;

import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT);
    }

    static String[] names() {
        TenantSource[] values = values();
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].configName();
        }
        return names;
    }

    static TenantSource parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
