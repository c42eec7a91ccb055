package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.Batching;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.model.Tls;
import java.util.stream.Collectors;

/** The sink connector's own keys: {@code HttpsSinkConnector} or {@code KafkaSinkConnector}, with the deployment's defaults. */
final class SinkSettings {

    static final String HTTPS_SINK = "dev.eventstream.connect.http.HttpsSinkConnector";
    static final String KAFKA_SINK = "dev.eventstream.connect.kafka.KafkaSinkConnector";

    private SinkSettings() {
    }

    static String connectorClass(Endpoint endpoint) {
        return endpoint.type() == Endpoint.Type.https ? HTTPS_SINK : KAFKA_SINK;
    }

    static void render(Endpoint endpoint, Deployment deployment, ConfigBuilder config) {
        Tls tls = endpoint.tls() != null ? endpoint.tls() : deployment.defaults().tls();
        if (endpoint.type() == Endpoint.Type.https) {
            https(endpoint, deployment.defaults(), tls, config);
            // A record as large as the platform carries is sent alone; a customer endpoint that refuses the body
            // answers 413, and the record goes to the DLQ with that status.
            config.put("http.max.request.bytes", deployment.recordWriteBytes());
        } else {
            kafka(endpoint.kafka(), tls, config);
            // The customer's cluster may still refuse it (its max.message.bytes): RecordTooLargeException, the DLQ.
            config.put("target.max.request.size", deployment.recordWriteBytes());
        }
        usage(deployment, config);
    }

    /** Every endpoint connector publishes its usage to the deployment's usage topic on the Connect cluster's Kafka. */
    private static void usage(Deployment deployment, ConfigBuilder config) {
        if (deployment.usageTopic() == null || deployment.kafka() == null) {
            return;
        }
        config.put("usage.topic", deployment.usageTopic());
        config.put("usage.bootstrap.servers", deployment.kafka().bootstrapServers());
    }

    private static void https(Endpoint endpoint, Deployment.Defaults defaults, Tls tls, ConfigBuilder config) {
        config.put("http.url", endpoint.url());
        config.put("http.headers", endpoint.headers().isEmpty() ? null
            : endpoint.headers().stream().map(h -> h.name() + ":" + h.value()).collect(Collectors.joining(",")));
        Batching batching = endpoint.batching() != null ? endpoint.batching() : new Batching(null, null);
        Batching inherited = defaults.batching() != null ? defaults.batching() : new Batching(null, null);
        config.put("batch.max.records", first(batching.maxRecords(), inherited.maxRecords()));
        config.put("batch.linger.ms", first(batching.lingerMs(), inherited.lingerMs()));
        config.put("retry.timeout.ms", first(endpoint.retry() == null ? null : endpoint.retry().timeoutMs(),
            defaults.retry() == null ? null : defaults.retry().timeoutMs()));
        Endpoint.Auth auth = endpoint.auth();
        if (auth != null && !auth.type().equals("none")) {
            config.put("auth.type", auth.type());
            config.put("auth.basic.username", auth.username()).put("auth.basic.password", auth.password());
            config.put("auth.bearer.token", auth.token());
            config.put("auth.oauth2.token.url", auth.tokenUrl()).put("auth.oauth2.client.id", auth.clientId())
                .put("auth.oauth2.client.secret", auth.clientSecret()).put("auth.oauth2.scope", auth.scope());
        }
        if (endpoint.signing() != null) {
            config.put("signing.secret", endpoint.signing().secret());
            config.put("signing.secret.previous", endpoint.signing().previousSecret());
        }
        tls(tls, "", config);
    }

    private static void kafka(Endpoint.KafkaTarget target, Tls tls, ConfigBuilder config) {
        config.put("target.bootstrap.servers", target.bootstrapServers());
        config.put("target.topic", target.topic());
        config.put("target.compression.type", target.compression());
        config.put("value.format", "json");
        config.put("target.security.protocol", target.securityProtocol());
        config.put("target.sasl.mechanism", target.saslMechanism());
        config.put("target.sasl.jaas.config", target.saslJaasConfig());
        tls(tls, "target.", config);
    }

    private static void tls(Tls tls, String prefix, ConfigBuilder config) {
        if (tls == null) {
            return;
        }
        if (tls.truststore() != null) {
            config.put(prefix + "ssl.truststore.location", tls.truststore().location());
            config.put(prefix + "ssl.truststore.type", tls.truststore().type());
            config.put(prefix + "ssl.truststore.password", tls.truststore().password());
        }
        if (tls.keystore() != null) {
            config.put(prefix + "ssl.keystore.location", tls.keystore().location());
            config.put(prefix + "ssl.keystore.type", tls.keystore().type());
            config.put(prefix + "ssl.keystore.password", tls.keystore().password());
            config.put(prefix + "ssl.key.password", tls.keystore().keyPassword());
        }
    }

    private static Object first(Object own, Object inherited) {
        return own != null ? own : inherited;
    }
}
