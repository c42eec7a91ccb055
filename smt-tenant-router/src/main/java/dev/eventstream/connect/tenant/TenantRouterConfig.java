package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.ConfigEnums;
import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.FieldPath;
import dev.eventstream.connect.common.PlaceholderTemplate;
import dev.eventstream.connect.common.TenantTemplate;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.transforms.util.RegexValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of {@link TenantRouter}: how to find the tenant (top-level {@code tenant.*} keys, and per-topic
 * {@code rules.<name>.*} that override them), which tenants to keep, what to do when there is no tenant, and
 * where to route.
 *
 * <p>The {@code rules.<name>.*} keys are dynamic (one set per name in {@code rules}), so {@link #configDef()}
 * cannot declare them; {@link #ruleConfigDef(String)} does, and they are validated when the transform is
 * configured (when a task starts), each error naming its key.
 */
public final class TenantRouterConfig extends AbstractConfig {

    public static final String TENANT_SOURCE = "tenant.source";
    public static final String TENANT_TEMPLATE = "tenant.template";
    public static final String TENANT_FIELD = "tenant.field";
    public static final String TENANT_HEADER = "tenant.header";
    public static final String TENANT_ALLOWED = "tenant.allowed";
    public static final String TENANT_MISSING_POLICY = "tenant.missing.policy";
    public static final String ROUTE_TOPIC_TEMPLATE = "route.topic.template";
    public static final String SOURCE_COORDINATES_TRUSTED = "source.coordinates.trusted";
    public static final String RULES = "rules";

    /** The template variable that holds the tenant id in {@code tenant.template}. */
    public static final String TENANT_VARIABLE = "tenant_id";
    /** The placeholders of {@code route.topic.template}. */
    public static final String ROUTE_TOPIC = "topic";
    public static final String ROUTE_TENANT = "tenant";

    static final String RULE_TOPICS = "topics";
    static final String RULE_TOPICS_REGEX = "topics.regex";

    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String GROUP_TENANT = "Tenant";
    private static final String GROUP_ROUTING = "Routing";
    private static final String GROUP_RULES = "Per-topic rules";

    /** What {@link TenantRouter} does with a record whose tenant cannot be determined. */
    public enum MissingPolicy {
        /** A DataException naming topic, partition, offset and the reason (with errors.tolerance=all: the DLQ). */
        FAIL,
        /** The record is dropped. */
        DROP;

        String configName() {
            return ConfigEnums.configName(this);
        }
    }

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final List<TenantRule> rules;
    private final TenantRule defaultRule;
    private final Set<String> allowed;
    private final MissingPolicy missingPolicy;
    private final PlaceholderTemplate route;
    private final boolean sourceCoordinatesTrusted;
    private final List<String> routeSeparators;

    public TenantRouterConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        this.missingPolicy = ConfigEnums.parse(MissingPolicy.class, getString(TENANT_MISSING_POLICY));
        TenantValidators.refuseTrimmedTenantIds(TENANT_ALLOWED, originals.get(TENANT_ALLOWED));
        List<String> allowedList = getList(TENANT_ALLOWED);
        this.allowed = allowedList.isEmpty() ? null : Set.copyOf(allowedList);
        String routeText = getString(ROUTE_TOPIC_TEMPLATE);
        this.route = routeText == null ? null : PlaceholderTemplate.parse(routeText);
        this.sourceCoordinatesTrusted = getBoolean(SOURCE_COORDINATES_TRUSTED);
        this.rules = parseRules(originals);
        this.defaultRule = getString(TENANT_SOURCE) == null ? null
                : new TenantRule("(top-level)", Set.of(), null, extractor(this, "", this));
        if (rules.isEmpty() && defaultRule == null) {
            throw new ConfigException(TENANT_SOURCE, null, "required when no " + RULES + " are configured: set it to "
                    + "one of " + String.join(", ", ConfigEnums.names(TenantSource.class)));
        }
        this.routeSeparators = route == null ? List.of() : route.separatorsOf(ROUTE_TENANT);
        if (routeSeparators.contains("")) {
            throw new ConfigException(ROUTE_TOPIC_TEMPLATE, routeText, "${" + ROUTE_TENANT + "} touches another "
                    + "placeholder, so different topics and tenants could give the same routed topic; put literal text "
                    + "between them, e.g. ${topic}.${tenant}");
        }
        refuseAmbiguousAllowedTenants(allowedList);
    }

    /**
     * An allowed tenant id that contains the text ending {@code {tenant_id}} in a template would never be read whole
     * (acme:eu reads as acme with {tenant_id}:{callthread_id}); one that contains a separator of the route would
     * share routed topics with other tenants.
     */
    private void refuseAmbiguousAllowedTenants(List<String> allowedList) {
        List<TenantRule> all = new ArrayList<>(rules);
        if (defaultRule != null) {
            all.add(defaultRule);
        }
        for (String tenant : allowedList) {
            for (TenantRule rule : all) {
                String terminator = rule.extractor().tenantTerminator();
                if (terminator != null && tenant.contains(terminator)) {
                    throw new ConfigException(TENANT_ALLOWED, allowedList, "tenant id '" + tenant + "' contains '"
                            + terminator + "', the text that ends {" + TENANT_VARIABLE + "} in the "
                            + rule.extractor().describe() + (rule == defaultRule ? "" : " of rule " + rule.name())
                            + ", so such a tenant's records would be read as another tenant; tenant ids must not "
                            + "contain it (or change the template)");
                }
            }
            for (String separator : routeSeparators) {
                if (tenant.contains(separator)) {
                    throw new ConfigException(TENANT_ALLOWED, allowedList, "tenant id '" + tenant + "' contains '"
                            + separator + "', which separates ${" + ROUTE_TENANT + "} in " + ROUTE_TOPIC_TEMPLATE
                            + " '" + route + "', so its routed topic names would be ambiguous; tenant ids must not "
                            + "contain it (or change " + ROUTE_TOPIC_TEMPLATE + ")");
                }
            }
        }
    }

    /** The transform's configuration definition (top-level keys; see {@link #ruleConfigDef} for rules). */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        defineTenantKeys(def, "", GROUP_TENANT, order);
        order = 4;
        def.define(TENANT_ALLOWED, Type.LIST, "", TenantValidators.tenantList(), Importance.HIGH,
                        "When set, records of any other tenant are dropped. Ids are compared exactly (case, "
                                + "unicode, whitespace): 'acme' keeps neither 'ACME' nor 'acme2'. Empty (default): "
                                + "every tenant is kept. An id that could not be read or routed whole is refused: "
                                + "one containing the text that ends {tenant_id} in a template (':' in "
                                + "{tenant_id}:{callthread_id}) or that separates ${tenant} in "
                                + ROUTE_TOPIC_TEMPLATE + " ('.' in ${topic}.${tenant}).",
                        GROUP_TENANT, ++order, Width.LONG, "Allowed tenants")
                .define(TENANT_MISSING_POLICY, Type.STRING, MissingPolicy.FAIL.configName(),
                        ConfigEnums.validator(MissingPolicy.class),
                        Importance.HIGH,
                        "What happens to a record whose tenant cannot be determined (no key, a key that does not "
                                + "match the template, a binary key, no value or a tombstone, a missing or "
                                + "non-string field, a missing header, a topic no rule covers): 'fail' (default; a "
                                + "DataException naming topic, partition, offset and the reason, so with "
                                + "errors.tolerance=all the record goes to the dead letter queue) or 'drop'.",
                        GROUP_TENANT, ++order, Width.SHORT, "Missing tenant policy",
                        ConfigEnums.recommender(MissingPolicy.class));
        def.define(ROUTE_TOPIC_TEMPLATE, Type.STRING, null,
                PlaceholderTemplate.validator(ROUTE_TOPIC, ROUTE_TENANT), Importance.MEDIUM,
                "When set, the record's topic is renamed to this template with ${topic} (the record's topic) and "
                        + "${tenant} replaced, e.g. ${topic}.${tenant} (the demux strategy). A routed sink record "
                        + "also gets eventstream.source.topic/partition/offset headers with its original "
                        + "coordinates (those it arrived with are kept only with " + SOURCE_COORDINATES_TRUSTED
                        + "=true). A record whose tenant id contains the text that separates ${tenant} from "
                        + "another placeholder ('.' in ${topic}.${tenant}) fails with a DataException naming it (the "
                        + "dead letter queue with errors.tolerance=all): its routed topic name would be ambiguous. "
                        + "Unset (default): the topic is kept.",
                GROUP_ROUTING, 1, Width.MEDIUM, "Route topic template");
        def.define(SOURCE_COORDINATES_TRUSTED, Type.BOOLEAN, false, Importance.MEDIUM,
                "Whether the eventstream.source.topic/partition/offset headers a record arrives with are kept. "
                        + "They make a record's event id (a receiver de-duplicates on it), so only the demux may "
                        + "write them: set true only on the connectors that read the demux's output topics "
                        + "(<topic>.<tenant>), which nothing else writes. false (default): they are removed from "
                        + "every record, so a header forged by an upstream producer cannot make a receiver discard a "
                        + "genuine event; a routed record then gets its own coordinates.",
                GROUP_ROUTING, 2, Width.SHORT, "Trust source coordinates");
        def.define(RULES, Type.LIST, "", new RuleNamesValidator(), Importance.MEDIUM,
                "Names of per-topic rules, tried in this order; the first whose rules.<name>.topics lists the "
                        + "record's topic, or whose rules.<name>.topics.regex matches all of it, decides how the "
                        + "tenant is extracted. Its rules.<name>.tenant.* keys override the top-level tenant.* "
                        + "keys. A topic no rule covers uses the top-level keys (or, without tenant.source, counts "
                        + "as a record without tenant).",
                GROUP_RULES, 1, Width.LONG, "Rules");
        return def;
    }

    /**
     * The keys of rule {@code name}; each {@code tenant.*} key falls back to the top-level one when unset.
     * With {@code name} = {@code <name>} this documents the rule keys.
     */
    public static ConfigDef ruleConfigDef(String name) {
        String prefix = RULES + "." + name + ".";
        String group = "Rule " + name;
        ConfigDef def = new ConfigDef()
                .define(prefix + RULE_TOPICS, Type.LIST, null, TenantValidators.nullOr(new NonEmptyList()),
                        Importance.HIGH,
                        "Topics this rule applies to, by exact name. This or " + prefix + RULE_TOPICS_REGEX
                                + " is required.",
                        group, 1, Width.LONG, "Topics")
                .define(prefix + RULE_TOPICS_REGEX, Type.STRING, null, TenantValidators.nullOr(new RegexValidator()),
                        Importance.HIGH,
                        "A Java regular expression; the rule applies to topics it matches entirely.",
                        group, 2, Width.LONG, "Topics regex");
        defineTenantKeys(def, prefix, group, 2);
        return def;
    }

    private static void defineTenantKeys(ConfigDef def, String prefix, String group, int order) {
        boolean rule = !prefix.isEmpty();
        String inherit = rule ? " Unset: the top-level key applies." : "";
        def.define(prefix + TENANT_SOURCE, Type.STRING, null,
                        TenantValidators.nullOr(ConfigEnums.validator(TenantSource.class)), Importance.HIGH,
                        "Where the tenant id is: 'key' (the record key, a string, matched against "
                                + TENANT_TEMPLATE + "), 'value' (the field " + TENANT_FIELD + " of a Struct or Map "
                                + "value), 'header' (the header " + TENANT_HEADER + ") or 'topic' (the topic name, "
                                + "matched against " + TENANT_TEMPLATE + ")."
                                + (rule ? inherit : " Required unless every topic is covered by a rule."),
                        group, ++order, Width.SHORT, "Tenant source", ConfigEnums.recommender(TenantSource.class))
                .define(prefix + TENANT_TEMPLATE, Type.STRING, null, TenantTemplate.validator(TENANT_VARIABLE), Importance.HIGH,
                        "For source 'key' or 'topic': the template the key or topic matches, with ${" + TENANT_VARIABLE
                                + "} where the tenant id is and other ${name} variables for the rest, e.g. "
                                + "${tenant_id}:${callthread_id} or ${tenant_id}.chat-events (the syntax of "
                                + ROUTE_TOPIC_TEMPLATE + "). The earlier form {tenant_id}:{callthread_id} is still "
                                + "accepted in a template without '${'." + inherit,
                        group, ++order, Width.MEDIUM, "Tenant template")
                .define(prefix + TENANT_FIELD, Type.STRING, null, new TenantFieldValidator(), Importance.HIGH,
                        "For source 'value': the path of the field holding the tenant id, dot-separated for nested "
                                + "fields (e.g. CustomerID or tenant.ccid; `backticks` around names with dots). "
                                + "The field must be a string (integral numbers are read as their decimal text)."
                                + inherit,
                        group, ++order, Width.MEDIUM, "Tenant field")
                .define(prefix + TENANT_HEADER, Type.STRING, null,
                        TenantValidators.nullOr(new ConfigDef.NonEmptyStringWithoutControlChars()), Importance.HIGH,
                        "For source 'header': the name of the header holding the tenant id (the last one wins; "
                                + "strings and UTF-8 bytes are read; a number, which a header converter makes of "
                                + "text such as 0042, is refused: use header.converter="
                                + EventStreamHeaders.EXACT_HEADER_CONVERTER + ")." + inherit,
                        group, ++order, Width.MEDIUM, "Tenant header");
    }

    private List<TenantRule> parseRules(Map<?, ?> originals) {
        List<TenantRule> parsed = new ArrayList<>();
        for (String name : getList(RULES)) {
            String prefix = RULES + "." + name + ".";
            AbstractConfig rule = new AbstractConfig(ruleConfigDef(name), originals, false);
            List<String> topics = rule.getList(prefix + RULE_TOPICS);
            String regex = rule.getString(prefix + RULE_TOPICS_REGEX);
            if (topics == null && regex == null) {
                throw new ConfigException(prefix + RULE_TOPICS, null, "rule '" + name + "' applies to no topic: set "
                        + "this or " + prefix + RULE_TOPICS_REGEX);
            }
            if (topics != null && regex != null) {
                throw new ConfigException(prefix + RULE_TOPICS_REGEX, regex, prefix + RULE_TOPICS + " is set too; "
                        + "set only one of the two");
            }
            parsed.add(new TenantRule(name, topics == null ? Set.of() : new LinkedHashSet<>(topics),
                    regex == null ? null : Pattern.compile(regex), extractor(rule, prefix, this)));
        }
        return List.copyOf(parsed);
    }

    /** The extractor a rule (or, with an empty prefix, the top level) describes, inheriting unset keys. */
    private static TenantExtractor extractor(AbstractConfig own, String prefix, AbstractConfig top) {
        String sourceText = setting(own, prefix, top, TENANT_SOURCE);
        if (sourceText == null) {
            throw new ConfigException(prefix + TENANT_SOURCE, null, "required: set it or the top-level "
                    + TENANT_SOURCE);
        }
        TenantSource source = TenantSource.parse(sourceText);
        switch (source) {
            case KEY:
                return TenantExtractors.key(template(own, prefix, top, source));
            case TOPIC:
                return TenantExtractors.topic(template(own, prefix, top, source));
            case VALUE:
                return TenantExtractors.value(FieldPath.parse(required(own, prefix, top, TENANT_FIELD, source)));
            case HEADER:
                return TenantExtractors.header(required(own, prefix, top, TENANT_HEADER, source));
            default:
                throw new IllegalStateException("Unhandled tenant source " + source);
        }
    }

    private static TenantTemplate template(AbstractConfig own, String prefix, AbstractConfig top, TenantSource source) {
        String text = required(own, prefix, top, TENANT_TEMPLATE, source);
        // Every tenant.template key (top-level and per rule) was validated to contain {tenant_id}.
        return TenantTemplate.parse(text);
    }

    private static String required(AbstractConfig own, String prefix, AbstractConfig top, String key,
                                   TenantSource source) {
        String value = setting(own, prefix, top, key);
        if (value == null) {
            String sourceKey = prefix + TENANT_SOURCE;
            throw new ConfigException(prefix + key, null, "required because " + sourceKey + "="
                    + source.configName() + (prefix.isEmpty() ? "" : ": set it or the top-level " + key));
        }
        return value;
    }

    private static String setting(AbstractConfig own, String prefix, AbstractConfig top, String key) {
        String value = own.getString(prefix + key);
        return value != null || prefix.isEmpty() ? value : top.getString(key);
    }

    public List<TenantRule> rules() {
        return rules;
    }

    /** The top-level rule, for topics no rule covers; null without top-level {@code tenant.source}. */
    public TenantRule defaultRule() {
        return defaultRule;
    }

    /** The tenants to keep, or null to keep every tenant. */
    public Set<String> allowed() {
        return allowed;
    }

    public MissingPolicy missingPolicy() {
        return missingPolicy;
    }

    /** Whether {@code eventstream.source.*} headers on incoming records are kept (only behind the demux). */
    public boolean sourceCoordinatesTrusted() {
        return sourceCoordinatesTrusted;
    }

    /** Texts a tenant id must not contain to be routed unambiguously (see {@link PlaceholderTemplate#separatorsOf}). */
    List<String> routeSeparators() {
        return routeSeparators;
    }

    /** The route, or null to keep the topic. */
    PlaceholderTemplate route() {
        return route;
    }

    private static final class RuleNamesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            Set<String> seen = new HashSet<>();
            for (Object rule : (List<?>) value) {
                String ruleName = rule.toString();
                if (!RULE_NAME.matcher(ruleName).matches()) {
                    throw new ConfigException(name, value, "rule name '" + ruleName
                            + "' may only contain letters, digits, '_' and '-'");
                }
                if (!seen.add(ruleName)) {
                    throw new ConfigException(name, value, "rule '" + ruleName + "' is listed twice");
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated rule names (letters, digits, _ and -)";
        }
    }

    /**
     * Not Kafka's {@code ValidList.anyNonDuplicateValues(false, true)}: it also refuses a topic listed twice, which
     * configs have been free to write, and its messages do not say how to fix an empty entry.
     */
    private static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                throw new ConfigException(name, value, "list at least one topic");
            }
            for (Object item : list) {
                if (item.toString().isEmpty()) {
                    throw new ConfigException(name, value, "a topic name is empty: remove the extra comma");
                }
            }
        }

        @Override
        public String toString() {
            return "one or more comma-separated topic names";
        }
    }

    /** A field path without wildcards (the tenant is one value); null accepted. */
    private static final class TenantFieldValidator implements ConfigDef.Validator {
        private final ConfigDef.Validator syntax = FieldPath.validator();

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            syntax.ensureValid(name, value);
            if (FieldPath.parse(value.toString()).hasWildcard()) {
                throw new ConfigException(name, value, "a tenant field path names one field, so it cannot "
                        + "contain the wildcard *");
            }
        }

        @Override
        public String toString() {
            return "a field path without wildcards, e.g. tenant.ccid";
        }
    }
}
