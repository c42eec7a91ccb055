package dev.eventstream.connect.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The committed examples in connector-configs/, and copies of them to change in a test. */
public final class ExampleConfigs {

    public static final Path DIR = Path.of("..", "connector-configs").toAbsolutePath().normalize();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExampleConfigs() {
    }

    /** Copies the example directory to {@code target}. */
    public static Path copyTo(Path target) {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites one JSON file of a copied directory. */
    public static void edit(Path dir, String file, Consumer<ObjectNode> change) {
        try {
            Path path = dir.resolve(file);
            ObjectNode json = (ObjectNode) MAPPER.readTree(path.toFile());
            change.accept(json);
            Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
