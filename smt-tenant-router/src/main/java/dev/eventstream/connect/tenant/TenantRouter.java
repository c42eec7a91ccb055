package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.PlaceholderTemplate;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds each record's tenant (in its key, a value field, a header or its topic, per topic), sets the
 * {@code eventstream.tenant} header, drops tenants not in {@code tenant.allowed}, and optionally renames the topic
 * ({@code route.topic.template}, for the demux strategy). A record whose tenant cannot be found fails with a
 * {@link DataException} naming its coordinates ({@code tenant.missing.policy=fail}) or is dropped.
 *
 * <p>Per record: one cached topic-to-rule lookup, the extraction, and a copy of the headers with the tenant
 * header replaced (an upstream {@code eventstream.tenant} header is never trusted, nor are
 * {@code eventstream.source.*} coordinates unless {@code source.coordinates.trusted=true}). No regex is compiled and
 * nothing else is allocated, except the routed topic name.
 */
public class TenantRouter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private static final Logger log = LoggerFactory.getLogger(TenantRouter.class);
    private static final int MAX_CACHED_TOPICS = 10_000;
    /** Cache marker of a topic that no rule covers. */
    private static final TenantRule NO_RULE = new TenantRule("(none)", Set.of(), null, null);

    private List<TenantRule> rules = List.of();
    private TenantRule defaultRule;
    private Set<String> allowed;
    private TenantRouterConfig.MissingPolicy missingPolicy = TenantRouterConfig.MissingPolicy.FAIL;
    private PlaceholderTemplate route;
    private List<String> routeSeparators = List.of();
    private boolean sourceCoordinatesTrusted;
    private Cache<String, TenantRule> ruleByTopic = newRuleCache();

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return TenantRouterConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> props) {
        TenantRouterConfig config = new TenantRouterConfig(props);
        this.rules = config.rules();
        this.defaultRule = config.defaultRule();
        this.allowed = config.allowed();
        this.missingPolicy = config.missingPolicy();
        this.route = config.route();
        this.routeSeparators = config.routeSeparators();
        this.sourceCoordinatesTrusted = config.sourceCoordinatesTrusted();
        this.ruleByTopic = newRuleCache();
    }

    private static Cache<String, TenantRule> newRuleCache() {
        return new SynchronizedCache<>(new LRUCache<>(MAX_CACHED_TOPICS));
    }

    @Override
    public R apply(R record) {
        TenantRule rule = ruleFor(record.topic());
        String tenant;
        try {
            if (rule == NO_RULE) {
                throw new MissingTenantException("no rule covers topic " + record.topic() + " and no top-level "
                        + TenantRouterConfig.TENANT_SOURCE + " is set");
            }
            tenant = rule.extractor().extract(record);
        } catch (MissingTenantException e) {
            return missing(record, rule, e.getMessage());
        }
        if (allowed != null && !allowed.contains(tenant)) {
            return null;
        }
        Headers headers = record.headers().duplicate();
        headers.remove(EventStreamHeaders.TENANT);
        headers.addString(EventStreamHeaders.TENANT, tenant);
        if (!sourceCoordinatesTrusted) {
            removeSourceCoordinates(headers);
        }
        String topic = record.topic();
        if (route != null) {
            refuseAmbiguousRoute(record, tenant);
            String original = topic;
            topic = route.render(name -> TenantRouterConfig.ROUTE_TENANT.equals(name) ? tenant : original);
            addSourceCoordinates(record, headers);
        }
        return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp(), headers);
    }

    private TenantRule ruleFor(String topic) {
        TenantRule rule = ruleByTopic.get(topic);
        if (rule == null) {
            rule = resolve(topic);
            ruleByTopic.put(topic, rule);
        }
        return rule;
    }

    private TenantRule resolve(String topic) {
        for (TenantRule rule : rules) {
            if (rule.covers(topic)) {
                return rule;
            }
        }
        return defaultRule != null ? defaultRule : NO_RULE;
    }

    private R missing(R record, TenantRule rule, String reason) {
        if (missingPolicy == TenantRouterConfig.MissingPolicy.DROP) {
            log.debug("Dropping record {} without tenant: {}", RecordCoordinates.describe(record), reason);
            return null;
        }
        String where = rule == NO_RULE ? "" : " (rule " + rule.name() + ", " + rule.extractor().describe() + ")";
        throw new DataException("Cannot determine the tenant of record " + RecordCoordinates.describe(record)
                + where + ": " + reason + ". Set " + TenantRouterConfig.TENANT_MISSING_POLICY
                + "=drop to drop such records.");
    }

    /** A tenant id containing a separator of the route would share routed topics with other (topic, tenant) pairs. */
    private void refuseAmbiguousRoute(R record, String tenant) {
        for (String separator : routeSeparators) {
            if (tenant.contains(separator)) {
                throw new DataException("Cannot route record " + RecordCoordinates.describe(record) + " of tenant '"
                        + tenant + "': the tenant id contains '" + separator + "', which separates ${"
                        + TenantRouterConfig.ROUTE_TENANT + "} in " + TenantRouterConfig.ROUTE_TOPIC_TEMPLATE + " '"
                        + route + "', so the routed topic name would be ambiguous (another topic and tenant could "
                        + "give the same name)");
            }
        }
    }

    private static void removeSourceCoordinates(Headers headers) {
        headers.remove(EventStreamHeaders.SOURCE_TOPIC);
        headers.remove(EventStreamHeaders.SOURCE_PARTITION);
        headers.remove(EventStreamHeaders.SOURCE_OFFSET);
    }

    /**
     * The demux contract: a re-published record carries its original coordinates, set once (untrusted ones were
     * removed before, so only coordinates a trusted demux wrote are kept).
     */
    private static void addSourceCoordinates(ConnectRecord<?> record, Headers headers) {
        if (!(record instanceof SinkRecord) || headers.lastWithName(EventStreamHeaders.SOURCE_TOPIC) != null) {
            return;
        }
        SinkRecord sink = (SinkRecord) record;
        if (sink.originalKafkaPartition() == null) {
            return;
        }
        headers.addString(EventStreamHeaders.SOURCE_TOPIC, sink.originalTopic());
        headers.addInt(EventStreamHeaders.SOURCE_PARTITION, sink.originalKafkaPartition());
        headers.addLong(EventStreamHeaders.SOURCE_OFFSET, sink.originalKafkaOffset());
    }

    @Override
    public void close() {
        ruleByTopic = newRuleCache();
    }

    @Override
    public String toString() {
        return "TenantRouter{rules=" + rules.size() + ", route=" + route + "}";
    }
}
