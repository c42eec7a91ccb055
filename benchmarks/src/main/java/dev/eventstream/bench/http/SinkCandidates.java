package dev.eventstream.bench.http;

import dev.eventstream.connect.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The connector configurations the HTTPS sink benchmarks compare, all sending to the rig's receiver. */
final class SinkCandidates {

    /** The signing secret of our sink's candidates. */
    static final String SIGNING_SECRET = "whsec_" + Base64.getEncoder().encodeToString("benchmark-signing-secret-32bytes".getBytes());

    private final BenchRig rig;
    private final String topic;

    SinkCandidates(BenchRig rig, String topic) {
        this.rig = rig;
        this.topic = topic;
    }

    /** Aiven's plugin directory from -Dbench.aiven.dir (default ../shared/peers/aiven-http-sink), or null when absent. */
    static Path aivenPluginDirectory() {
        Path directory = Path.of(System.getProperty("bench.aiven.dir", "../shared/peers/aiven-http-sink")).toAbsolutePath().normalize();
        return Files.isDirectory(directory) ? directory : null;
    }

    /**
     * The chain a rendered endpoint runs (eventstream-control's golden es-acme-crm.json): TenantRouter on the key
     * allowing {@value BenchRig#TENANT}, the primary-region filter, ConvertValue with the suite's JSON converter
     * (or, with {@code conversionAfterRouting=false}, that converter as the connector's value converter, so every
     * record is parsed before routing), the subscription filters (FieldMatches on {@code id}), and FieldFilter
     * dropping, masking and hashing PII; gzip + signed.
     */
    Map<String, String> realChain(int tasks, boolean conversionAfterRouting) {
        Map<String, String> config = ours(tasks);
        config.putAll(chainTransforms(rig.regionsFile(), conversionAfterRouting));
        overrides(config);
        return config;
    }

    /**
     * The converters, transforms and predicates of {@link #realChain}: {@code regionsFile} holds the tenants' regions
     * ({@link BenchRig#regionsJson()}).
     */
    static Map<String, String> chainTransforms(Path regionsFile, boolean conversionAfterRouting) {
        Map<String, String> config = new HashMap<>();
        if (conversionAfterRouting) {
            config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.put("transforms", "tenant,primaryRegion,convert,subscribed,unsubscribed,pii");
            config.put("transforms.convert.type", "dev.eventstream.connect.convert.ConvertValue");
            config.put("transforms.convert.converter", "dev.eventstream.connect.json.converter.JsonConverter");
        } else {
            config.put("value.converter", "dev.eventstream.connect.json.converter.JsonConverter");
            config.put("transforms", "tenant,primaryRegion,subscribed,unsubscribed,pii");
        }
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
        config.put("transforms.tenant.tenant.allowed", BenchRig.TENANT);
        config.put("transforms.tenant.tenant.missing.policy", "fail");
        config.put("transforms.primaryRegion.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.primaryRegion.predicate", "inPrimaryRegion");
        config.put("transforms.primaryRegion.negate", "true");
        config.put("transforms.subscribed.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.subscribed.predicate", "isSubscribed");
        config.put("transforms.subscribed.negate", "true");
        config.put("transforms.unsubscribed.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.unsubscribed.predicate", "isExcluded");
        config.put("transforms.pii.type", "dev.eventstream.connect.filter.FieldFilter$Value");
        config.put("transforms.pii.fields.drop", "UserData.CreditCard");
        config.put("transforms.pii.fields.mask", "ANI,DNIS");
        config.put("transforms.pii.fields.hash", "UserData.CustomerEmail");
        config.put("transforms.pii.fields.hash.secret", "benchmark-pii-hash-secret");
        config.put("predicates", "inPrimaryRegion,isSubscribed,isExcluded");
        config.put("predicates.inPrimaryRegion.type", "dev.eventstream.connect.region.InPrimaryRegion");
        config.put("predicates.inPrimaryRegion.region.local", "eu-west");
        config.put("predicates.inPrimaryRegion.region.source", "file");
        config.put("predicates.inPrimaryRegion.region.file.path", regionsFile.toString());
        config.put("predicates.inPrimaryRegion.region.unknown.tenant", "drop");
        config.put("predicates.isSubscribed.type", "dev.eventstream.connect.filter.FieldMatches");
        config.put("predicates.isSubscribed.field", "id");
        // every benchmark event is subscribed, so that all candidates deliver the same events
        config.put("predicates.isSubscribed.patterns", "Event*");
        config.put("predicates.isExcluded.type", "dev.eventstream.connect.filter.FieldMatches");
        config.put("predicates.isExcluded.field", "id");
        config.put("predicates.isExcluded.values", "EventAgentAfterCallWork");
        return config;
    }

    /** Our sink with no transforms: values are JSON text copied as they are (value.encoding=json); gzip + signed. */
    Map<String, String> noTransforms(int tasks) {
        Map<String, String> config = ours(tasks);
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.encoding", "json");
        overrides(config);
        return config;
    }

    /** Aiven's HTTP sink as its README (shared/peers/aiven-http-sink) configures it to batch like ours. */
    Map<String, String> aiven(int tasks) {
        Map<String, String> config = common(tasks);
        config.put("connector.class", "io.aiven.kafka.connect.http.HttpSinkConnector");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("http.url", rig.receiver().url("/events"));
        config.put("http.authorization.type", "none");
        config.put("http.headers.content.type", "application/x-ndjson");
        config.put("http.ssl.truststore.location", truststore());
        config.put("http.ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("batching.enabled", "true");
        config.put("batch.max.size", "500");
        config.put("max.retries", "3");
        config.put("retry.backoff.ms", "1000");
        return config;
    }

    /** What every candidate shares: the topic, the key converter and the consumer's settings. */
    private Map<String, String> common(int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("consumer.override.max.poll.records", "2000");
        return config;
    }

    private Map<String, String> ours(int tasks) {
        Map<String, String> config = common(tasks);
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("http.url", rig.receiver().url("/bench"));
        config.put("http.compression", "gzip");
        config.put("batch.max.records", "500");
        config.put("signing.secret", SIGNING_SECRET);
        config.put("ssl.truststore.location", truststore());
        config.put("ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("ssl.truststore.type", "PKCS12");
        return config;
    }

    private String truststore() {
        return rig.receiver().certificates().truststore(TestCertificates.StoreType.PKCS12).toString();
    }

    /** -Dsink.<key>=<value> overrides or adds a setting of our sink, to compare settings in the same harness. */
    private static void overrides(Map<String, String> config) {
        config.putAll(overrideSettings());
    }

    /** The -Dsink.<key>=<value> settings, without the prefix. */
    static Map<String, String> overrideSettings() {
        Map<String, String> settings = new java.util.TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("sink."))
            .forEach(key -> settings.put(key.substring("sink.".length()), System.getProperty(key)));
        return settings;
    }
}
