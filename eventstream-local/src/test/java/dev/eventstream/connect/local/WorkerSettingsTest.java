package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSettingsTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final String BUNDLE = "eventstream-connect-test";

    @TempDir
    Path repo;

    @Test
    void theLocalWorkerIsTheSharedFilePlusItsDeploymentKeys() throws IOException {
        PluginBundle bundle = bundleWith("plugins.jar", null);
        Map<String, String> settings = WorkerSettings.local(REPO, "localhost:19092", 18083, bundle, repo.resolve("configs"));
        Map<String, String> shared = WorkerSettings.shared(REPO);
        assertThat(settings).containsAllEntriesOf(shared)
            .containsEntry("bootstrap.servers", "localhost:19092")
            .containsEntry("listeners", "http://localhost:18083")
            .containsEntry("plugin.path", bundle.directory().toString())
            .doesNotContainKeys("rest.extension.classes", WorkerSettings.REST_CONFIG_DIR);
        assertThat(settings.keySet()).containsAll(WorkerSettings.DEPLOYMENT_KEYS.stream()
            .filter(key -> !key.equals("rest.extension.classes") && !key.equals(WorkerSettings.REST_CONFIG_DIR)).toList());
    }

    @Test
    void theRestExtensionIsEnabledWhenTheBundleRegistersOne() throws IOException {
        PluginBundle bundle = bundleWith("rest.jar", "# the suite's REST API\ndev.eventstream.connect.rest.EventStreamRestExtension\n");
        assertThat(bundle.restExtensionClasses()).containsExactly("dev.eventstream.connect.rest.EventStreamRestExtension");
        assertThat(WorkerSettings.local(REPO, "localhost:19092", 18083, bundle, repo.resolve("configs")))
            .containsEntry("rest.extension.classes", "dev.eventstream.connect.rest.EventStreamRestExtension")
            // the REST API cannot start without its configuration directory (seen: the worker did not start)
            .containsEntry(WorkerSettings.REST_CONFIG_DIR, repo.resolve("configs").toString());
    }

    @Test
    void aMissingBundleSaysHowToBuildIt() {
        assertThatThrownBy(() -> PluginBundle.of(repo, BUNDLE))
            .isInstanceOf(StackFailure.class)
            .hasMessageContaining("distribution/target/" + BUNDLE + " is missing: build it with 'mvn -B package -DskipTests'");
    }

    private PluginBundle bundleWith(String jarName, String restExtensionService) throws IOException {
        Path lib = repo.resolve("distribution/target").resolve(BUNDLE).resolve(BUNDLE).resolve("lib");
        Files.createDirectories(lib);
        try (OutputStream out = Files.newOutputStream(lib.resolve(jarName)); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"));
            zip.write("dev.eventstream.connect.http.HttpsSinkConnector\n".getBytes(StandardCharsets.UTF_8));
            if (restExtensionService != null) {
                zip.putNextEntry(new ZipEntry(PluginBundle.REST_EXTENSION_SERVICE));
                zip.write(restExtensionService.getBytes(StandardCharsets.UTF_8));
            }
        }
        return PluginBundle.of(repo, BUNDLE);
    }
}
