package dev.eventstream.connect.reliability;

import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestCertificates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connector configs as the renderer writes them for one tenant endpoint (direct strategy), with short budgets. */
final class Connectors {

    /** How the endpoints find a record's tenant: in its key, before the first {@code ':'} (see {@link Traffic#tenantOfKey}). */
    static final String KEY_TEMPLATE = "{tenant_id}:{callthread_id}";
    /** The largest record the platform carries by default (deployment {@code maxRecordBytes}). */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /**
     * The largest write of one record the renderer sizes for by default ({@link #MAX_RECORD_BYTES} plus 64 KiB for the
     * headers and envelope the platform adds): every connector's DLQ producer ({@code max.request.size}), the demux's
     * and Kafka endpoints' target producers, HTTPS endpoints ({@code http.max.request.bytes}), and the DLQ and
     * per-tenant topics ({@code max.message.bytes}).
     */
    static final int RECORD_WRITE_BYTES = MAX_RECORD_BYTES + 64 * 1024;

    private Connectors() {
    }

    /** An HTTPS endpoint of {@code tenant} reading {@code topic}: TenantRouter keeps only its records, DLQ on. */
    static Map<String, String> httpsEndpoint(String tenant, String topic, String dlq, HttpsReceiver receiver, String path) {
        Map<String, String> config = common(tenant, topic, dlq);
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("http.url", receiver.url(path));
        config.put("http.compression", "gzip");
        config.put("batch.max.records", "50");
        config.put("batch.linger.ms", "20");
        config.put("retry.backoff.initial.ms", "100");
        config.put("retry.backoff.max.ms", "1000");
        config.put("retry.timeout.ms", "30000");
        config.put("http.max.request.bytes", Integer.toString(RECORD_WRITE_BYTES));
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString());
        config.put("ssl.truststore.type", "PEM");
        return config;
    }

    /**
     * Conversion after routing, as the renderer writes an endpoint whose topics carry the tenant in the key (golden
     * file es-acme-crm.json): the connector reads value bytes, and {@code ConvertValue} after {@code TenantRouter}
     * converts only the records the router kept, with {@code converter} ({@code transforms.convert.converter}).
     */
    static Map<String, String> convertingAfterRouting(Map<String, String> config, String converter) {
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.remove("value.converter.schemas.enable");
        config.put("transforms", config.get("transforms") + ",convert");
        config.put("transforms.convert.type", "dev.eventstream.connect.convert.ConvertValue");
        config.put("transforms.convert.converter", converter);
        if (converter.endsWith(".JsonConverter")) {
            config.put("transforms.convert.converter.max.bytes", Integer.toString(MAX_RECORD_BYTES));
        }
        return config;
    }

    /** Creates a DLQ topic as the control plane does before it applies the connectors: one partition, sized writes. */
    static void createDlq(FaultCluster cluster, String dlq) {
        cluster.createTopic(dlq, 1, Map.of("max.message.bytes", Integer.toString(RECORD_WRITE_BYTES)));
    }

    /** Creates a demux's per-tenant topic as the control plane does before it applies the connectors: sized writes. */
    static void createTenantTopic(FaultCluster cluster, String topic, int partitions) {
        cluster.createTopic(topic, partitions, Map.of("max.message.bytes", Integer.toString(RECORD_WRITE_BYTES)));
    }

    /** A Kafka endpoint of {@code tenant}: its records, bytes unchanged, to {@code targetTopic} on the customer's cluster. */
    static Map<String, String> kafkaEndpoint(String tenant, String topic, String dlq, String targetBootstrap, String targetTopic) {
        Map<String, String> config = common(tenant, topic, dlq);
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.format", "passthrough");
        config.put("target.bootstrap.servers", targetBootstrap);
        config.put("target.topic", targetTopic);
        config.put("target.linger.ms", "5");
        config.put("target.max.request.size", Integer.toString(RECORD_WRITE_BYTES));
        return config;
    }

    /**
     * The demux connector of {@code topic}, as the renderer writes it with {@code fanOut: demux} (golden file
     * es-demux-voice-callthread.json): re-publishes the records of the {@code tenants} to {@code <topic>.<tenant>}.
     */
    static Map<String, String> demux(String topic, List<String> tenants, String dlq, String bootstrap) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        deadLetterQueue(config, dlq);
        config.put("target.bootstrap.servers", bootstrap);
        config.put("target.topic", "${topic}");
        config.put("value.format", "passthrough");
        config.put("headers.forward", "all");
        config.put("target.linger.ms", "5");
        config.put("target.max.request.size", Integer.toString(RECORD_WRITE_BYTES));
        config.put("transforms", "tenant");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", KEY_TEMPLATE);
        config.put("transforms.tenant.tenant.allowed", String.join(",", tenants));
        config.put("transforms.tenant.tenant.missing.policy", "fail");
        config.put("transforms.tenant.route.topic.template", "${topic}.${tenant}");
        return config;
    }

    private static Map<String, String> common(String tenant, String topic, String dlq) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "3");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("consumer.override.max.poll.records", "200");
        deadLetterQueue(config, dlq);
        config.put("transforms", "tenant");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", KEY_TEMPLATE);
        config.put("transforms.tenant.tenant.allowed", tenant);
        return config;
    }

    /** Bad records to {@code dlq} with their reasons, its producer sized as the control plane renders it. */
    private static void deadLetterQueue(Map<String, String> config, String dlq) {
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("producer.override.max.request.size", Integer.toString(RECORD_WRITE_BYTES));
    }
}
