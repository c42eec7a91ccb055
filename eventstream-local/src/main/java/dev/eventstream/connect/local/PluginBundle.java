package dev.eventstream.connect.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The unpacked plugin bundle: {@code distribution/target/eventstream-connect-<version>/} is the entry of the
 * worker's {@code plugin.path} ({@link #directory()}); the bundle itself (manifest.json, lib/) is the
 * directory of the same name inside it. The worker loads every plugin from it in the bundle's own class loader.
 */
record PluginBundle(Path directory, Path lib) {

    static final String REST_EXTENSION_SERVICE = "META-INF/services/org.apache.kafka.connect.rest.ConnectRestExtension";

    /** The bundle this build of the stack was made with; a {@link StackFailure} when it was not built. */
    static PluginBundle of(Path repository, String bundleName) {
        Path directory = repository.resolve("distribution").resolve("target").resolve(bundleName);
        Path lib = directory.resolve(bundleName).resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new StackFailure("the plugin bundle " + repository.relativize(directory)
                + " is missing: build it with 'mvn -B package -DskipTests' (./eventstream-local.sh does so when it is absent)");
        }
        return new PluginBundle(directory, lib);
    }

    /**
     * The REST extensions the bundle registers through {@code META-INF/services}. Connect enables REST
     * extensions only by name ({@code rest.extension.classes}): a bundle with the Event Stream REST API has
     * it switched on, a bundle without it starts a worker with Connect's own routes only.
     */
    List<String> restExtensionClasses() {
        List<String> classes = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : jars) {
                classes.addAll(servicesListedIn(jar));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugin bundle " + directory, e);
        }
        classes.sort(null);
        return classes;
    }

    private static List<String> servicesListedIn(Path jar) throws IOException {
        List<String> classes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(REST_EXTENSION_SERVICE);
            if (entry == null) {
                return classes;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    int comment = line.indexOf('#');
                    String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!name.isEmpty()) {
                        classes.add(name);
                    }
                }
            }
        }
        return classes;
    }
}
