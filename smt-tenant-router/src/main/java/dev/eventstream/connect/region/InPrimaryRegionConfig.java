package dev.eventstream.connect.region;

import dev.eventstream.connect.common.ConfigEnums;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Configuration of {@link InPrimaryRegion}. */
public final class InPrimaryRegionConfig extends AbstractConfig {

    public static final String REGION_LOCAL = "region.local";
    public static final String REGION_SOURCE = "region.source";
    public static final String REFRESH_INTERVAL_MS = "region.refresh.interval.ms";
    public static final String STARTUP_TIMEOUT_MS = "region.startup.timeout.ms";
    public static final String MAX_STALENESS_MS = "region.max.staleness.ms";
    public static final String UNKNOWN_TENANT = "region.unknown.tenant";
    public static final String TENANT_HEADER_MISSING = "tenant.header.missing";

    public static final String FILE_PATH = "region.file.path";

    public static final String HTTP_URL = "region.http.url";
    public static final String HTTP_BEARER_TOKEN = "region.http.bearer.token";
    public static final String HTTP_TIMEOUT_MS = "region.http.timeout.ms";
    public static final String HTTP_TRUSTSTORE_LOCATION = "region.http.ssl.truststore.location";
    public static final String HTTP_TRUSTSTORE_TYPE = "region.http.ssl.truststore.type";
    public static final String HTTP_TRUSTSTORE_PASSWORD = "region.http.ssl.truststore.password";

    /** Prefix of the Kafka source's settings; every other key under it is a consumer client property. */
    public static final String KAFKA_PREFIX = "region.kafka.";
    public static final String KAFKA_BOOTSTRAP_SERVERS = KAFKA_PREFIX + "bootstrap.servers";
    public static final String KAFKA_TOPIC = KAFKA_PREFIX + "topic";

    private static final String GROUP_REGION = "Region";
    private static final String GROUP_FILE = "File source";
    private static final String GROUP_HTTP = "HTTP source";
    private static final String GROUP_KAFKA = "Kafka source";

    /** Keys under {@link #KAFKA_PREFIX} that configure this predicate, not the consumer. */
    private static final Set<String> KAFKA_OWN_KEYS = Set.of("topic");

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final String localRegion;
    private final RegionSourceType sourceType;
    private final FallbackPolicy unknownTenant;
    private final FallbackPolicy missingHeader;

