package dev.eventstream.connect.http;

import dev.eventstream.connect.common.sink.ConfigProblem;
import dev.eventstream.connect.common.sink.EventStreamSinkConnector;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Delivers a tenant's records to one HTTPS endpoint as JSON: gzip-compressed, signed (Standard Webhooks),
 * authenticated, in order per partition, at least once. See the module README.
 */
public class HttpsSinkConnector extends EventStreamSinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSinkConnector.class);

    public HttpsSinkConnector() {
        super(HttpsSinkConfig.TASK_INDEX);
    }

    @Override
    protected void configure(Map<String, String> props) {
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        List<ConfigProblem> problems = config.problemsAcrossKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(ConfigProblem::message).collect(Collectors.joining("; ")));
        }
        LOG.info("Starting HTTPS sink to {} ({} {}, {})", config.urlForLogs(), config.method(), config.bodyFormat(),
                config.gzip() ? "gzip" : "uncompressed");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpsSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return HttpsSinkConfig.configDef();
    }

    /** The config's rules across keys and the value converter's fit, once every single key is valid. */
    @Override
    protected List<ConfigProblem> problemsAcrossKeys(Map<String, String> connectorConfigs, Config validated) {
        if (anyKeyInvalid(validated)) {
            return List.of();
        }
        HttpsSinkConfig config;
        try {
            config = new HttpsSinkConfig(connectorConfigs);
        } catch (ConfigException e) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>(config.problemsAcrossKeys());
        config.converterProblem(connectorConfigs.get("value.converter")).ifPresent(problems::add);
        return problems;
    }
}
