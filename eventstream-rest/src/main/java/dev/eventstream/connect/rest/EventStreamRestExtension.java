package dev.eventstream.connect.rest;

import dev.eventstream.connect.common.EventStreamVersion;
import java.util.HashMap;
import java.util.Map;
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
        context.configurable().register(new EndpointsResource(store, new EndpointService(store), tokens));
        context.configurable().register(new TopicTestResource(store, tokens, workerConfig,
            () -> System.currentTimeMillis() / 1000));
        context.configurable().register(new UsageResource(new UsageReader(config.usageTopic(), kafkaClientConfig()),
            store, tokens));
        context.configurable().register(new OpenApiResource());
        LOG.info("Event Stream REST API registered under /eventstream (configuration directory {}, API tokens {})",
            config.configDir(), config.apiTokensFile() == null ? "not required" : "required");
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
