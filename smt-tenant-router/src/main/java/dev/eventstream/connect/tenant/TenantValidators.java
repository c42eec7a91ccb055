package dev.eventstream.connect.tenant;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/** ConfigDef validators of this module's tenant settings. */
final class TenantValidators {

    private TenantValidators() {
    }

    /** A list of at least one tenant id, none empty. */
    static ConfigDef.Validator nonEmptyTenantList() {
        return new TenantList(false);
    }

    /** A list of tenant ids, possibly empty (meaning: no restriction), none empty. */
    static ConfigDef.Validator tenantList() {
        return new TenantList(true);
    }

    /**
     * Refuses a written list of tenant ids with whitespace at its start or end or before a comma. Kafka's list
     * parsing trims every entry, so {@code "acme "} would become {@code acme} and receive that tenant's events; such
     * ids cannot be configured, and a list spelled that way is a mistake. A space after a comma is formatting.
     * Validators see the trimmed list only, hence a check on the originals.
     */
    static void refuseTrimmedTenantIds(String key, Object original) {
        if (!(original instanceof String)) {
            return;
        }
        String written = (String) original;
        if (!written.equals(written.strip()) || written.matches("(?s).*\\s,.*")) {
            throw new ConfigException(key, written, "a tenant id begins or ends with whitespace, which Kafka's list "
                    + "parsing removes (so it would match another tenant): tenant ids cannot contain leading or "
                    + "trailing whitespace; remove it");
        }
    }

    /** Accepts null (unset, inherited or not needed) or whatever {@code delegate} accepts. */
    static ConfigDef.Validator nullOr(ConfigDef.Validator delegate) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    delegate.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return delegate + " (or unset)";
            }
        };
    }

    /** Not Kafka's {@code ValidList.anyNonDuplicateValues}: that refuses an id listed twice, which lists may hold. */
    private static final class TenantList implements ConfigDef.Validator {
        private final boolean emptyAllowed;

        TenantList(boolean emptyAllowed) {
            this.emptyAllowed = emptyAllowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                if (emptyAllowed) {
                    return;
                }
                throw new ConfigException(name, null, "list at least one tenant id");
            }
            List<?> tenants = (List<?>) value;
            if (tenants.isEmpty() && !emptyAllowed) {
                throw new ConfigException(name, value, "list at least one tenant id");
            }
            for (Object tenant : tenants) {
                if (tenant.toString().isEmpty()) {
                    throw new ConfigException(name, value, "a tenant id is empty: remove the extra comma");
                }
            }
        }

        @Override
        public String toString() {
            return emptyAllowed ? "comma-separated tenant ids" : "one or more comma-separated tenant ids";
        }
    }
}
