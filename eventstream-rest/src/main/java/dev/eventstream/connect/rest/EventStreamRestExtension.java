package dev.eventstream.connect.rest;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Event Stream REST API on every Connect worker, next to Connect's own routes: enabled with
 * {@code rest.extension.classes=dev.eventstream.connect.rest.EventStreamRestExtension}, configured with the
 * {@code eventstream.*} worker properties ({@link EventStreamRestConfig}).
 */
public final class EventStreamRestExtension implements ConnectRestExtension {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamRestExtension.class);
    /** How long a PUT waits for Kafka to create the endpoint's missing topics. */
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private Map<String, ?> workerConfig = Map.of();
    private EventStreamRestConfig config;

    @Override
    public void configure(Map<String, ?> configs) {
        this.workerConfig = new HashMap<>(configs);
        this.config = new EventStreamRestConfig(configs);
    }

    @Override
    public void register(ConnectRestExtensionContext context) {
        if (config == null) {
            throw new ConfigException("EventStreamRestExtension was not configured before register()");
        }
        ConfigStore store = new ConfigStore(config.configDir());
        AccessTokens tokens = new AccessTokens(config.apiTokensFile());
        context.configurable().register(new ApiExceptionMapper());
        context.configurable().register(new SchemasResource(store, tokens));
        context.configurable().register(new EndpointsResource(store, new EndpointService(store,
            () -> KafkaTopics.connect(bootstrapServers(), kafkaClientConfig(), TOPIC_TIMEOUT)), tokens));
        context.configurable().register(new TopicTestResource(store, tokens, workerConfig,
            () -> System.currentTimeMillis() / 1000));
        context.configurable().register(new UsageResource(new UsageReader(config.usageTopic(), kafkaClientConfig()),
            store, tokens));
        context.configurable().register(new OpenApiResource());
        LOG.info("Event Stream REST API registered under /eventstream (configuration directory {}, API tokens {})",
            config.configDir(), config.apiTokensFile() == null ? "not required" : "required");
    }

    /** The worker's bootstrap.servers, a comma-separated string or a list, as the worker was given it. */
    private String bootstrapServers() {
        Object servers = workerConfig.get("bootstrap.servers");
        if (servers == null) {
            return "localhost:9092"; // the worker's own default
        }
        return servers instanceof List<?> list
            ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
            : String.valueOf(servers);
    }

    /** The worker's own Kafka connection: bootstrap.servers and its security settings, as Connect's clients use them. */
    private Map<String, Object> kafkaClientConfig() {
        Map<String, Object> client = new HashMap<>();
        workerConfig.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.equals("security.protocol") || key.startsWith("ssl.")
                || key.startsWith("sasl.")) {
                client.put(key, value);
            }
        });
        return client;
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void close() {
        // Nothing is held between requests: every route reads the configuration directory afresh.
    }
}
