package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine): this test holds it against what can be checked —
 * image tags, mounted paths, ports and worker settings agree with the suite and with the local stack, which
 * starts its worker from the same properties file.
 */
class DockerComposeTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final List<String> WORKERS = List.of("connect-1", "connect-2");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void everyServiceRunsTheApacheKafkaImageOfTheSuitesKafkaVersion() throws IOException {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(REPO.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(services.properties()).hasSize(4);
        services.properties().forEach(service ->
            assertThat(service.getValue().path("image").asText()).as(service.getKey()).isEqualTo("apache/kafka:" + version.group(1)));
    }

    @Test
    void workersStartFromTheSharedWorkerPropertiesAndSetOnlyTheDeploymentKeys() throws IOException {
        Path script = REPO.resolve("connector-configs/worker/start-worker.sh");
        String text = Files.readString(script);
        assertThat(text).contains("shared=" + DemoConfigs.MOUNT_ROOT + "/" + WorkerSettings.SHARED_FILE);
        Set<String> keysSet = new HashSet<>();
        Matcher echo = Pattern.compile("echo \"([a-z.]+)=").matcher(text);
        while (echo.find()) {
            keysSet.add(echo.group(1));
        }
        assertThat(keysSet).isEqualTo(WorkerSettings.DEPLOYMENT_KEYS);
        assertThat(text).contains("listeners=http://0.0.0.0:8083");
        for (String worker : WORKERS) {
            JsonNode service = services.path(worker);
            assertThat(service.path("command").get(1).asText())
                .isEqualTo(DemoConfigs.MOUNT_ROOT + "/" + DemoConfigs.CONFIG_DIR + "/worker/start-worker.sh");
            assertThat(volumes(worker)).contains("./" + DemoConfigs.CONFIG_DIR + ":" + DemoConfigs.MOUNT_ROOT + "/" + DemoConfigs.CONFIG_DIR + ":ro");
            // The REST API writes endpoint files into eventstream.config.dir/endpoints: that one directory is writable.
            assertThat(volumes(worker)).contains("./" + DemoConfigs.CONFIG_DIR + "/endpoints:" + configDirOfTheRestApi(text) + "/endpoints");
            assertThat(service.path("environment").path("CONNECT_REST_ADVERTISED_HOST_NAME").asText()).isEqualTo(worker);
            assertThat(service.path("environment").path("CONNECT_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:19092");
        }
        // The shared file itself is what the local stack reads, and sets none of those keys.
        assertThat(WorkerSettings.shared(REPO)).doesNotContainKeys(WorkerSettings.DEPLOYMENT_KEYS.toArray(String[]::new))
            .containsEntry("plugin.discovery", "service_load")
            .containsEntry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    }

    @Test
    void theTwoWorkersDifferOnlyInTheirNameAndPublishedPort() {
        List<JsonNode> stripped = new ArrayList<>();
        for (String worker : WORKERS) {
            ObjectNode copy = services.path(worker).deepCopy();
            copy.remove(List.of("hostname", "ports"));
            ((ObjectNode) copy.path("environment")).remove("CONNECT_REST_ADVERTISED_HOST_NAME");
            stripped.add(copy);
        }
        assertThat(stripped.get(1)).isEqualTo(stripped.get(0));
    }

    @Test
    void publishedPortsAreTheLocalStacksDefaults() {
        StackOptions defaults = StackOptions.parse(REPO);
        assertThat(services.path("kafka").path("ports").get(0).asText()).isEqualTo(defaults.kafkaPort() + ":9092");
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
            .contains("EXTERNAL://localhost:" + defaults.kafkaPort());
        assertThat(services.path("connect-1").path("ports").get(0).asText()).isEqualTo(defaults.connectPort() + ":8083");
        assertThat(services.path("connect-2").path("ports").get(0).asText()).isEqualTo("8084:8083");
    }

    @Test
    void everyMountedPathExistsOrIsMadeByTheBuildOrByTheLocalStack() {
        for (String service : List.of("connect-1", "connect-2", "eventstream-apply")) {
            for (String volume : volumes(service)) {
                String path = mount(volume).source();
                assertThat(path).as(volume).startsWith("./");
                Path local = REPO.resolve(path.substring(2)).normalize();
                if (path.startsWith("./.eventstream-local/")) {
                    // Operator-provided in production; by default the files the local stack writes on its first start.
                    assertThat(ENV_DEFAULT.matcher(volume).find()).as(volume + " is overridable").isTrue();
                    assertThat(path).isIn("./.eventstream-local/secrets.properties", "./.eventstream-local/tls/truststore.p12");
                } else if (path.contains("/target/")) {
                    Path module = REPO.resolve(path.substring(2, path.indexOf("/target/")));
                    assertThat(module.resolve("pom.xml")).as(volume + ": a module of the build").exists();
                    assertThat(path).contains("-" + projectVersion()).doesNotContain("..");
                } else {
                    assertThat(local).as(volume).exists();
                }
            }
        }
        // The bundle is built before this module (distribution precedes it in the reactor).
        assertThat(REPO.resolve("distribution/target/eventstream-connect-" + projectVersion())).isDirectory();
    }

    @Test
    void everyPathTheDeploymentNamesUnderEtcEventstreamIsMountedIntoTheWorkers() throws IOException {
        Matcher paths = Pattern.compile(Pattern.quote(DemoConfigs.MOUNT_ROOT) + "/[A-Za-z0-9_./-]+")
            .matcher(Files.readString(REPO.resolve("connector-configs/deployment.json")));
        List<String> targets = volumes("connect-1").stream().map(v -> mount(v).target()).toList();
        int named = 0;
        while (paths.find()) {
            String path = paths.group();
            named++;
            assertThat(targets).as(path).anyMatch(target -> path.equals(target) || path.startsWith(target + "/"));
        }
        assertThat(named).isGreaterThanOrEqualTo(3);
        assertThat(services.path("connect-1").path("environment").path("CONNECT_PLUGIN_PATH").asText())
            .isEqualTo("/opt/eventstream/plugins").isIn(targets);
    }

    @Test
    void healthChecksRestartPoliciesNamedVolumesAndAOneShotApply() {
        for (String service : List.of("kafka", "connect-1", "connect-2")) {
            assertThat(services.path(service).path("healthcheck").path("test").isArray()).as(service).isTrue();
            assertThat(services.path(service).path("restart").asText()).as(service).isEqualTo("unless-stopped");
        }
        for (String worker : WORKERS) {
            assertThat(services.path(worker).path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(compose.path("volumes").has("kafka-data")).isTrue();
        assertThat(services.path("kafka").path("volumes").get(0).asText()).isEqualTo("kafka-data:/var/lib/kafka/data");

        JsonNode apply = services.path("eventstream-apply");
        assertThat(apply.path("command").get(0).asText()).isEqualTo("apply");
        assertThat(apply.path("restart").asText()).startsWith("on-failure");
        for (String worker : WORKERS) {
            assertThat(apply.path("depends_on").path(worker).path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(apply.path("environment").path("EVENTSTREAM_CONNECT_URL").asText()).isEqualTo("http://connect-1:8083");
        assertThat(volumes("eventstream-apply")).anyMatch(v -> v.startsWith("./eventstream-cli/target/eventstream-cli-"));
    }

    @Test
    void onlyTheWorkersMayWriteEndpointFilesTheOneShotApplyOnlyReads() {
        for (String service : List.of("connect-1", "connect-2", "eventstream-apply")) {
            for (String volume : volumes(service)) {
                boolean writable = !volume.endsWith(":ro");
                boolean endpoints = mount(volume).target().endsWith("/" + DemoConfigs.CONFIG_DIR + "/endpoints");
                assertThat(writable).as(service + ": " + volume).isEqualTo(endpoints && WORKERS.contains(service));
            }
        }
    }

    /** The eventstream.config.dir start-worker.sh gives the REST extension. */
    private static String configDirOfTheRestApi(String startWorker) {
        Matcher dir = Pattern.compile("echo \"" + Pattern.quote(WorkerSettings.REST_CONFIG_DIR) + "=([^\"]+)\"").matcher(startWorker);
        assertThat(dir.find()).as("start-worker.sh sets " + WorkerSettings.REST_CONFIG_DIR).isTrue();
        return dir.group(1);
    }

    private record Mount(String source, String target) {
    }

    /** {@code source:target[:mode]}, with {@code ${VAR:-default}} read as its default. */
    private static Mount mount(String volume) {
        String expanded = ENV_DEFAULT.matcher(volume).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
        String[] parts = expanded.split(":");
        return new Mount(parts[0], parts[1]);
    }

    private static List<String> volumes(String service) {
        List<String> volumes = new ArrayList<>();
        services.path(service).path("volumes").forEach(v -> volumes.add(v.asText()));
        return volumes;
    }

    private static String projectVersion() {
        try {
            Matcher version = Pattern.compile("<artifactId>eventstream-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(REPO.resolve("pom.xml")));
            assertThat(version.find()).isTrue();
            return version.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
