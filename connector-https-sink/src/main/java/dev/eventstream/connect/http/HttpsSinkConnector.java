package dev.eventstream.connect.http;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.usage.UsageConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers a tenant's records to one HTTPS endpoint as JSON: gzip-compressed, signed (Standard Webhooks),
 * authenticated, in order per partition, at least once. See the module README.
 */
public class HttpsSinkConnector extends SinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        List<String> problems = CrossFieldRules.check(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        this.props = new HashMap<>(props);
        LOG.info("Starting HTTPS sink to {} ({} {}, {})", config.urlForLogs(), config.method(), config.bodyFormat(),
                config.gzip() ? "gzip" : "uncompressed");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpsSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(HttpsSinkConfig.TASK_INDEX, Integer.toString(i));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return HttpsSinkConfig.configDef();
    }

    /** Single-key validation from the ConfigDef, then the cross-field rules, each reported against its key. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity(), (a, b) -> a));
        boolean singleKeyErrors = config.configValues().stream()
                .anyMatch(v -> HttpsSinkConfig.configDef().names().contains(v.name()) && !v.errorMessages().isEmpty());
        if (singleKeyErrors) {
            return config;
        }
        HttpsSinkConfig parsed;
        try {
            parsed = new HttpsSinkConfig(connectorConfigs);
        } catch (ConfigException e) {
            return config;
        }
        List<CrossFieldRules.Violation> violations = new ArrayList<>(CrossFieldRules.violations(parsed));
        CrossFieldRules.converterFits(parsed, connectorConfigs.get("value.converter")).ifPresent(violations::add);
        for (CrossFieldRules.Violation violation : violations) {
            ConfigValue value = byName.get(violation.key());
            if (value != null) {
                value.addErrorMessage(violation.message());
            }
        }
        return config;
    }

    /** Rules that involve more than one key. Messages name the key they are reported against. */
    static final class CrossFieldRules {

        record Violation(String key, String message) {
        }

        static final List<String> JSON_TEXT_CONVERTERS = List.of("org.apache.kafka.connect.converters.ByteArrayConverter",
                "org.apache.kafka.connect.storage.StringConverter");

        private CrossFieldRules() {
        }

        static List<String> check(HttpsSinkConfig config) {
            return violations(config).stream().map(Violation::message).collect(Collectors.toList());
        }

        /** value.encoding=json needs values that are JSON text: bytes or strings, as the converter leaves them. */
        static Optional<Violation> converterFits(HttpsSinkConfig c, String valueConverter) {
            if (c.valueEncoding() != HttpsSinkConfig.ValueEncoding.JSON || valueConverter == null
                    || JSON_TEXT_CONVERTERS.contains(valueConverter.trim())) {
                return Optional.empty();
            }
            return Optional.of(new Violation(HttpsSinkConfig.VALUE_ENCODING, HttpsSinkConfig.VALUE_ENCODING
                    + "=json copies values that are JSON text, so value.converter must be one of " + JSON_TEXT_CONVERTERS
                    + ", not " + valueConverter));
        }

        static List<Violation> violations(HttpsSinkConfig c) {
            List<Violation> out = new ArrayList<>();
            switch (c.authType()) {
                case BASIC:
                    requireString(out, c.basicUsername(), HttpsSinkConfig.AUTH_BASIC_USERNAME, "auth.type=basic");
                    requirePassword(out, c.basicPassword(), HttpsSinkConfig.AUTH_BASIC_PASSWORD, "auth.type=basic");
                    if (c.basicUsername() != null && c.basicUsername().indexOf(':') >= 0) {
                        out.add(new Violation(HttpsSinkConfig.AUTH_BASIC_USERNAME,
                                HttpsSinkConfig.AUTH_BASIC_USERNAME + " must not contain ':' (RFC 7617)"));
                    }
                    break;
                case BEARER:
                    requirePassword(out, c.bearerToken(), HttpsSinkConfig.AUTH_BEARER_TOKEN, "auth.type=bearer");
                    break;
                case OAUTH2:
                    requireString(out, c.oauth2TokenUrl(), HttpsSinkConfig.AUTH_OAUTH2_TOKEN_URL, "auth.type=oauth2");
                    requireString(out, c.oauth2ClientId(), HttpsSinkConfig.AUTH_OAUTH2_CLIENT_ID, "auth.type=oauth2");
                    requirePassword(out, c.oauth2ClientSecret(), HttpsSinkConfig.AUTH_OAUTH2_CLIENT_SECRET, "auth.type=oauth2");
                    break;
                default:
                    break;
            }
            if (c.batchMaxBytes() > c.maxRequestBytes()) {
                out.add(new Violation(HttpsSinkConfig.BATCH_MAX_BYTES, HttpsSinkConfig.BATCH_MAX_BYTES + " ("
                        + c.batchMaxBytes() + ") must not exceed " + HttpsSinkConfig.HTTP_MAX_REQUEST_BYTES + " ("
                        + c.maxRequestBytes() + ")"));
            }
            if (c.retryBackoffInitialMs() > c.retryBackoffMaxMs()) {
                out.add(new Violation(HttpsSinkConfig.RETRY_BACKOFF_INITIAL_MS, HttpsSinkConfig.RETRY_BACKOFF_INITIAL_MS
                        + " (" + c.retryBackoffInitialMs() + ") must not exceed " + HttpsSinkConfig.RETRY_BACKOFF_MAX_MS
                        + " (" + c.retryBackoffMaxMs() + ")"));
            }
            if (c.bufferMaxBytes() < 2L * c.batchMaxBytes()) {
                out.add(new Violation(HttpsSinkConfig.BUFFER_MAX_BYTES, HttpsSinkConfig.BUFFER_MAX_BYTES + " ("
                        + c.bufferMaxBytes() + ") must be at least twice " + HttpsSinkConfig.BATCH_MAX_BYTES + " ("
                        + c.batchMaxBytes() + "), or partitions would pause before a batch fills"));
            }
            if (c.keystoreLocation() != null && !"PEM".equals(c.keystoreType())) {
                requirePassword(out, c.keystorePassword(), HttpsSinkConfig.SSL_KEYSTORE_PASSWORD,
                        HttpsSinkConfig.SSL_KEYSTORE_LOCATION + " of type " + c.keystoreType());
            }
            if (c.truststoreLocation() != null && !"PEM".equals(c.truststoreType())) {
                requirePassword(out, c.truststorePassword(), HttpsSinkConfig.SSL_TRUSTSTORE_PASSWORD,
                        HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION + " of type " + c.truststoreType());
            }
            String usage = UsageConfig.missingBootstrapServers(c.originals());
            if (usage != null) {
                out.add(new Violation(UsageConfig.BOOTSTRAP_SERVERS, usage));
            }
            Password previous = c.signingSecretPrevious();
            if (previous != null && !previous.value().isEmpty()
                    && (c.signingSecret() == null || c.signingSecret().value().isEmpty())) {
                out.add(new Violation(HttpsSinkConfig.SIGNING_SECRET_PREVIOUS, HttpsSinkConfig.SIGNING_SECRET_PREVIOUS
                        + " is set but " + HttpsSinkConfig.SIGNING_SECRET + " is not: set the new secret too"));
            }
            return out;
        }

        private static void requireString(List<Violation> out, String value, String key, String because) {
            if (value == null || value.isBlank()) {
                out.add(new Violation(key, key + " is required when " + because));
            }
        }

        private static void requirePassword(List<Violation> out, Password value, String key, String because) {
            if (value == null || value.value() == null || value.value().isEmpty()) {
                out.add(new Violation(key, key + " is required when " + because));
            }
        }
    }
}