    public InPrimaryRegionConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        this.localRegion = getString(REGION_LOCAL);
        this.sourceType = RegionSourceType.parse(getString(REGION_SOURCE));
        this.unknownTenant = FallbackPolicy.parse(getString(UNKNOWN_TENANT));
        this.missingHeader = FallbackPolicy.parse(getString(TENANT_HEADER_MISSING));
        requireSourceSettings();
        long maxStaleness = getLong(MAX_STALENESS_MS);
        if (maxStaleness > 0 && maxStaleness < 2 * getLong(REFRESH_INTERVAL_MS)) {
            throw new ConfigException(MAX_STALENESS_MS, maxStaleness, "must be 0 (no bound) or at least twice "
                    + REFRESH_INTERVAL_MS + " (" + getLong(REFRESH_INTERVAL_MS) + " ms), or a single slow refresh "
                    + "would hold every record");
        }
    }

    /** The predicate's configuration definition. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(REGION_LOCAL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.HIGH,
                        "The region this Connect cluster runs in. A record passes when its tenant's primary region "
                                + "in the map equals this value exactly (case-sensitive).",
                        GROUP_REGION, ++order, Width.SHORT, "Local region")
                .define(REGION_SOURCE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        ConfigEnums.validator(RegionSourceType.class), Importance.HIGH,
                        "Where the tenant to primary-region map comes from: 'file' (a JSON object tenant -> region "
                                + "in " + FILE_PATH + "), 'http' (a configuration service at " + HTTP_URL
                                + " answering the same JSON) or 'kafka' (the compacted topic " + KAFKA_TOPIC
                                + ", key tenant, value region).",
                        GROUP_REGION, ++order, Width.SHORT, "Region map source",
                        ConfigEnums.recommender(RegionSourceType.class))
                .define(REFRESH_INTERVAL_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(100L), Importance.MEDIUM,
                        "How often the map is refreshed, in milliseconds: the file is checked for changes, the "
                                + "HTTP service is asked (conditionally), the Kafka topic is polled. A change of the "
                                + "map takes effect within one interval. 30 s keeps the load on a config service low "
                                + "while a region failover still takes effect within half a minute.",
                        GROUP_REGION, ++order, Width.SHORT, "Refresh interval (ms)")
                .define(STARTUP_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                        "How long the first load of the map may take, in milliseconds, retrying failed attempts. "
                                + "With no map at all the predicate cannot decide any record, so the task fails to "
                                + "start when this expires.",
                        GROUP_REGION, ++order, Width.SHORT, "Start-up timeout (ms)")
                .define(MAX_STALENESS_MS, Type.LONG, 600_000L, ConfigDef.Range.atLeast(0L), Importance.MEDIUM,
                        "How old the map may get, in milliseconds since its last successful refresh, before the "
                        + "predicate stops deciding: past it a record is neither forwarded nor dropped on a stale map; "
                        + "the predicate throws a RetriableException saying why (logged once per stale spell) and "
                        + "answers again by itself once a refresh succeeds. Set errors.retry.timeout=-1 on the "
                        + "connector so Connect retries the record (with back-off, up to errors.retry.delay.max.ms "
                        + "apart) until then; otherwise the record is handled as a failed one (errors.tolerance). "
                        + "0: no bound. At least twice " + REFRESH_INTERVAL_MS + ". Default 10 minutes: twenty "
                        + "default refresh intervals, long enough to ride out a short config service outage, short "
                        + "enough that a region failover is not missed for long.",
                        GROUP_REGION, ++order, Width.SHORT, "Maximum map staleness (ms)")
                .define(UNKNOWN_TENANT, Type.STRING, FallbackPolicy.DROP.configName(),
                        ConfigEnums.validator(FallbackPolicy.class), Importance.MEDIUM,
                        "What happens to a record whose tenant is not in the map, under Filter with negate=true: "
                                + "'drop' (the predicate answers false), 'keep' (true) or 'fail' (a DataException "
                                + "naming topic, partition and offset). Default 'drop': every region runs the same "
                                + "connectors, so keeping unknown tenants would deliver their events once per region.",
                        GROUP_REGION, ++order, Width.SHORT, "Unknown tenant policy",
                        ConfigEnums.recommender(FallbackPolicy.class))
                .define(TENANT_HEADER_MISSING, Type.STRING, FallbackPolicy.FAIL.configName(),
                        ConfigEnums.validator(FallbackPolicy.class), Importance.MEDIUM,
                        "What happens to a record without the eventstream.tenant header (TenantRouter must run "
                                + "before this predicate): 'fail' (a DataException naming topic, partition and "
                                + "offset), 'drop' (the predicate answers false) or 'keep' (true). Default 'fail': "
                                + "a missing header means the chain is misconfigured.",
                        GROUP_REGION, ++order, Width.SHORT, "Missing tenant header policy",
                        ConfigEnums.recommender(FallbackPolicy.class));

        order = 0;
        def.define(FILE_PATH, Type.STRING, null, new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.HIGH,
                "Path of the JSON file holding the map, e.g. {\"acme\": \"eu-west\", \"globex\": \"us-east\"}. "
                        + "Required when " + REGION_SOURCE + "=file. Checked every refresh interval (modification "
                        + "time, size and file identity) and re-read when it changed; replace it atomically "
                        + "(write a new file, then rename it over the old one).",
                GROUP_FILE, ++order, Width.LONG, "Map file");

        order = 0;
        def.define(HTTP_URL, Type.STRING, null, new HttpsUrlValidator(), Importance.HIGH,
                        "https URL of the configuration service answering the map as a JSON object. Required when "
                                + REGION_SOURCE + "=http. Requests carry If-None-Match with the last ETag, and a 304 "
                                + "keeps the current map. The server certificate is always verified.",
                        GROUP_HTTP, ++order, Width.LONG, "Config service URL")
                .define(HTTP_BEARER_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "Bearer token sent in the Authorization header. Use a config provider reference, e.g. "
                                + "${file:/etc/eventstream/secrets.properties:region.token}.",
                        GROUP_HTTP, ++order, Width.MEDIUM, "Bearer token")
                .define(HTTP_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.between(1L, 600_000L), Importance.LOW,
                        "Connect and request timeout of one HTTP request, in milliseconds.",
                        GROUP_HTTP, ++order, Width.SHORT, "HTTP timeout (ms)")
                .define(HTTP_TRUSTSTORE_LOCATION, Type.STRING, null, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.LOW,
                        "Trust store for the config service's certificate. Default: the JVM's trust store.",
                        GROUP_HTTP, ++order, Width.LONG, "Trust store location")
                .define(HTTP_TRUSTSTORE_TYPE, Type.STRING, "PKCS12",
                        ConfigDef.ValidString.in("PKCS12", "JKS", "PEM"), Importance.LOW,
                        "Format of the trust store: PKCS12, JKS, or PEM (a file of X.509 certificates).",
                        GROUP_HTTP, ++order, Width.SHORT, "Trust store type")
                .define(HTTP_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "Password of a PKCS12 or JKS trust store, if it has one.",
                        GROUP_HTTP, ++order, Width.SHORT, "Trust store password");

        order = 0;
        def.define(KAFKA_BOOTSTRAP_SERVERS, Type.LIST, null, Importance.HIGH,
                        "Bootstrap servers of the cluster holding the map topic. Required when " + REGION_SOURCE
                                + "=kafka. Any other consumer property can be set with the prefix " + KAFKA_PREFIX
                                + " (e.g. region.kafka.security.protocol); deserializers are fixed to strings.",
                        GROUP_KAFKA, ++order, Width.LONG, "Bootstrap servers")
                .define(KAFKA_TOPIC, Type.STRING, null, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH,
                        "Compacted topic holding the map: key = tenant id, value = region (UTF-8 strings); a "
                                + "tombstone removes the tenant. Read to its end before the predicate starts, then "
                                + "tailed. Required when " + REGION_SOURCE + "=kafka.",
                        GROUP_KAFKA, ++order, Width.MEDIUM, "Map topic");
        return def;
    }

    private void requireSourceSettings() {
        switch (sourceType) {
            case FILE:
                requireSet(FILE_PATH, getString(FILE_PATH));
                break;
            case HTTP:
                requireSet(HTTP_URL, getString(HTTP_URL));
                if (getPassword(HTTP_TRUSTSTORE_PASSWORD) != null && getString(HTTP_TRUSTSTORE_LOCATION) == null) {
                    throw new ConfigException(HTTP_TRUSTSTORE_LOCATION, null,
                            "required because " + HTTP_TRUSTSTORE_PASSWORD + " is set");
                }
                break;
            case KAFKA:
                List<String> servers = getList(KAFKA_BOOTSTRAP_SERVERS);
                requireSet(KAFKA_BOOTSTRAP_SERVERS, servers == null || servers.isEmpty() ? null : servers);
                requireSet(KAFKA_TOPIC, getString(KAFKA_TOPIC));
                break;
            default:
                throw new IllegalStateException("Unhandled region source " + sourceType);
        }
    }

    private void requireSet(String key, Object value) {
        if (value == null) {
            throw new ConfigException(key, null, "required when " + REGION_SOURCE + "=" + sourceType.configName());
        }
    }

    public String localRegion() {
        return localRegion;
    }

    public RegionSourceType sourceType() {
        return sourceType;
    }

    public FallbackPolicy unknownTenant() {
        return unknownTenant;
    }

    public FallbackPolicy missingHeader() {
        return missingHeader;
    }

    public Duration refreshInterval() {
        return Duration.ofMillis(getLong(REFRESH_INTERVAL_MS));
    }

    /** The maximum age of the map before records wait; zero for no bound. */
    public Duration maxStaleness() {
        return Duration.ofMillis(getLong(MAX_STALENESS_MS));
    }

    public Duration startupTimeout() {
        return Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS));
    }

    public String filePath() {
        return getString(FILE_PATH);
    }

    public URI httpUrl() {
        return URI.create(getString(HTTP_URL));
    }

    public Password httpBearerToken() {
        return getPassword(HTTP_BEARER_TOKEN);
    }

    public Duration httpTimeout() {
        return Duration.ofMillis(getLong(HTTP_TIMEOUT_MS));
    }

    public String httpTruststoreLocation() {
        return getString(HTTP_TRUSTSTORE_LOCATION);
    }

    public String httpTruststoreType() {
        return getString(HTTP_TRUSTSTORE_TYPE);
    }

    public Password httpTruststorePassword() {
        return getPassword(HTTP_TRUSTSTORE_PASSWORD);
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC);
    }

    /** Consumer properties: every {@code region.kafka.*} key except this predicate's own ({@code topic}). */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        KAFKA_OWN_KEYS.forEach(props::remove);
        props.put("bootstrap.servers", String.join(",", getList(KAFKA_BOOTSTRAP_SERVERS)));
        return props;
    }

    /** Accepts null (unset) or an absolute https URL with a host. */
    static final class HttpsUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String text = value.toString();
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new ConfigException(name, text, "not a valid URL: " + e.getReason());
            }
            if (uri.getScheme() == null || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(name, text, "use an https URL: the map is read over verified TLS only");
            }
            if (uri.getHost() == null) {
                throw new ConfigException(name, text, "the URL names no host");
            }
        }

        @Override
        public String toString() {
            return "an https URL";
        }
    }
}
