package dev.eventstream.connect.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.validate.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a configuration directory ({@code connector-configs/}): {@code deployment.json},
 * {@code service-teams-topics/<topic>/topic-details.json} and {@code endpoints/<tenant>/<name>.json}.
 * Reads every file as JSON, in a stable (sorted) order; files that are not JSON become problems.
 */
public final class ConfigDirectory {

    public static final String DEPLOYMENT = "deployment.json";
    public static final String TOPICS_DIR = "service-teams-topics";
    public static final String TOPIC_DETAILS = "topic-details.json";
    public static final String ENDPOINTS_DIR = "endpoints";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;

    public ConfigDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A file of the directory: its path relative to the root (with '/'), and its JSON (null when unreadable). */
    public record SourceFile(String path, JsonNode json) { }

    public SourceFile deployment(List<Problem> problems) {
        return read(root.resolve(DEPLOYMENT), problems);
    }

    public List<SourceFile> topicDetails(List<Problem> problems) {
        return readAll(root.resolve(TOPICS_DIR), 2, TOPIC_DETAILS, problems);
    }

    public List<SourceFile> endpoints(List<Problem> problems) {
        return readAll(root.resolve(ENDPOINTS_DIR), 2, null, problems);
    }

    /** The path of a file named relative to the root, e.g. {@code voice-cdr/voice-cdr.avsc} under a topic's folder. */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    private List<SourceFile> readAll(Path dir, int depth, String fileName, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, depth)) {
            List<Path> paths = files.filter(Files::isRegularFile)
                .filter(p -> fileName == null ? p.getFileName().toString().endsWith(".json")
                    : p.getFileName().toString().equals(fileName))
                .filter(p -> root.relativize(p).getNameCount() == 3)
                .sorted()
                .toList();
            List<SourceFile> read = new ArrayList<>();
            for (Path path : paths) {
                SourceFile file = read(path, problems);
                if (file.json() != null) {
                    read.add(file);
                }
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private SourceFile read(Path path, List<Problem> problems) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        if (!Files.isRegularFile(path)) {
            problems.add(new Problem(relative, "", "file not found in " + root, "create " + relative));
            return new SourceFile(relative, null);
        }
        try {
            JsonNode json = MAPPER.readTree(path.toFile());
            if (json == null || !json.isObject()) {
                problems.add(new Problem(relative, "", "not a JSON object", "write one JSON object"));
                return new SourceFile(relative, null);
            }
            return new SourceFile(relative, json);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(relative, "", "not valid JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), "correct the JSON syntax there"));
            return new SourceFile(relative, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
