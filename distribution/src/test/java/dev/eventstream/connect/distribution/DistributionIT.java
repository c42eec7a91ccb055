package dev.eventstream.connect.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The bundle as users install it: a Connect worker whose plugin.path is the unpacked bundle, and whose
 * classpath does not hold our classes, finds every plugin the suite ships.
 */
class DistributionIT {

    /** Every plugin class the suite ships. Each issue that adds a plugin adds it here. */
    private static final List<String> SHIPPED_PLUGINS = List.of(
        "dev.eventstream.connect.http.HttpsSinkConnector",
        "dev.eventstream.connect.kafka.KafkaSinkConnector",
        "dev.eventstream.connect.tenant.TenantRouter",
        "dev.eventstream.connect.tenant.TenantMatches",
        "dev.eventstream.connect.region.InPrimaryRegion",
        "dev.eventstream.connect.filter.FieldFilter$Key",
        "dev.eventstream.connect.filter.FieldFilter$Value",
        "dev.eventstream.connect.filter.FieldMatches",
        "dev.eventstream.connect.avro.AvroConverter",
        "dev.eventstream.connect.json.converter.JsonConverter",
        "dev.eventstream.connect.convert.ConvertValue");

    /** REST extensions are plugins too, but Connect lists them nowhere: a worker that enables one serves its routes. */
    private static final String REST_EXTENSION = "dev.eventstream.connect.rest.EventStreamRestExtension";

    private static final Path PLUGIN_PATH = Path.of(System.getProperty("eventstream.plugin.path"));
    private static final Path ZIP = Path.of(System.getProperty("eventstream.bundle.zip"));
    private static final String BUNDLE = System.getProperty("eventstream.bundle.name");

    @Test
    void zipHasTheConfluentHubLayout() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(BUNDLE + "/manifest.json", BUNDLE + "/doc/README.md");
            assertThat(names).anyMatch(name -> name.matches(BUNDLE + "/lib/eventstream-common-.*\\.jar"));
            // Kafka's own jars come from the worker; shipping them would shadow the worker's classes.
            assertThat(names).noneMatch(name -> name.matches(".*/lib/(kafka-clients|connect-api|connect-runtime|connect-transforms)-.*"));
            JsonNode manifest = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry(BUNDLE + "/manifest.json")));
            assertThat(manifest.path("name").asText()).isEqualTo("eventstream-connect");
            assertThat(BUNDLE).endsWith(manifest.path("version").asText());
            assertThat(manifest.path("component_types")).isNotEmpty();
        }
        List<String> zipped;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zipped = zip.stream().filter(entry -> !entry.isDirectory()).map(ZipEntry::getName).sorted().toList();
        }
        assertThat(unpackedFiles()).as("the plugin.path directory holds exactly the zip's files").isEqualTo(zipped);
    }

    @Test
    void workerFindsEveryShippedPluginThroughPluginPathAlone() throws IOException, InterruptedException {
        List<String> declared = declaredPlugins();
        assertThat(declared).as("META-INF/services of the bundle's jars").containsAll(SHIPPED_PLUGINS);
        for (String plugin : declared) {
            assertThatThrownBy(() -> Class.forName(plugin), "%s must not be on the test classpath", plugin)
                .isInstanceOf(ClassNotFoundException.class);
        }

        assertThat(declared).contains(REST_EXTENSION);
        Path configDir = Files.createTempDirectory("eventstream-configs");
        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(1, Map.of(
                "plugin.path", PLUGIN_PATH.toString(),
                "rest.extension.classes", REST_EXTENSION,
                "eventstream.config.dir", configDir.toString()))) {
            List<String> found = harness.rest().pluginClasses();
            assertThat(found).containsAll(declared.stream().filter(p -> !p.equals(REST_EXTENSION)).toList())
                .containsAll(SHIPPED_PLUGINS);
            assertThat(found).contains("org.apache.kafka.connect.transforms.Filter");
            HttpResponse<String> openApi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                harness.rest().baseUrl().resolve("eventstream/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(openApi.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(openApi.body()).path("openapi").asText()).isEqualTo("3.1.0");

            String suiteVersion = bundleVersion();
            Map<String, String> versions = harness.rest().pluginVersions();
            assertThat(declared).as("every shipped plugin reports the suite's version")
                .filteredOn(plugin -> !plugin.equals(REST_EXTENSION))
                .allSatisfy(plugin -> assertThat(versions.get(plugin)).as(plugin).isEqualTo(suiteVersion));
        }
    }

    /** The suite's version, as the bundle's manifest states it. */
    private static String bundleVersion() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            return new ObjectMapper().readTree(zip.getInputStream(zip.getEntry(BUNDLE + "/manifest.json")))
                .path("version").asText();
        }
    }

    /** The plugin classes the bundle's own jars declare in their service files. */
    private static List<String> declaredPlugins() throws IOException {
        TreeSet<String> plugins = new TreeSet<>();
        Path lib = PLUGIN_PATH.resolve(BUNDLE).resolve("lib");
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(path -> path.getFileName().toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Enumeration<JarEntry> entries = file.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().startsWith("META-INF/services/org.apache.kafka.")) {
                            plugins.addAll(serviceLines(file, entry));
                        }
                    }
                }
            }
        }
        return plugins.stream().filter(name -> name.startsWith("dev.eventstream.")).toList();
    }

    private static List<String> serviceLines(JarFile file, JarEntry entry) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.replaceAll("#.*", "").trim();
                if (!trimmed.isEmpty()) {
                    lines.add(trimmed);
                }
            }
        }
        return lines;
    }

    private static List<String> unpackedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(PLUGIN_PATH)) {
            return files.filter(Files::isRegularFile)
                .map(path -> PLUGIN_PATH.relativize(path).toString().replace('\\', '/'))
                .sorted()
                .toList();
        }
    }
}
