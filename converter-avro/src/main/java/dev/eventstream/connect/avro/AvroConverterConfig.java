package dev.eventstream.connect.avro;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of {@link AvroConverter}. Keys are given without the {@code key.converter.} /
 * {@code value.converter.} prefix, which Connect strips before calling {@code configure}.
 */
public final class AvroConverterConfig extends AbstractConfig {

    public static final String GROUP_REGISTRY = "Schema Registry";
    public static final String GROUP_TLS = "TLS";
    public static final String GROUP_LOCAL = "Local schemas";
    public static final String GROUP_DECODING = "Decoding";

    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String REGISTRY_CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REGISTRY_REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String REGISTRY_RETRIES = "schema.registry.retries";
    public static final String REGISTRY_RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String REGISTRY_RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    public static final String REGISTRY_CACHE_SIZE = "schema.registry.cache.size";

    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    public static final String SCHEMAS_DIR = "schemas.dir";
    public static final String SCHEMA_DEFAULT = "schema.default";
    /** Prefix of the per-topic reader schema keys: {@code schema.topic.{topic}}. */
    public static final String SCHEMA_TOPIC_PREFIX = "schema.topic.";

    public static final String INPUT_FORMAT = "input.format";
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";

    /** How the bytes of a record are laid out. */
    public enum InputFormat {
        /** Confluent framing when a registry is configured and the first byte is 0, plain Avro otherwise. */
        AUTO,
        /** Always Confluent framing: magic byte 0, 4-byte big-endian schema id, Avro binary. */
        CONFLUENT,
        /** Always plain Avro binary, read with the topic's local schema. */
        PLAIN
    }

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final Map<String, String> topicSchemas;

