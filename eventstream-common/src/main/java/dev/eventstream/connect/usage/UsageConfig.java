package dev.eventstream.connect.usage;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The {@code usage.*} settings every sink shares (group "Usage"): where a task publishes its usage totals, how
 * often, and the Kafka client settings to get there. Settings under {@code usage.sasl.} and {@code usage.ssl.} that
 * are not defined here are passed to the usage clients as they are (without the prefix).
 */
public final class UsageConfig {

    public static final String GROUP = "Usage";
    public static final String PREFIX = "usage.";

    public static final String TOPIC = "usage.topic";
    public static final String BOOTSTRAP_SERVERS = "usage.bootstrap.servers";
    public static final String FLUSH_INTERVAL_MS = "usage.flush.interval.ms";
    public static final String SECURITY_PROTOCOL = "usage.security.protocol";
    public static final String SASL_MECHANISM = "usage.sasl.mechanism";
    public static final String SASL_JAAS_CONFIG = "usage.sasl.jaas.config";
    public static final String SSL_TRUSTSTORE_LOCATION = "usage.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_TYPE = "usage.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_PASSWORD = "usage.ssl.truststore.password";
    public static final String SSL_KEYSTORE_LOCATION = "usage.ssl.keystore.location";
    public static final String SSL_KEYSTORE_TYPE = "usage.ssl.keystore.type";
    public static final String SSL_KEYSTORE_PASSWORD = "usage.ssl.keystore.password";
    public static final String SSL_KEY_PASSWORD = "usage.ssl.key.password";

    private static final List<String> PASS_THROUGH_PREFIXES = List.of("usage.sasl.", "usage.ssl.");
    private static final String[] PROTOCOLS = Arrays.stream(SecurityProtocol.values()).map(p -> p.name)
        .toArray(String[]::new);

    /** Where and how a task publishes usage; {@link #enabled()} false when {@value #TOPIC} is empty. */
    public record Settings(String topic, Map<String, Object> clientConfig, Duration flushInterval) {
        public boolean enabled() {
            return !topic.isEmpty();
        }
    }

    private UsageConfig() {
    }

