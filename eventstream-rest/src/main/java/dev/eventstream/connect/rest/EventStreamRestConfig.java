package dev.eventstream.connect.rest;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The extension's settings, read from the worker's own configuration (the extension receives every worker
 * property): all of them start with {@code eventstream.}, so they never clash with Connect's.
 */
public final class EventStreamRestConfig extends AbstractConfig {

    public static final String CONFIG_DIR = "eventstream.config.dir";
    public static final String API_TOKENS_FILE = "eventstream.api.tokens.file";
    public static final String USAGE_TOPIC = "eventstream.usage.topic";
    public static final String USAGE_TOPIC_DEFAULT = "eventstream-usage";

    private static final String GROUP = "Event Stream REST API";

    public EventStreamRestConfig(Map<?, ?> originals) {
        super(configDef(), originals, false);
    }

    public static ConfigDef configDef() {
        int order = 0;
        return new ConfigDef()
            .define(CONFIG_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The configuration directory (deployment.json, service-teams-topics/, endpoints/) that the "
                    + "eventstream CLI plans from. The endpoint API writes endpoints/<tenant>/<name>.json here, so "
                    + "every worker must see the same directory (a shared volume or the same checkout).",
                GROUP, ++order, ConfigDef.Width.LONG, "Configuration directory")
            .define(API_TOKENS_FILE, Type.STRING, "", Importance.MEDIUM,
                "A JSON file of API tokens, stored as SHA-256 hex: {\"tokens\":[{\"sha256\":\"...\",\"tenant\":\"acme\"},"
                    + "{\"sha256\":\"...\",\"role\":\"admin\"}]}. When set, every /eventstream request needs a token "
                    + "(header X-EventStream-Token, or Authorization: Bearer) and a tenant's token sees only that "
                    + "tenant. Empty (the default): no token is asked for, and callers are only as restricted as "
                    + "Connect's own REST API (e.g. BasicAuthSecurityRestExtension).",
                GROUP, ++order, ConfigDef.Width.LONG, "API tokens file")
            .define(USAGE_TOPIC, Type.STRING, USAGE_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "The compacted topic, on the worker's Kafka cluster (bootstrap.servers and the worker's security "
                    + "settings), that the sinks publish usage to and GET /eventstream/usage reads. The default is "
                    + "the deployment.json default (usageTopic).",
                GROUP, ++order, ConfigDef.Width.MEDIUM, "Usage topic");
    }

    public Path configDir() {
        return Path.of(getString(CONFIG_DIR));
    }

    public String usageTopic() {
        return getString(USAGE_TOPIC);
    }

    /** The token file, or null when tokens are not used. */
    public Path apiTokensFile() {
        String file = getString(API_TOKENS_FILE);
        return file.isBlank() ? null : Path.of(file);
    }
}
