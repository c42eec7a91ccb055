package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.ConfigEnums;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.Map;
import java.util.Set;

/** Configuration of {@link TenantMatches}. */
public final class TenantMatchesConfig extends AbstractConfig {

    public static final String TENANTS = "tenants";
    public static final String TENANT_HEADER_MISSING = "tenant.header.missing";

    /** What {@link TenantMatches} answers for a record without the tenant header. */
    public enum MissingHeader {
        /** A DataException naming the record's coordinates. */
        FAIL,
        /** The predicate answers false. */
        NO_MATCH,
        /** The predicate answers true. */
        MATCH;

        String configName() {
            return ConfigEnums.configName(this);
        }
    }

    private static final String GROUP = "Tenant";
    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TENANTS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, TenantValidators.nonEmptyTenantList(),
                    Importance.HIGH,
                    "Tenant ids the predicate matches, compared exactly with the eventstream.tenant header set by "
                            + "TenantRouter (case, unicode and whitespace all count: 'acme' does not match 'ACME' or "
                            + "'acme ').",
                    GROUP, 1, Width.LONG, "Tenants")
            .define(TENANT_HEADER_MISSING, Type.STRING, MissingHeader.FAIL.configName(),
                    ConfigEnums.validator(MissingHeader.class),
                    Importance.MEDIUM,
                    "What the predicate does with a record without the eventstream.tenant header (TenantRouter must "
                            + "run before it): 'fail' (a DataException naming topic, partition and offset), "
                            + "'no-match' (false) or 'match' (true). Default 'fail': a missing header means the "
                            + "chain is misconfigured.",
                    GROUP, 2, Width.SHORT, "Missing tenant header policy", ConfigEnums.recommender(MissingHeader.class));

    private final Set<String> tenants;
    private final MissingHeader missingHeader;

    public TenantMatchesConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        TenantValidators.refuseTrimmedTenantIds(TENANTS, originals.get(TENANTS));
        this.tenants = Set.copyOf(getList(TENANTS));
        this.missingHeader = ConfigEnums.parse(MissingHeader.class, getString(TENANT_HEADER_MISSING));
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public Set<String> tenants() {
        return tenants;
    }

    public MissingHeader missingHeader() {
        return missingHeader;
    }
}
