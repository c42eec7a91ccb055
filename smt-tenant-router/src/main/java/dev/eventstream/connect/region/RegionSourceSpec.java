package dev.eventstream.connect.region;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Identifies one region map source and knows how to create it. Two predicates whose region source settings
 * are equal (type, location and every other source setting, secrets included) share one source; the identity
 * holds a digest of the settings, never the secrets themselves.
 */
public final class RegionSourceSpec {

    private final RegionSourceType type;
    private final String description;
    private final String settingsDigest;
    private final Supplier<RegionMapSource> factory;

    RegionSourceSpec(RegionSourceType type, String description, Map<String, ?> settings,
                     Supplier<RegionMapSource> factory) {
        this.type = type;
        this.description = description;
        this.settingsDigest = digest(settings);
        this.factory = factory;
    }

    /** The source {@code config} describes. */
    public static RegionSourceSpec of(InPrimaryRegionConfig config) {
        Map<String, Object> settings = new TreeMap<>();
        for (Map.Entry<String, ?> entry : config.values().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("region.") && !key.equals(InPrimaryRegionConfig.REGION_LOCAL)
                    && !key.equals(InPrimaryRegionConfig.UNKNOWN_TENANT)
                    && !key.equals(InPrimaryRegionConfig.MAX_STALENESS_MS)) {
                settings.put(key, reveal(entry.getValue()));
            }
        }
        RegionSourceType type = config.sourceType();
        Clock clock = Clock.systemUTC();
        switch (type) {
            case FILE: {
                Path path = Path.of(config.filePath()).toAbsolutePath().normalize();
                settings.put(InPrimaryRegionConfig.FILE_PATH, path.toString());
                return new RegionSourceSpec(type, type.configName() + ":" + path, settings,
                        () -> new FileRegionMapSource(path, config.refreshInterval(), config.startupTimeout(), clock));
            }
            case HTTP:
                return new RegionSourceSpec(type, type.configName() + ":" + HttpRegionMapSource.describe(config.httpUrl()),
                        settings, () -> new HttpRegionMapSource(config.httpUrl(), config.httpBearerToken(),
                        config.httpTimeout(), TrustStores.sslContext(config.httpTruststoreLocation(),
                        config.httpTruststoreType(), config.httpTruststorePassword()),
                        config.refreshInterval(), config.startupTimeout(), clock));
            case KAFKA: {
                Map<String, Object> clientProps = config.kafkaClientProperties();
                settings.putAll(prefixed(clientProps));
                String description = type.configName() + ":" + clientProps.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + "/" + config.kafkaTopic();
                return new RegionSourceSpec(type, description, settings,
                        () -> new KafkaRegionMapSource(description, config.kafkaTopic(), config.refreshInterval(),
                                config.startupTimeout(), () -> newConsumer(clientProps, config.kafkaTopic()), clock));
            }
            default:
                throw new IllegalStateException("Unhandled region source " + type);
        }
    }

    private static Map<String, Object> prefixed(Map<String, Object> clientProps) {
        Map<String, Object> prefixed = new HashMap<>();
        clientProps.forEach((k, v) -> prefixed.put(InPrimaryRegionConfig.KAFKA_PREFIX + k, reveal(v)));
        return prefixed;
    }

    private static Object reveal(Object value) {
        return value instanceof Password ? ((Password) value).value() : value;
    }

    static KafkaConsumer<String, String> newConsumer(Map<String, Object> clientProps, String topic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "eventstream-region-map-" + topic);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static String digest(Map<String, ?> settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, ?> entry : new TreeMap<>(settings).entrySet()) {
                sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(String.valueOf(entry.getValue()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] hash = sha.digest();
            StringBuilder hex = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                hex.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public RegionSourceType type() {
        return type;
    }

    /** {@code <type>:<location>}, without secrets. */
    public String description() {
        return description;
    }

    /** First 64 bits of the SHA-256 of every source setting, hex. */
    public String settingsDigest() {
        return settingsDigest;
    }

    RegionMapSource create() {
        return factory.get();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RegionSourceSpec)) {
            return false;
        }
        RegionSourceSpec that = (RegionSourceSpec) other;
        return type == that.type && description.equals(that.description) && settingsDigest.equals(that.settingsDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, description, settingsDigest);
    }

    @Override
    public String toString() {
        return description + " (settings " + settingsDigest + ")";
    }
}
