package dev.eventstream.connect.it;

import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.HttpsReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The connector chains these tests run, as the renderer writes them: a tenant's HTTPS endpoint and the tenant demux. */
final class Endpoints {

    /** Where the voice events carry their tenant: in the key, before the first {@code ':'}. */
    static final String KEY_TEMPLATE = "{tenant_id}:{callthread_id}";
    /** The secret the endpoints' FieldFilter hashes PII with. */
    static final String PII_SECRET = "pseudonymization-secret";

    private Endpoints() {
    }

    /**
     * The HTTPS endpoint of {@code tenant}: reads {@code topic}, keeps only its tenant's records (TenantRouter, tenant
     * in the key), bad records to {@code dlq}, posts to {@code path} of the receiver within 50 ms.
     */
    static ChainConfig tenantEndpoint(String topic, String tenant, HttpsReceiver receiver, String path, String dlq) {
        return ChainConfig.httpsSink(topic).deadLetterQueue(dlq).deliverTo(receiver, path).with("batch.linger.ms", "50")
            .transform("tenant", ChainConfig.TENANT_ROUTER,
                Map.of("tenant.source", "key", "tenant.template", KEY_TEMPLATE, "tenant.allowed", tenant));
    }

    /** An HTTPS endpoint of {@code topic} that posts CloudEvents (type from the event's {@code id}) within 50 ms. */
    static ChainConfig cloudEventsEndpoint(String topic, HttpsReceiver receiver, String path) {
        return ChainConfig.httpsSink(topic).schemalessJsonValues().deliverTo(receiver, path)
            .with("body.format", "cloudevents").with("cloudevents.type.field", "id").with("batch.linger.ms", "50");
    }

    /**
     * The demux of {@code topic}: TenantRouter (finding the tenant as {@code tenantSettings} say) and the Kafka sink
     * re-publish each record unchanged (passthrough) to {@code <topic>.<tenant>} on the same cluster.
     */
    static ChainConfig demux(String topic, String bootstrapServers, Map<String, String> tenantSettings) {
        Map<String, String> tenant = new HashMap<>(tenantSettings);
        tenant.put("route.topic.template", "${topic}.${tenant}");
        return ChainConfig.kafkaSink(topic).values(ChainConfig.BYTE_ARRAY_CONVERTER).transform("tenant", ChainConfig.TENANT_ROUTER, tenant)
            .with("target.bootstrap.servers", bootstrapServers).with("value.format", "passthrough");
    }

    /** InPrimaryRegion settings: this region is {@code eu-west}, the tenants' primary regions are in the file. */
    static Map<String, String> regionsFile(Path regions) {
        Map<String, String> settings = new HashMap<>();
        settings.put("region.local", "eu-west");
        settings.put("region.source", "file");
        settings.put("region.file.path", regions.toString());
        return settings;
    }

    /** FieldFilter settings: the card number dropped, the {@code masked} fields masked, the customer's email hashed. */
    static Map<String, String> pii(String masked) {
        return Map.of("fields.drop", "UserData.CreditCard", "fields.mask", masked, "fields.hash", "Extensions.CustomerEmail",
            "fields.hash.secret", PII_SECRET);
    }

    /** What the PII rules make of a hashed field: hex HMAC-SHA256 of its value under {@link #PII_SECRET}. */
    static String hashed(String value) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PII_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
