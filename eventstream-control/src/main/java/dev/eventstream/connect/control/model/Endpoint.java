package dev.eventstream.connect.control.model;

import java.util.List;

/**
 * One customer endpoint, from {@code endpoints/<tenant>/<name>.json}: an HTTPS webhook or the customer's Kafka
 * cluster, fed with the tenant's events of {@link #topics}. One connector each, {@link #connectorName()}.
 * Secrets are config-provider references (the validator refuses anything else).
 */
public record Endpoint(String tenant, String name, Type type, String url, List<String> topics, EventSelection events,
                       FieldSelection fields, Auth auth, Signing signing, List<Header> headers, Tls tls,
                       KafkaTarget kafka, Integer tasks, Batching batching, Retry retry, ConnectorState state) {

    public Endpoint {
        topics = topics == null ? List.of() : List.copyOf(topics);
        events = events == null ? EventSelection.ALL : events;
        fields = fields == null ? FieldSelection.ALL : fields;
        headers = headers == null ? List.of() : List.copyOf(headers);
        state = state == null ? ConnectorState.running : state;
    }

    public enum Type { https, kafka }

    /** {@code es-<tenant>-<endpoint>}. */
    public String connectorName() {
        return "es-" + tenant + "-" + name;
    }

    /** {@code <tenant>/<name>}, as the CLI and messages name an endpoint. */
    public String id() {
        return tenant + "/" + name;
    }

    public record EventSelection(List<String> include, List<String> exclude) {
        public static final EventSelection ALL = new EventSelection(List.of(), List.of());

        public EventSelection {
            include = include == null ? List.of() : List.copyOf(include);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    public record FieldSelection(List<String> exclude) {
        public static final FieldSelection ALL = new FieldSelection(List.of());

        public FieldSelection {
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    public record Auth(String type, String username, String password, String token, String tokenUrl,
                       String clientId, String clientSecret, String scope) { }

    public record Signing(String secret, String previousSecret) { }

    public record Header(String name, String value, Boolean secret) { }

    public record KafkaTarget(String bootstrapServers, String topic, String compression, String securityProtocol,
                              String saslMechanism, String saslJaasConfig) { }
}
