package dev.eventstream.connect.testing;

import dev.eventstream.connect.testing.connector.TestPostingSinkConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink connector's config with its transform chain, written as a test reads it: the sink, its converters, its
 * dead letter queue, where it delivers, then each transform and predicate in chain order. {@link #build} fills in
 * the {@code transforms} and {@code predicates} lists from the aliases added.
 *
 * <pre>{@code
 * Map<String, String> config = ChainConfig.httpsSink("voice-callthread").tasks(2).schemalessJsonValues()
 *     .deadLetterQueue("es-dlq-acme-crm")
 *     .deliverTo(receiver, "/acme/crm")
 *     .transform("tenant", ChainConfig.TENANT_ROUTER, Map.of("tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}"))
 *     .keepOnly("onlyAcme", "isAcme", ChainConfig.TENANT_MATCHES, Map.of("tenants", "acme"))
 *     .build();
 * }</pre>
 */
public final class ChainConfig {

    public static final String HTTPS_SINK = "dev.eventstream.connect.http.HttpsSinkConnector";
    public static final String KAFKA_SINK = "dev.eventstream.connect.kafka.KafkaSinkConnector";
    public static final String TEST_POSTING_SINK = TestPostingSinkConnector.class.getName();

    public static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    public static final String AVRO_CONVERTER = "dev.eventstream.connect.avro.AvroConverter";

    public static final String TENANT_ROUTER = "dev.eventstream.connect.tenant.TenantRouter";
    public static final String TENANT_MATCHES = "dev.eventstream.connect.tenant.TenantMatches";
    public static final String IN_PRIMARY_REGION = "dev.eventstream.connect.region.InPrimaryRegion";
    public static final String FIELD_MATCHES = "dev.eventstream.connect.filter.FieldMatches";
    public static final String FIELD_FILTER_VALUE = "dev.eventstream.connect.filter.FieldFilter$Value";
    public static final String CONVERT_VALUE = "dev.eventstream.connect.convert.ConvertValue";

    private static final String FILTER = "org.apache.kafka.connect.transforms.Filter";

    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<String> transforms = new ArrayList<>();
    private final List<String> predicates = new ArrayList<>();

    private ChainConfig(String connectorClass, String topics) {
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("consumer.override.auto.offset.reset", "earliest");
    }

    /** A sink of {@code connectorClass} reading {@code topics} from the earliest offset, with one task. */
    public static ChainConfig sink(String connectorClass, String topics) {
        return new ChainConfig(connectorClass, topics);
    }

    /** The suite's HTTPS sink, keys read as text. */
    public static ChainConfig httpsSink(String topics) {
        return sink(HTTPS_SINK, topics).keys(STRING_CONVERTER);
    }

    /** The suite's Kafka sink, keys read as text. */
    public static ChainConfig kafkaSink(String topics) {
        return sink(KAFKA_SINK, topics).keys(STRING_CONVERTER);
    }

    /** The test-only posting sink, posting to {@code path} of the receiver and trusting its certificate (PKCS12). */
    public static ChainConfig testPostingSink(String topics, HttpsReceiver receiver, String path) {
        return sink(TEST_POSTING_SINK, topics)
            .with("test.url", receiver.url(path))
            .with("test.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PKCS12).toString())
            .with("test.truststore.password", TestCertificates.PASSWORD);
    }

    public ChainConfig tasks(int tasks) {
        return with("tasks.max", Integer.toString(tasks));
    }

    public ChainConfig keys(String converter) {
        return with("key.converter", converter);
    }

    public ChainConfig values(String converter) {
        return with("value.converter", converter);
    }

    public ChainConfig headers(String converter) {
        return with("header.converter", converter);
    }

    /** Values are JSON without a schema envelope, read by Kafka's JsonConverter. */
    public ChainConfig schemalessJsonValues() {
        return values(JSON_CONVERTER).with("value.converter.schemas.enable", "false");
    }

    /** A bad record goes to {@code topic}, with Connect's error context headers, and the task carries on. */
    public ChainConfig deadLetterQueue(String topic) {
        return with("errors.tolerance", "all")
            .with("errors.deadletterqueue.topic.name", topic)
            .with("errors.deadletterqueue.topic.replication.factor", "1")
            .with("errors.deadletterqueue.context.headers.enable", "true");
    }

    /** Connect retries a retriable failure of a converter or transform without end, at most {@code maxDelay} apart. */
    public ChainConfig retryForever(Duration maxDelay) {
        return with("errors.retry.timeout", "-1").with("errors.retry.delay.max.ms", Long.toString(maxDelay.toMillis()));
    }

    /** The HTTPS sink posts to {@code path} of the receiver, trusting its certificate from a PEM file. */
    public ChainConfig deliverTo(HttpsReceiver receiver, String path) {
        return deliverTo(receiver, path, TestCertificates.StoreType.PEM);
    }

    /** The same, the truststore of {@code type} (with its password unless PEM). */
    public ChainConfig deliverTo(HttpsReceiver receiver, String path, TestCertificates.StoreType type) {
        with("http.url", receiver.url(path));
        with("ssl.truststore.location", receiver.certificates().truststore(type).toString());
        with("ssl.truststore.type", type.name());
        return type == TestCertificates.StoreType.PEM ? this : with("ssl.truststore.password", TestCertificates.PASSWORD);
    }

    /** Appends the transform {@code alias} of {@code type} to the chain, with its own settings (keys without prefix). */
    public ChainConfig transform(String alias, String type, Map<String, String> settings) {
        transforms.add(alias);
        with("transforms." + alias + ".type", type);
        settings.forEach((key, value) -> with("transforms." + alias + "." + key, value));
        return this;
    }

    /**
     * Appends a {@code Filter} transform {@code alias} that keeps only the records the predicate {@code predicateAlias}
     * of {@code predicateType} matches (Filter with {@code negate=true}), and defines that predicate.
     */
    public ChainConfig keepOnly(String alias, String predicateAlias, String predicateType, Map<String, String> predicateSettings) {
        transforms.add(alias);
        with("transforms." + alias + ".type", FILTER);
        with("transforms." + alias + ".predicate", predicateAlias);
        with("transforms." + alias + ".negate", "true");
        predicates.add(predicateAlias);
        with("predicates." + predicateAlias + ".type", predicateType);
        predicateSettings.forEach((key, value) -> with("predicates." + predicateAlias + "." + key, value));
        return this;
    }

    /** Sets one key, replacing what was there. */
    public ChainConfig with(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** The config to put to Connect: a new mutable map each call. */
    public Map<String, String> build() {
        Map<String, String> built = new LinkedHashMap<>(config);
        if (!transforms.isEmpty()) {
            built.put("transforms", String.join(",", transforms));
        }
        if (!predicates.isEmpty()) {
            built.put("predicates", String.join(",", predicates));
        }
        return built;
    }
}