    /** Adds the usage settings to {@code def} (group {@value #GROUP}). */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(TOPIC, Type.STRING, "", TOPIC_NAME, Importance.MEDIUM,
            "Compacted Kafka topic the task publishes its usage to (records and bytes delivered, requests, failed "
                + "attempts, DLQ records and redeliveries per tenant, endpoint, topic and minute), created when "
                + "missing together with its companion <topic>-offsets (the delivered-offset marks that tell "
                + "redeliveries apart). GET /eventstream/usage reads it. Empty (default): no usage is published.",
            GROUP, ++order, Width.MEDIUM, "Usage topic");
        def.define(BOOTSTRAP_SERVERS, Type.LIST, "", Importance.MEDIUM,
            "host:port pairs of the Kafka cluster that holds the usage topic (normally the Connect cluster's own). "
                + "Required when usage.topic is set.", GROUP, ++order, Width.LONG, "Usage bootstrap servers");
        def.define(FLUSH_INTERVAL_MS, Type.LONG, 5_000L, ConfigDef.Range.between(100L, 600_000L), Importance.LOW,
            "How often the changed usage totals are published, in milliseconds, off the delivery path. A kill -9 "
                + "loses at most the totals of this last interval from the usage topic (the records are then "
                + "redelivered and counted again). Default 5 s.", GROUP, ++order, Width.SHORT, "Usage flush interval (ms)");
        def.define(SECURITY_PROTOCOL, Type.STRING, "PLAINTEXT", ConfigDef.CaseInsensitiveValidString.in(PROTOCOLS),
            Importance.MEDIUM, "How the usage clients talk to the usage cluster: PLAINTEXT, SSL, SASL_PLAINTEXT or "
                + "SASL_SSL. Other usage.ssl.* and usage.sasl.* settings go to the clients without the prefix.",
            GROUP, ++order, Width.SHORT, "Usage security protocol");
        def.define(SASL_MECHANISM, Type.STRING, null, Importance.LOW,
            "SASL mechanism for SASL_PLAINTEXT/SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER); unset: "
                + "Kafka's default, GSSAPI.", GROUP, ++order, Width.SHORT, "Usage SASL mechanism");
        def.define(SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.LOW,
            "JAAS login for SASL (masked; write it as a config provider reference such as "
                + "${file:/etc/eventstream/secrets.properties:usage.jaas}).", GROUP, ++order, Width.LONG, "Usage SASL JAAS config");
        def.define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.LOW,
            "Truststore with the CA of the usage cluster's brokers; unset: the JVM's default trust.",
            GROUP, ++order, Width.LONG, "Usage truststore location");
        def.define(SSL_TRUSTSTORE_TYPE, Type.STRING, null, Importance.LOW,
            "Format of the usage truststore: JKS, PKCS12 or PEM; unset: Kafka's default (JKS).",
            GROUP, ++order, Width.SHORT, "Usage truststore type");
        def.define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the usage truststore (masked).",
            GROUP, ++order, Width.MEDIUM, "Usage truststore password");
        def.define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.LOW,
            "Keystore with a client certificate, when the usage cluster requires mutual TLS.",
            GROUP, ++order, Width.LONG, "Usage keystore location");
        def.define(SSL_KEYSTORE_TYPE, Type.STRING, null, Importance.LOW,
            "Format of the usage keystore: JKS, PKCS12 or PEM; unset: Kafka's default (JKS).",
            GROUP, ++order, Width.SHORT, "Usage keystore type");
        def.define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the usage keystore (masked).",
            GROUP, ++order, Width.MEDIUM, "Usage keystore password");
        def.define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the key in the usage keystore (masked).",
            GROUP, ++order, Width.MEDIUM, "Usage key password");
        return def;
    }

    /**
     * The cross-field rule: {@value #BOOTSTRAP_SERVERS} is needed when {@value #TOPIC} is set.
     * @return the error message for {@value #BOOTSTRAP_SERVERS}, or null
     */
    public static String missingBootstrapServers(Map<String, ?> props) {
        Object topic = props.get(TOPIC);
        Object servers = props.get(BOOTSTRAP_SERVERS);
        boolean topicSet = topic != null && !topic.toString().isBlank();
        boolean serversSet = servers != null && !servers.toString().isBlank();
        return topicSet && !serversSet ? BOOTSTRAP_SERVERS + " is required when " + TOPIC + " is set (" + topic
            + "): set it to the usage cluster's host:port pairs, or empty " + TOPIC + " to publish no usage" : null;
    }

    /**
     * The usage settings of {@code config}, whose ConfigDef went through {@link #define}.
     * @throws ConfigException when the topic is set without bootstrap servers
     */
    public static Settings settings(AbstractConfig config) {
        String topic = config.getString(TOPIC).trim();
        Map<String, Object> client = new HashMap<>();
        if (!topic.isEmpty()) {
            String missing = missingBootstrapServers(config.originals());
            if (missing != null) {
                throw new ConfigException(missing);
            }
            config.originals().forEach((key, value) -> {
                if (PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith) && value != null) {
                    client.put(key.substring(PREFIX.length()), value instanceof Password p ? p.value() : value);
                }
            });
            for (String name : List.of(SECURITY_PROTOCOL, SASL_MECHANISM, SASL_JAAS_CONFIG, SSL_TRUSTSTORE_LOCATION,
                SSL_TRUSTSTORE_TYPE, SSL_TRUSTSTORE_PASSWORD, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_TYPE,
                SSL_KEYSTORE_PASSWORD, SSL_KEY_PASSWORD)) {
                Object value = config.values().get(name);
                String clientKey = name.substring(PREFIX.length());
                if (value == null) {
                    client.remove(clientKey);
                } else {
                    client.put(clientKey, value instanceof Password p ? p.value() : value);
                }
            }
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(BOOTSTRAP_SERVERS)));
        }
        return new Settings(topic, Map.copyOf(client), Duration.ofMillis(config.getLong(FLUSH_INTERVAL_MS)));
    }

    /** Empty, or a legal Kafka topic name. */
    private static final ConfigDef.Validator TOPIC_NAME = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = value == null ? "" : value.toString().trim();
            if (!topic.isEmpty() && (topic.length() > 249 || !topic.matches("[a-zA-Z0-9._-]+"))) {
                throw new ConfigException(name, value, "a topic name is at most 249 characters of a-z, A-Z, 0-9, "
                    + "'.', '_' and '-'; empty turns usage publishing off");
            }
        }

        @Override
        public String toString() {
            return "empty, or a Kafka topic name";
        }
    };
}