    public AvroConverterConfig(Map<?, ?> originals) {
        // not logged by AbstractConfig: schema.registry.url may carry credentials; AvroConverter logs a redacted summary
        super(CONFIG_DEF, originals, false);
        this.topicSchemas = Collections.unmodifiableMap(extractTopicSchemas(originals));
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(REGISTRY_URL, Type.LIST, "", new UrlListValidator(), Importance.HIGH,
                "Base URLs of a Confluent-compatible schema registry (comma-separated; tried in turn when one "
                        + "fails). Writer schemas of Confluent-framed records are fetched with "
                        + "GET {url}/schemas/ids/{id}. Empty: no registry, only plain Avro with local schemas "
                        + "can be read.",
                GROUP_REGISTRY, ++order, Width.LONG, "Schema registry URLs");
        def.define(REGISTRY_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                "HTTP Basic credentials for the registry, as 'user:password'. Use a config provider reference "
                        + "(${file:...}); the value is never logged. Empty: no Authorization header.",
                GROUP_REGISTRY, ++order, Width.MEDIUM, "Registry basic auth user info");
        def.define(REGISTRY_CONNECT_TIMEOUT_MS, Type.INT, 5_000, Range.between(1, 300_000), Importance.LOW,
                "TCP/TLS connect timeout towards the registry, in milliseconds.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry connect timeout (ms)");
        def.define(REGISTRY_REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.between(1, 300_000), Importance.LOW,
                "Timeout of one registry request (until the response is received), in milliseconds.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry request timeout (ms)");
        def.define(REGISTRY_RETRIES, Type.INT, 3, Range.between(0, 100), Importance.MEDIUM,
                "How many times a failed registry request is retried (I/O errors, timeouts, 429 and 5xx "
                        + "responses) before the record fails with a RetriableException, which Connect retries for "
                        + "errors.retry.timeout (set it to -1 so that an outage never sends records to the DLQ). "
                        + "404 (unknown schema id) is never retried: the record fails with a DataException.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry retries");
        def.define(REGISTRY_RETRY_BACKOFF_MS, Type.LONG, 200L, Range.between(0, 60_000), Importance.LOW,
                "Wait before the first retry, in milliseconds; doubled for each further retry.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry retry backoff (ms)");
        def.define(REGISTRY_RETRY_BACKOFF_MAX_MS, Type.LONG, 5_000L, Range.between(0, 300_000), Importance.LOW,
                "Upper bound of the wait between two retries, in milliseconds.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry max retry backoff (ms)");
        def.define(REGISTRY_CACHE_SIZE, Type.INT, 1_000, Range.between(1, 1_000_000), Importance.LOW,
                "How many schema ids (and their parsed schemas) are kept in memory; least recently used "
                        + "entries are evicted. A topic rarely uses more than a handful of ids.",
                GROUP_REGISTRY, ++order, Width.SHORT, "Registry cache size");

        order = 0;
        def.define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "Truststore with the CA certificates that sign the registry's TLS certificate. Empty: the "
                        + "JVM's default trust store. Certificate and host name verification are always on.",
                GROUP_TLS, ++order, Width.LONG, "Registry truststore location");
        def.define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                "Password of the truststore, if it has one. Never logged.",
                GROUP_TLS, ++order, Width.MEDIUM, "Registry truststore password");
        def.define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS", "PEM"), Importance.LOW,
                "Format of the truststore file: PKCS12, JKS, or PEM (a file of X.509 certificates, no password).",
                GROUP_TLS, ++order, Width.SHORT, "Registry truststore type");

        order = 0;
        def.define(SCHEMAS_DIR, Type.LIST, "", Importance.HIGH,
                "Directories (comma-separated) scanned recursively for *.avsc files when the converter "
                        + "starts. All files are parsed together, so a named type defined in one file can be "
                        + "used in another. The schemas found here can be named (by full name) in "
                        + "schema.topic.{topic} and schema.default.",
                GROUP_LOCAL, ++order, Width.LONG, "Local schema directories");
        def.define(SCHEMA_DEFAULT, Type.STRING, null, Importance.MEDIUM,
                "Reader schema for topics without their own schema.topic.{topic} key: the full name of a "
                        + "type found in schemas.dir, or the path of an .avsc file (relative paths are "
                        + "resolved against each schemas.dir in turn). Empty: no default.",
                GROUP_LOCAL, ++order, Width.LONG, "Default reader schema");

        order = 0;
        def.define(INPUT_FORMAT, Type.STRING, InputFormat.AUTO.name().toLowerCase(Locale.ROOT),
                ValidString.in("auto", "confluent", "plain"), Importance.MEDIUM,
                "Layout of the record bytes. 'confluent': magic byte 0 + 4-byte schema id + Avro binary, "
                        + "writer schema from the registry. 'plain': Avro binary only, written with the "
                        + "topic's local schema. 'auto': Confluent framing when a registry is configured and "
                        + "either the topic has no local schema or the first byte is 0; plain otherwise. A "
                        + "plain record can start with byte 0, so set the format explicitly when a topic "
                        + "mixes both or when both a registry and a local schema are configured.",
                GROUP_DECODING, ++order, Width.SHORT, "Input format");
        def.define(SCHEMA_CACHE_SIZE, Type.INT, 256, Range.between(1, 100_000), Importance.LOW,
                "How many Avro schemas (and writer/reader pairs) keep their derived Connect schema and "
                        + "compiled decoder in memory; least recently used entries are evicted.",
                GROUP_DECODING, ++order, Width.SHORT, "Schema cache size");
        return def;
    }

    private static Map<String, String> extractTopicSchemas(Map<?, ?> originals) {
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<?, ?> entry : originals.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!key.startsWith(SCHEMA_TOPIC_PREFIX)) {
                continue;
            }
            String topic = key.substring(SCHEMA_TOPIC_PREFIX.length());
            Object value = entry.getValue();
            if (topic.isEmpty()) {
                throw new ConfigException(key, value, "a topic name must follow '" + SCHEMA_TOPIC_PREFIX + "'");
            }
            if (value == null || String.valueOf(value).isBlank()) {
                throw new ConfigException(key, value, "must name a schema (full name or .avsc path)");
            }
            result.put(topic, String.valueOf(value).trim());
        }
        return result;
    }

    public List<URI> registryUrls() {
        List<URI> urls = new ArrayList<>();
        for (String url : getList(REGISTRY_URL)) {
            urls.add(URI.create(stripTrailingSlash(url.trim())));
        }
        return urls;
    }

    /** The registry URLs without their user info, safe to log. */
    public List<String> redactedRegistryUrls() {
        return registryUrls().stream().map(SchemaRegistryClient::redact).toList();
    }

    public boolean registryConfigured() {
        return !getList(REGISTRY_URL).isEmpty();
    }

    /** The basic-auth user info ({@code user:password}), or null. */
    public Password registryUserInfo() {
        Password password = getPassword(REGISTRY_BASIC_AUTH_USER_INFO);
        return password == null || password.value().isEmpty() ? null : password;
    }

    public int connectTimeoutMs() {
        return getInt(REGISTRY_CONNECT_TIMEOUT_MS);
    }

    public int requestTimeoutMs() {
        return getInt(REGISTRY_REQUEST_TIMEOUT_MS);
    }

    public int retries() {
        return getInt(REGISTRY_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(REGISTRY_RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(REGISTRY_RETRY_BACKOFF_MAX_MS);
    }

    public int registryCacheSize() {
        return getInt(REGISTRY_CACHE_SIZE);
    }

    /** The truststore path, or null for the JVM default trust store. */
    public Path truststoreLocation() {
        String location = getString(TRUSTSTORE_LOCATION);
        return location == null || location.isBlank() ? null : Path.of(location.trim());
    }

    public Password truststorePassword() {
        return getPassword(TRUSTSTORE_PASSWORD);
    }

    public String truststoreType() {
        return getString(TRUSTSTORE_TYPE);
    }

    public List<Path> schemaDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String dir : getList(SCHEMAS_DIR)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir.trim()));
            }
        }
        return dirs;
    }

    /** The default reader schema reference (full name or file), or null. */
    public String defaultSchema() {
        String value = getString(SCHEMA_DEFAULT);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** topic → reader schema reference (full name or file), from the {@code schema.topic.{topic}} keys. */
    public Map<String, String> topicSchemas() {
        return topicSchemas;
    }

    public InputFormat inputFormat() {
        return InputFormat.valueOf(getString(INPUT_FORMAT).toUpperCase(Locale.ROOT));
    }

    public int schemaCacheSize() {
        return getInt(SCHEMA_CACHE_SIZE);
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    /** Every entry must be an absolute http(s) URL. */
    static final class UrlListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> list)) {
                return;
            }
            for (Object item : list) {
                String url = String.valueOf(item).trim();
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    // the value and URISyntaxException's message are left out: the URL may carry credentials
                    throw new ConfigException(name + " has an entry that is not a valid URL (" + e.getReason()
                            + " at index " + e.getIndex() + ")");
                }
                String scheme = uri.getScheme();
                if (scheme == null || uri.getHost() == null
                        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                    throw new ConfigException(name, SchemaRegistryClient.redact(uri),
                            "must be an absolute http:// or https:// URL");
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated http(s) URLs";
        }
    }
}
