package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.ConfigEnums;
import dev.eventstream.connect.common.PlaceholderTemplate;
import dev.eventstream.connect.usage.UsageConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Configuration of {@link KafkaSinkConnector}: the ConfigDef, its validators, typed getters, and the properties of
 * the producer to the target cluster.
 *
 * <p>Every key starting with {@value #TARGET_PREFIX} is a producer setting for the target cluster, with the prefix
 * removed ({@code target.ssl.truststore.location} becomes {@code ssl.truststore.location}). The most used ones are
 * defined here with documentation and validators; every producer setting whose type is PASSWORD in Kafka's
 * {@link ProducerConfig} is defined here as PASSWORD too, so Connect masks it; any other {@code target.*} key is passed
 * through as written. The delivery guarantees are not negotiable: {@link #FORBIDDEN_OVERRIDES} are refused.
 */
public final class KafkaSinkConfig extends AbstractConfig {

    public static final String TARGET_PREFIX = "target.";

    static final String GROUP_TARGET = "Target";
    static final String GROUP_SECURITY = "Security";
    static final String GROUP_FORMAT = "Format";
    static final String GROUP_DELIVERY = "Delivery";

    public static final String TARGET_BOOTSTRAP_SERVERS = TARGET_PREFIX + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String TARGET_TOPIC = "target.topic";
    public static final String TARGET_COMPRESSION_TYPE = TARGET_PREFIX + ProducerConfig.COMPRESSION_TYPE_CONFIG;
    public static final String TARGET_LINGER_MS = TARGET_PREFIX + ProducerConfig.LINGER_MS_CONFIG;
    public static final String TARGET_BATCH_SIZE = TARGET_PREFIX + ProducerConfig.BATCH_SIZE_CONFIG;
    public static final String TARGET_DELIVERY_TIMEOUT_MS = TARGET_PREFIX + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
    public static final String TARGET_MAX_IN_FLIGHT = TARGET_PREFIX + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
    public static final String TARGET_CLIENT_ID = TARGET_PREFIX + CommonClientConfigs.CLIENT_ID_CONFIG;

    public static final String TARGET_SECURITY_PROTOCOL = TARGET_PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    public static final String TARGET_SSL_TRUSTSTORE_LOCATION = TARGET_PREFIX + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
    public static final String TARGET_SSL_TRUSTSTORE_TYPE = TARGET_PREFIX + SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
    public static final String TARGET_SSL_KEYSTORE_LOCATION = TARGET_PREFIX + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
    public static final String TARGET_SSL_KEYSTORE_TYPE = TARGET_PREFIX + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG;
    public static final String TARGET_SSL_ENDPOINT_IDENTIFICATION =
            TARGET_PREFIX + SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;
    public static final String TARGET_SASL_MECHANISM = TARGET_PREFIX + "sasl.mechanism";

    public static final String VALUE_FORMAT = "value.format";
    public static final String TOMBSTONES = "tombstones";
    public static final String HEADERS_FORWARD = "headers.forward";

    /** Internal: the task's index, set by the connector, used in the producer's client.id. */
    static final String TASK_INDEX = "kafka.sink.task.index";

    public static final List<String> COMPRESSION_TYPES = List.of("none", "gzip", "snappy", "lz4", "zstd");
    static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");
    static final int MAX_IN_FLIGHT_LIMIT = 5;

    /**
     * Producer settings that cannot be overridden, with the reason shown to the user: the connector's delivery
     * guarantees (every acknowledged record is on all in-sync replicas, no duplicates or reordering from producer
     * retries, bytes written as they were rendered) depend on them.
     */
    static final Map<String, String> FORBIDDEN_OVERRIDES = forbiddenOverrides();

    /** How record values are written to the target. */
    public enum ValueFormat {
        /** Rendered as JSON by eventstream-common's JsonRenderer. */
        JSON,
        /** The record's original bytes (ByteArrayConverter), for the demux. */
        PASSTHROUGH
    }

    /** What happens to records whose value is null. */
    public enum TombstoneHandling { DELIVER, SKIP }

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final PlaceholderTemplate topicTemplate;
    private final HeaderFilter headerFilter;
    private final ValueFormat valueFormat;
    private final TombstoneHandling tombstones;

    public KafkaSinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        for (Object key : originals.keySet()) {
            String reason = FORBIDDEN_OVERRIDES.get(String.valueOf(key));
            if (reason != null) {
                throw new ConfigException(String.valueOf(key), originals.get(key), reason);
            }
        }
        this.topicTemplate = PlaceholderTemplate.parse(getString(TARGET_TOPIC));
        this.headerFilter = HeaderFilter.parse(HEADERS_FORWARD, getList(HEADERS_FORWARD));
        this.valueFormat = ValueFormat.valueOf(getString(VALUE_FORMAT).toUpperCase(Locale.ROOT));
        this.tombstones = TombstoneHandling.valueOf(getString(TOMBSTONES).toUpperCase(Locale.ROOT));
    }

    /** The connector's ConfigDef (shared, do not modify). */
    public static ConfigDef configDef() {
        return CONFIG_DEF;
    }

    private static Map<String, String> forbiddenOverrides() {
        Map<String, String> out = new LinkedHashMap<>();
        String guarantees = "fixed by the connector: it delivers with acks=all and an idempotent producer, "
                + "so an acknowledged record is on every in-sync replica, and producer retries neither duplicate nor "
                + "reorder records. Remove this key.";
        out.put(TARGET_PREFIX + ProducerConfig.ACKS_CONFIG, guarantees);
        out.put(TARGET_PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, guarantees);
        out.put(TARGET_PREFIX + ProducerConfig.RETRIES_CONFIG, "fixed by the connector (retries until "
                + TARGET_DELIVERY_TIMEOUT_MS + " passes): remove this key and bound retrying with "
                + TARGET_DELIVERY_TIMEOUT_MS + " instead.");
        String serializers = "fixed by the connector: it renders keys and values itself (value.format) and "
                + "writes bytes. Remove this key.";
        out.put(TARGET_PREFIX + ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializers);
        out.put(TARGET_PREFIX + ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializers);
        out.put(TARGET_PREFIX + ProducerConfig.TRANSACTIONAL_ID_CONFIG, "not supported: the connector's producer is "
                + "idempotent, not transactional (offsets are committed to the Connect cluster, not to the target). "
                + "Remove this key.");
        return Map.copyOf(out);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(TARGET_BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                Importance.HIGH, "host:port pairs of the target Kafka cluster (the customer's cluster, or the Connect "
                        + "cluster's own Kafka for the demux).", GROUP_TARGET, ++order, Width.LONG, "Target bootstrap servers");
        def.define(TARGET_TOPIC, Type.STRING, "${topic}", PlaceholderTemplate.validator("topic", "tenant"),
                Importance.HIGH, "Topic on the target each record is written to: a template where ${topic} is the "
                        + "record's topic (after transforms, so TenantRouter's route.topic.template applies) and "
                        + "${tenant} the value of its eventstream.tenant header (a record without one cannot be "
                        + "delivered and goes to the DLQ). Default ${topic}: the same name. The topic must exist on "
                        + "the target, or the target must auto-create topics.",
                GROUP_TARGET, ++order, Width.MEDIUM, "Target topic");
        def.define(TARGET_COMPRESSION_TYPE, Type.STRING, "lz4", ConfigDef.ValidString.in(COMPRESSION_TYPES.toArray(new String[0])),
                Importance.MEDIUM, "Compression of the record batches written to the target: none, gzip, snappy, lz4 "
                        + "or zstd. The batches are stored compressed as written (unless the target topic sets its "
                        + "own compression.type). Default lz4: cheap on CPU, and every Kafka client can read it.",
                GROUP_TARGET, ++order, Width.SHORT, "Compression",
                ConfigEnums.fixedValues(COMPRESSION_TYPES.toArray(new String[0])));
        def.define(TARGET_LINGER_MS, Type.INT, 10, ConfigDef.Range.between(0, 60_000), Importance.LOW,
                "How long the producer waits to fill a batch, in milliseconds. Default 10 ms: fuller, better "
                        + "compressed batches at a latency cost invisible next to Connect's own polling.",
                GROUP_TARGET, ++order, Width.SHORT, "Linger (ms)");
        def.define(TARGET_BATCH_SIZE, Type.INT, 64 * 1024, ConfigDef.Range.between(1024, 16 * 1024 * 1024),
                Importance.LOW, "Most bytes in one producer batch per target partition, before compression. "
                        + "Default 64 KiB (Kafka's is 16 KiB): better compression ratios for JSON.",
                GROUP_TARGET, ++order, Width.SHORT, "Batch size (bytes)");
        def.define(TARGET_DELIVERY_TIMEOUT_MS, Type.INT, 120_000, ConfigDef.Range.between(1_000, Integer.MAX_VALUE),
                Importance.MEDIUM, "How long the producer keeps retrying a record after a retriable error (target "
                        + "unreachable, leader change, not enough replicas), in milliseconds. After it the task fails "
                        + "without committing the record's offset, so nothing is lost: the record is delivered again "
                        + "when the task restarts. Default 120 s (Kafka's default).",
                GROUP_DELIVERY, ++order, Width.SHORT, "Delivery timeout (ms)");
        def.define(TARGET_MAX_IN_FLIGHT, Type.INT, MAX_IN_FLIGHT_LIMIT, ConfigDef.Range.between(1, MAX_IN_FLIGHT_LIMIT),
                Importance.LOW, "Unacknowledged requests per target broker connection. At most 5, the limit under "
                        + "which the idempotent producer keeps order across retries. Default 5.",
                GROUP_DELIVERY, ++order, Width.SHORT, "Max in-flight requests");
        def.define(TARGET_CLIENT_ID, Type.STRING, "", Importance.LOW,
                "client.id of the producer, as the target's quotas and logs see it; the task index is appended. "
                        + "Empty (default): eventstream-kafka-sink-<connector name>.",
                GROUP_TARGET, ++order, Width.MEDIUM, "Client id");

        order = 0;
        def.define(TARGET_SECURITY_PROTOCOL, Type.STRING, "PLAINTEXT",
                ConfigDef.ValidString.in(SECURITY_PROTOCOLS.toArray(new String[0])), Importance.HIGH,
                "How the producer talks to the target: PLAINTEXT, SSL (TLS, optionally with a client certificate), "
                        + "SASL_PLAINTEXT or SASL_SSL (SASL authentication, over TLS for the latter). Customer clusters "
                        + "should be reached with SSL or SASL_SSL.", GROUP_SECURITY, ++order, Width.SHORT,
                "Security protocol", ConfigEnums.fixedValues(SECURITY_PROTOCOLS.toArray(new String[0])));
        def.define(TARGET_SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "Truststore with the CA(s) that signed the target brokers' certificates. Unset: the JVM's default trust.",
                GROUP_SECURITY, ++order, Width.LONG, "Truststore location");
        def.define(TARGET_SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", ConfigDef.ValidString.in(STORE_TYPES.toArray(new String[0])),
                Importance.LOW, "Format of the truststore: JKS, PKCS12 or PEM.", GROUP_SECURITY, ++order, Width.SHORT,
                "Truststore type", ConfigEnums.fixedValues(STORE_TYPES.toArray(new String[0])));
        def.define(TARGET_SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "Keystore with the client certificate and key, for targets that require mutual TLS. Unset: no client "
                        + "certificate.", GROUP_SECURITY, ++order, Width.LONG, "Keystore location");
        def.define(TARGET_SSL_KEYSTORE_TYPE, Type.STRING, "JKS", ConfigDef.ValidString.in(STORE_TYPES.toArray(new String[0])),
                Importance.LOW, "Format of the keystore: JKS, PKCS12 or PEM.", GROUP_SECURITY, ++order, Width.SHORT,
                "Keystore type", ConfigEnums.fixedValues(STORE_TYPES.toArray(new String[0])));
        def.define(TARGET_SSL_ENDPOINT_IDENTIFICATION, Type.STRING, "https", ConfigDef.ValidString.in("https", ""),
                Importance.LOW, "https (default): the broker's certificate must name the host connected to. Empty "
                        + "turns host name verification off (not recommended).", GROUP_SECURITY, ++order, Width.SHORT,
                "Endpoint identification");
        def.define(TARGET_SASL_MECHANISM, Type.STRING, "GSSAPI", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "SASL mechanism with SASL_PLAINTEXT/SASL_SSL: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER or "
                        + "GSSAPI (Kafka's default). The credentials go in target.sasl.jaas.config.",
                GROUP_SECURITY, ++order, Width.SHORT, "SASL mechanism");
        for (String producerKey : producerPasswordKeys()) {
            ConfigDef.ConfigKey key = ProducerConfig.configDef().configKeys().get(producerKey);
            def.define(TARGET_PREFIX + producerKey, Type.PASSWORD, null, Importance.MEDIUM,
                    "Secret, passed to the target producer as " + producerKey + " (masked by Connect; write it as a "
                            + "config provider reference such as ${file:/etc/eventstream/secrets.properties:key}). "
                            + (key.documentation == null ? "" : key.documentation), GROUP_SECURITY, ++order, Width.MEDIUM, producerKey);
        }

        order = 0;
        def.define(VALUE_FORMAT, Type.STRING, "json", caseInsensitive(ValueFormat.class), Importance.HIGH,
                "json: the value is rendered as JSON (Connect Struct/Map/List/primitives, logical types, Avro unions; "
                        + "see eventstream-common), the key as described in the README. passthrough: the record's "
                        + "original key and value bytes, unchanged, for the tenant demux; needs "
                        + "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter, and the "
                        + "ByteArrayConverter as key.converter for keys that are not all UTF-8 text (a StringConverter "
                        + "key that was not UTF-8 goes to the DLQ rather than being altered).", GROUP_FORMAT, ++order, Width.SHORT, "Value format",
                ConfigEnums.fixedValues(names(ValueFormat.class)));
        def.define(TOMBSTONES, Type.STRING, "deliver", caseInsensitive(TombstoneHandling.class), Importance.MEDIUM,
                "Records with a null value. deliver (default): written with a null value, a tombstone on the target "
                        + "too. skip: not written; their offsets still commit.", GROUP_FORMAT, ++order, Width.SHORT,
                "Tombstones", ConfigEnums.fixedValues(names(TombstoneHandling.class)));
        def.define(HEADERS_FORWARD, Type.LIST, HeaderFilter.DEFAULT, HeaderFilter.VALIDATOR, Importance.MEDIUM,
                "Which record headers are written to the target: a list of header names, where name* stands for "
                        + "every header starting with name; all; or none. Default eventstream.*: only the suite's own "
                        + "headers (such as eventstream.tenant), because upstream headers can carry personal data "
                        + "(a caller's number) that must not leave unless asked for; the tenant demux, whose output "
                        + "stays inside the platform, sets all. The eventstream.source.topic/partition/offset headers "
                        + "are always written, with the record's original coordinates (kept when the record already "
                        + "has them).",
                GROUP_FORMAT, ++order, Width.MEDIUM, "Forwarded headers");

        UsageConfig.define(def);
        def.defineInternal(TASK_INDEX, Type.INT, 0, Importance.LOW);
        return def;
    }

    /** Producer settings of type PASSWORD in this Kafka version, sorted. */
    static TreeSet<String> producerPasswordKeys() {
        TreeSet<String> out = new TreeSet<>();
        ProducerConfig.configDef().configKeys().forEach((name, key) -> {
            if (key.type == Type.PASSWORD) {
                out.add(name);
            }
        });
        return out;
    }

    /** The configuration names of {@code type}'s constants: their names in lower case. */
    private static <E extends Enum<E>> String[] names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    /** Any case, as the HTTPS sink accepts its enum values. */
    private static <E extends Enum<E>> ConfigDef.Validator caseInsensitive(Class<E> type) {
        return ConfigDef.CaseInsensitiveValidString.in(names(type));
    }

    /**
     * The target producer's settings: every {@code target.*} key without its prefix, the defined ones as parsed,
     * plus the fixed ones (acks=all, idempotence, byte-array serializers).
     *
     * @param connectorName used in the default client.id
     */
    Map<String, Object> producerProperties(String connectorName) {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(TARGET_PREFIX, true));
        props.remove(TARGET_TOPIC.substring(TARGET_PREFIX.length()));
        for (String name : CONFIG_DEF.names()) {
            if (!name.startsWith(TARGET_PREFIX) || TARGET_TOPIC.equals(name)) {
                continue;
            }
            Object value = get(name);
            String producerKey = name.substring(TARGET_PREFIX.length());
            if (value == null) {
                props.remove(producerKey);
            } else if (value instanceof Password) {
                props.put(producerKey, ((Password) value).value());
            } else if (value instanceof List) {
                props.put(producerKey, String.join(",", getList(name)));
            } else {
                props.put(producerKey, value);
            }
        }
        String clientId = getString(TARGET_CLIENT_ID);
        if (clientId.isEmpty()) {
            clientId = "eventstream-kafka-sink-" + (connectorName == null ? "connector" : connectorName);
        }
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + getInt(TASK_INDEX));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    public List<String> bootstrapServers() {
        return getList(TARGET_BOOTSTRAP_SERVERS);
    }

    public PlaceholderTemplate topicTemplate() {
        return topicTemplate;
    }

    public String compressionType() {
        return getString(TARGET_COMPRESSION_TYPE);
    }

    public String securityProtocol() {
        return getString(TARGET_SECURITY_PROTOCOL);
    }

    public ValueFormat valueFormat() {
        return valueFormat;
    }

    public TombstoneHandling tombstones() {
        return tombstones;
    }

    public HeaderFilter headerFilter() {
        return headerFilter;
    }

    int taskIndex() {
        return getInt(TASK_INDEX);
    }
}
