package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.Map;
import java.util.Set;

/**
 * True when the record's tenant, read from the {@code eventstream.tenant} header that {@link TenantRouter}
 * sets (so it must come after it in the chain), is one of {@code tenants}. Ids are compared exactly. Used with
 * Kafka's {@code Filter} and {@code negate=true} to keep only those tenants' records.
 */
public class TenantMatches<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    private Set<String> tenants = Set.of();
    private TenantMatchesConfig.MissingHeader missingHeader = TenantMatchesConfig.MissingHeader.FAIL;

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return TenantMatchesConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> props) {
        TenantMatchesConfig config = new TenantMatchesConfig(props);
        this.tenants = config.tenants();
        this.missingHeader = config.missingHeader();
    }

    @Override
    public boolean test(R record) {
        String tenant = EventStreamHeaders.tenant(record.headers());
        String notText = tenant == null ? EventStreamHeaders.tenantNotExactText(record.headers()) : null;
        if (notText != null) {
            // A tenant read from a number could be another tenant's (0042 and 42): refuse, whatever the policy.
            throw new DataException("Record " + RecordCoordinates.describe(record) + ": " + notText);
        }
        if (tenant != null) {
            return tenants.contains(tenant);
        }
        switch (missingHeader) {
            case MATCH:
                return true;
            case NO_MATCH:
                return false;
            case FAIL:
                throw new DataException("Record " + RecordCoordinates.describe(record) + " has no "
                        + EventStreamHeaders.TENANT + " header; TenantRouter must run before TenantMatches");
            default:
                throw new IllegalStateException("Unhandled policy " + missingHeader);
        }
    }

    @Override
    public void close() {
        // Holds nothing that needs releasing.
    }

    @Override
    public String toString() {
        return "TenantMatches{tenants=" + tenants + "}";
    }
}
