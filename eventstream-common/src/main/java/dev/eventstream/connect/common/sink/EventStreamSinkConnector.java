package dev.eventstream.connect.common.sink;

import dev.eventstream.connect.common.EventStreamVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the suite's sink connectors share: the suite's version, one task config per task carrying the task's index,
 * and {@code validate} as single-key validation from the ConfigDef followed by the connector's rules across keys
 * ({@link #problemsAcrossKeys}), each reported next to its key.
 */
public abstract class EventStreamSinkConnector extends SinkConnector {

    private final String taskIndexKey;
    private Map<String, String> props;

    /** @param taskIndexKey the internal key each task config carries its index (0 to maxTasks - 1) in */
    protected EventStreamSinkConnector(String taskIndexKey) {
        this.taskIndexKey = taskIndexKey;
    }

    /** Parses and checks {@code props}, throwing a ConfigException naming the key, and logs what the connector does. */
    protected abstract void configure(Map<String, String> props);

    /**
     * The problems single-key validation cannot see. {@code validated} is the result of that validation (a rule may
     * skip itself while a key it reads has errors); a problem against a key not in it is added to it.
     */
    protected abstract List<ConfigProblem> problemsAcrossKeys(Map<String, String> connectorConfigs, Config validated);

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        configure(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(taskIndexKey, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        for (ConfigProblem problem : problemsAcrossKeys(connectorConfigs, config)) {
            ConfigValue value = valueOf(config, problem.key()).orElseGet(() -> {
                ConfigValue added = new ConfigValue(problem.key(), connectorConfigs.get(problem.key()), List.of(),
                        new ArrayList<>());
                config.configValues().add(added);
                return added;
            });
            value.addErrorMessage(problem.message());
        }
        return config;
    }

    /** The validation result of {@code key}, if validated. */
    protected static Optional<ConfigValue> valueOf(Config validated, String key) {
        return validated.configValues().stream().filter(v -> v.name().equals(key)).findFirst();
    }

    /** Whether any key of {@code config()} has an error: rules that parse the whole config cannot run then. */
    protected boolean anyKeyInvalid(Config validated) {
        return validated.configValues().stream()
                .anyMatch(v -> config().names().contains(v.name()) && !v.errorMessages().isEmpty());
    }
}
