package dev.eventstream.connect.region;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * True when this cluster's region ({@code region.local}) is the primary region of the record's tenant, read
 * from the {@code eventstream.tenant} header that {@code TenantRouter} sets (so it must come after it in the
 * chain). Used with Kafka's {@code Filter} and {@code negate=true}: records whose tenant's primary region is
 * elsewhere are dropped.
 *
 * <p>The map comes from a {@link RegionMapSource} shared by every instance with the same source settings in
 * this worker (see {@link RegionMapRegistry}); {@link #test} only reads an immutable map, without locks.
 *
 * <p>A map older than {@code region.max.staleness.ms} (since its last successful refresh) decides nothing: the
 * predicate throws a {@link RetriableException}, so the record is neither forwarded nor dropped on stale data, and
 * answers again once a refresh succeeds.
 */
public class InPrimaryRegion<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    private static final Logger log = LoggerFactory.getLogger(InPrimaryRegion.class);

    private final RegionMapRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private RegionMapRegistry.Lease lease;
    private String localRegion;
    private FallbackPolicy unknownTenant;
    private FallbackPolicy missingHeader;
    private long maxStalenessMs;
    /** Whether the last record found the map stale; only the task's thread calls {@link #test}. */
    private boolean stale;

    public InPrimaryRegion() {
        this(RegionMapRegistry.global());
    }

    InPrimaryRegion(RegionMapRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return InPrimaryRegionConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> props) {
        InPrimaryRegionConfig config = new InPrimaryRegionConfig(props);
        RegionMapRegistry.Lease acquired = registry.acquire(RegionSourceSpec.of(config));
        close();
        this.lease = acquired;
        this.localRegion = config.localRegion();
        this.unknownTenant = config.unknownTenant();
        this.missingHeader = config.missingHeader();
        this.maxStalenessMs = config.maxStaleness().toMillis();
        this.stale = false;
    }

    @Override
    public boolean test(R record) {
        String tenant = EventStreamHeaders.tenant(record.headers());
        String notText = tenant == null ? EventStreamHeaders.tenantNotExactText(record.headers()) : null;
        if (notText != null) {
            // A tenant read from a number could be another tenant's (0042 and 42): refuse, whatever the policy.
            throw new DataException("Record " + RecordCoordinates.describe(record) + ": " + notText);
        }
        if (tenant == null) {
            return fallback(missingHeader, record, "has no " + EventStreamHeaders.TENANT
                    + " header; TenantRouter must run before InPrimaryRegion");
        }
        requireFreshMap();
        String region = lease.current().get(tenant);
        if (region == null) {
            return fallback(unknownTenant, record, "has tenant '" + tenant + "', which is not in the region map of "
                    + lease.source().description());
        }
        return localRegion.equals(region);
    }

    private void requireFreshMap() {
        if (maxStalenessMs <= 0) {
            return;
        }
        RegionMapStats stats = lease.source().stats();
        long ageMs = clock.millis() - stats.getLastSuccessMs();
        if (ageMs <= maxStalenessMs) {
            if (stale) {
                stale = false;
                log.info("Region map of {} is fresh again (refreshed {} ms ago): records are decided again",
                        lease.source().description(), ageMs);
            }
            return;
        }
        String reason = "The region map of " + lease.source().description() + " is stale: its last successful "
                + "refresh was " + ageMs + " ms ago (" + stats.getConsecutiveFailures() + " failed refreshes since), "
                + "more than " + InPrimaryRegionConfig.MAX_STALENESS_MS + "=" + maxStalenessMs + ". Records wait, "
                + "neither forwarded nor dropped, until a refresh succeeds";
        if (!stale) {
            stale = true;
            log.warn("{}; Connect retries them (with errors.retry.timeout=-1). Logged once until the map is fresh.",
                    reason);
        }
        throw new RetriableException(reason);
    }

    private static boolean fallback(FallbackPolicy policy, ConnectRecord<?> record, String problem) {
        switch (policy) {
            case DROP:
                return false;
            case KEEP:
                return true;
            case FAIL:
                throw new DataException("Record " + RecordCoordinates.describe(record) + " " + problem);
            default:
                throw new IllegalStateException("Unhandled policy " + policy);
        }
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    @Override
    public String toString() {
        return "InPrimaryRegion{region.local=" + localRegion + ", source="
                + (lease == null ? "none" : lease.source().description()) + "}";
    }
}
