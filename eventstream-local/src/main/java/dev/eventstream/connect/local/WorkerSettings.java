package dev.eventstream.connect.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The worker's properties: the shared file {@code connector-configs/worker/connect-distributed.properties}
 * (the same one docker-compose.yml mounts), plus the few keys that differ per deployment.
 */
final class WorkerSettings {

    /** Where the settings every deployment shares live, relative to the repository. */
    static final String SHARED_FILE = "connector-configs/worker/connect-distributed.properties";

    /** The keys each deployment sets itself; the shared file must not set them. */
    static final Set<String> DEPLOYMENT_KEYS =
        Set.of("bootstrap.servers", "listeners", "rest.advertised.host.name", "plugin.path", "rest.extension.classes",
            WorkerSettings.REST_CONFIG_DIR);

    /** The Event Stream REST API's configuration directory (endpoints, topic details, deployment). */
    static final String REST_CONFIG_DIR = "eventstream.config.dir";

    private WorkerSettings() {
    }

    static Map<String, String> shared(Path repository) {
        Path file = repository.resolve(SHARED_FILE);
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the worker settings " + file, e);
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key)));
        for (String key : DEPLOYMENT_KEYS) {
            if (settings.containsKey(key)) {
                throw new StackFailure(SHARED_FILE + " sets '" + key + "', which each deployment sets itself: remove it");
            }
        }
        return settings;
    }

    /** The local stack's worker: a mutable map, as Connect's config classes expect. */
    static Map<String, String> local(Path repository, String bootstrapServers, int restPort, PluginBundle bundle,
                                     Path configDirectory) {
        Map<String, String> settings = shared(repository);
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("listeners", "http://localhost:" + restPort);
        settings.put("rest.advertised.host.name", "localhost");
        settings.put("plugin.path", bundle.directory().toString());
        List<String> extensions = bundle.restExtensionClasses();
        if (!extensions.isEmpty()) {
            settings.put("rest.extension.classes", String.join(",", extensions));
            settings.put(REST_CONFIG_DIR, configDirectory.toString());
        }
        return settings;
    }
}
