package dev.eventstream.connect.rest;

import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Resolves {@code ${provider:path:key}} references with the config providers the worker declares
 * ({@code config.providers}, {@code config.providers.<name>.class}, {@code config.providers.<name>.param.*}), as
 * the worker does before a connector starts: the topic test runs the plugins with the values they would get.
 * The resolved values stay in memory for the one test; they are never logged or returned.
 */
final class ConfigReferences implements AutoCloseable {

    private static final Pattern PROVIDER_CLASS = Pattern.compile("config\\.providers\\.([^.]+)\\.class");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}:]+:[^}]*}");

    private final Map<String, ConfigProvider> providers = new LinkedHashMap<>();
    private final ConfigTransformer transformer;

    ConfigReferences(Map<String, ?> workerConfig) {
        for (String name : declared(workerConfig)) {
            Object className = workerConfig.get("config.providers." + name + ".class");
            if (className == null) {
                throw new ConnectException("config.providers names '" + name + "' but config.providers." + name
                    + ".class is not set");
            }
            try {
                ConfigProvider provider = Utils.newInstance(className.toString(), ConfigProvider.class);
                String prefix = "config.providers." + name + ".param.";
                Map<String, Object> params = new LinkedHashMap<>();
                workerConfig.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        params.put(k.substring(prefix.length()), v);
                    }
                });
                provider.configure(params);
                providers.put(name, provider);
            } catch (ClassNotFoundException e) {
                throw new ConnectException("Config provider class " + className + " not found", e);
            }
        }
        transformer = new ConfigTransformer(providers);
    }

    /**
     * The providers' names: {@code config.providers}, and every {@code config.providers.<name>.class} (a worker's
     * config as Connect hands it to a REST extension no longer has {@code config.providers} itself).
     */
    private static Set<String> declared(Map<String, ?> workerConfig) {
        Set<String> names = new TreeSet<>();
        Object listed = workerConfig.get("config.providers");
        if (listed != null) {
            Arrays.stream(listed.toString().split(",")).map(String::trim).filter(n -> !n.isEmpty()).forEach(names::add);
        }
        workerConfig.keySet().forEach(key -> {
            Matcher matcher = PROVIDER_CLASS.matcher(key);
            if (matcher.matches()) {
                names.add(matcher.group(1));
            }
        });
        return names;
    }

    /** @throws ApiException 500 naming the key whose reference this worker cannot resolve */
    Map<String, String> resolve(Map<String, String> config) {
        Map<String, String> resolved = transformer.transform(config).data();
        resolved.forEach((key, value) -> {
            if (value != null && REFERENCE.matcher(value).find()) {
                throw new ApiException(500, "unresolved_reference", key + " refers to a config provider this worker "
                    + "cannot resolve (declared: " + providers.keySet() + "): declare it in the worker's config.providers",
                    key);
            }
        });
        return resolved;
    }

    @Override
    public void close() {
        providers.values().forEach(provider -> Utils.closeQuietly(provider, "config provider"));
    }
}
