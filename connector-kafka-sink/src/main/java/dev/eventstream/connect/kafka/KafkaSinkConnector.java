package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.sink.ConfigProblem;
import dev.eventstream.connect.common.sink.EventStreamSinkConnector;
import dev.eventstream.connect.usage.UsageConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers records to a Kafka cluster: a customer's cluster (JSON, the compression it chooses, TLS/SASL), or the
 * Connect cluster's own Kafka for the tenant demux (the original bytes, to {@code <topic>.<tenant>}). acks=all and an
 * idempotent producer, keys kept so per-key order holds on the target, at least once. See the module README.
 */
public class KafkaSinkConnector extends EventStreamSinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkConnector.class);

    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    static final String KEY_CONVERTER = "key.converter";
    static final String VALUE_CONVERTER = "value.converter";
    static final String AVRO_CONVERTER = "dev.eventstream.connect.avro.AvroConverter";
    static final String ERRORS_RETRY_TIMEOUT = "errors.retry.timeout";

    public KafkaSinkConnector() {
        super(KafkaSinkConfig.TASK_INDEX);
    }

    @Override
    protected void configure(Map<String, String> props) {
        KafkaSinkConfig config = new KafkaSinkConfig(props);
        LOG.info("Starting Kafka sink to {} over {} (topic {}, {} values, {} compression)", config.bootstrapServers(),
                config.securityProtocol(), config.topicTemplate(), config.valueFormat(), config.compressionType());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KafkaSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return KafkaSinkConfig.configDef();
    }

    /**
     * Refused producer overrides (reported against their own key); a usage topic without usage servers; for
     * value.format=passthrough, converters that do not hand the original bytes over (reported against value.format);
     * and a schema registry outage that Connect would turn into DLQ'd records (reported against
     * errors.retry.timeout). The converter checks need the converters named in the connector config.
     */
    @Override
    protected List<ConfigProblem> problemsAcrossKeys(Map<String, String> connectorConfigs, Config validated) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : connectorConfigs.keySet()) {
            String reason = KafkaSinkConfig.FORBIDDEN_OVERRIDES.get(key);
            if (reason != null) {
                problems.add(new ConfigProblem(key, reason));
            }
        }
        String usageProblem = UsageConfig.missingBootstrapServers(connectorConfigs);
        if (usageProblem != null) {
            problems.add(new ConfigProblem(UsageConfig.BOOTSTRAP_SERVERS, usageProblem));
        }
        String retryProblem = registryOutageProblem(connectorConfigs);
        if (retryProblem != null) {
            problems.add(new ConfigProblem(ERRORS_RETRY_TIMEOUT, retryProblem));
        }
        valueOf(validated, KafkaSinkConfig.VALUE_FORMAT)
                .filter(format -> format.errorMessages().isEmpty()
                        && "passthrough".equalsIgnoreCase(String.valueOf(format.value())))
                .ifPresent(format -> passthroughConverterProblems(connectorConfigs)
                        .forEach(problem -> problems.add(new ConfigProblem(KafkaSinkConfig.VALUE_FORMAT, problem))));
        return problems;
    }

    /** Why the configured converters cannot work with value.format=passthrough; empty when they can (or are unset). */
    static List<String> passthroughConverterProblems(Map<String, String> connectorConfigs) {
        List<String> problems = new ArrayList<>();
        String valueConverter = trimmed(connectorConfigs.get(VALUE_CONVERTER));
        if (valueConverter != null && !BYTE_ARRAY_CONVERTER.equals(valueConverter)) {
            problems.add("value.format=passthrough forwards the original value bytes and needs "
                    + VALUE_CONVERTER + "=" + BYTE_ARRAY_CONVERTER + ", got " + valueConverter);
        }
        String keyConverter = trimmed(connectorConfigs.get(KEY_CONVERTER));
        if (keyConverter != null && !Set.of(BYTE_ARRAY_CONVERTER, STRING_CONVERTER).contains(keyConverter)) {
            problems.add("value.format=passthrough forwards the original key bytes and needs " + KEY_CONVERTER + "="
                    + BYTE_ARRAY_CONVERTER + " (or " + STRING_CONVERTER + " when every key is UTF-8 text), got "
                    + keyConverter);
        }
        return problems;
    }

    /**
     * Why a schema registry outage would send records to the DLQ, or null. AvroConverter reports an outage as a
     * RetriableException; Connect retries a converter for errors.retry.timeout (default 0) and then, with
     * errors.tolerance=all, dead-letters the record and commits past it. -1 retries until the registry answers.
     */
    static String registryOutageProblem(Map<String, String> connectorConfigs) {
        if (!"all".equals(trimmed(connectorConfigs.get("errors.tolerance")))
                || "-1".equals(trimmed(connectorConfigs.get(ERRORS_RETRY_TIMEOUT)))) {
            return null;
        }
        for (String converter : List.of(KEY_CONVERTER, VALUE_CONVERTER)) {
            if (AVRO_CONVERTER.equals(trimmed(connectorConfigs.get(converter)))
                    && trimmed(connectorConfigs.get(converter + ".schema.registry.url")) != null) {
                return converter + " reads Avro through a schema registry and errors.tolerance=all: set "
                        + "errors.retry.timeout=-1, or every record read while the registry is unavailable goes to "
                        + "the DLQ and is committed once Connect stops retrying (after errors.retry.timeout ms, "
                        + "default 0)";
            }
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
