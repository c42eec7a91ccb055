package dev.eventstream.bench.scale;

import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * One endpoint connector as the control plane renders it (eventstream-control's golden es-acme-crm.json), for
 * tenant {@code tenant}, posting to its own path of the local receiver: 1 task, a dead letter queue of its own,
 * usage publishing, TenantRouter on the key, the primary-region filter, ConvertValue with the suite's JSON converter,
 * the subscription filters and FieldFilter; gzip + signed.
 */
final class EndpointChain {

    static final String TOPIC = "voice-callthread";
    static final String USAGE_TOPIC = "eventstream-usage";

    private static final String SIGNING_SECRET =
        "whsec_" + Base64.getEncoder().encodeToString("benchmark-signing-secret-32bytes".getBytes(StandardCharsets.US_ASCII));

    private EndpointChain() {
    }

    static String connectorName(String tenant) {
        return "es-" + tenant + "-crm";
    }

    static String path(String tenant) {
        return "/" + tenant + "/crm";
    }

    static Map<String, String> config(String tenant, HttpsReceiver receiver, String bootstrap, String regionsFile) {
        Map<String, String> config = ChainConfig.httpsSink(TOPIC)
            .values(ChainConfig.BYTE_ARRAY_CONVERTER)
            .deadLetterQueue("es-dlq-" + tenant + "-crm")
            .with("errors.retry.timeout", "-1")
            .with("producer.override.max.request.size", "16842752")
            .deliverTo(receiver, path(tenant), TestCertificates.StoreType.PKCS12)
            .with("http.headers", "X-Source:eventstream")
            .with("batch.max.records", "500")
            .with("batch.linger.ms", "100")
            .with("retry.timeout.ms", "600000")
            .with("signing.secret", SIGNING_SECRET)
            .with("usage.topic", USAGE_TOPIC)
            .with("usage.bootstrap.servers", bootstrap)
            .transform("tenant", ChainConfig.TENANT_ROUTER, Map.of(
                "tenant.source", "key", "tenant.template", "{tenant_id}:{callthread_id}",
                "tenant.allowed", tenant, "tenant.missing.policy", "fail"))
            .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, Map.of(
                "region.local", "eu-west", "region.source", "file", "region.file.path", regionsFile,
                "region.refresh.interval.ms", "30000", "region.unknown.tenant", "drop"))
            .transform("convert", ChainConfig.CONVERT_VALUE, Map.of("converter", "dev.eventstream.connect.json.converter.JsonConverter"))
            .keepOnly("subscribed", "isSubscribed", ChainConfig.FIELD_MATCHES, Map.of(
                "field", "id", "values", "EventEstablished,EventReleased", "patterns", "EventAgent*"))
            .transform("unsubscribed", "org.apache.kafka.connect.transforms.Filter", Map.of("predicate", "isExcluded"))
            .transform("pii", ChainConfig.FIELD_FILTER_VALUE, Map.of(
                "fields.drop", "UserData.CreditCard", "fields.mask", "ANI,DNIS",
                "fields.hash", "UserData.CustomerEmail", "fields.hash.secret", "benchmark-pii-hash-secret"))
            .with("predicates.isExcluded.type", ChainConfig.FIELD_MATCHES)
            .with("predicates.isExcluded.field", "id")
            .with("predicates.isExcluded.values", "EventAgentAfterCallWork")
            .build();
        // isExcluded drops what it matches (a plain Filter), so ChainConfig's keepOnly does not list it
        config.put("predicates", config.get("predicates") + ",isExcluded");
        return config;
    }

    /** A subscribed call event of {@code tenant} (its key is {@code tenant:call-seq}), with the fields the chain masks, drops and hashes. */
    static byte[] event(String tenant, int seq) {
        String json = "{\"id\":\"EventEstablished\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\",\"ANI\":\"+15550100" + (seq % 10)
            + "\",\"DNIS\":\"+18005550199\",\"AgentID\":\"agent-" + (seq % 97) + "\",\"UserData\":{\"CreditCard\":\"4111111111111111\","
            + "\"CustomerEmail\":\"c" + seq + "@mail.example\",\"CaseId\":\"C-" + seq + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
