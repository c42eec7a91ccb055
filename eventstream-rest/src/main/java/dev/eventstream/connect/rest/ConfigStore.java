package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventstream.connect.control.ConfigDirectory;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.validate.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configuration directory the CLI plans from, as this API reads and changes it. An endpoint written here is a
 * file like any other ({@code endpoints/<tenant>/<name>.json}), so {@code eventstream plan} sees it and the CLI
 * and the API never disagree about a connector. A candidate is validated with the whole directory (the same
 * rules and messages as {@code eventstream validate}) in a scratch copy before the real file is replaced.
 */
final class ConfigStore {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    ConfigStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The validated directory. @throws ApiException 503 when the directory itself has problems */
    ControlPlane load() {
        ControlPlane.ValidationReport report = ControlPlane.validate(root);
        return report.controlPlane().orElseThrow(() -> invalidDirectory(report.problems()));
    }

    /** {@code endpoints/<tenant>/<name>.json}, relative to the directory. */
    static String endpointFile(String tenant, String name) {
        return ConfigDirectory.ENDPOINTS_DIR + "/" + tenant + "/" + name + ".json";
    }

    Optional<JsonNode> readEndpoint(String tenant, String name) {
        Path file = root.resolve(endpointFile(tenant, name));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PRETTY.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Validates the directory as it would be with {@code candidate} as the endpoint's file (null: without it).
     * @return the problems of the candidate's own file, or the control plane it makes; problems elsewhere throw
     */
    ControlPlane.ValidationReport validateWith(String tenant, String name, JsonNode candidate) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("eventstream-validate");
            copyTree(root, scratch);
            Path file = scratch.resolve(endpointFile(tenant, name));
            if (candidate == null) {
                Files.deleteIfExists(file);
            } else {
                Files.createDirectories(file.getParent());
                Files.write(file, PRETTY.writeValueAsBytes(candidate));
            }
            ControlPlane.ValidationReport report = ControlPlane.validate(scratch);
            String own = endpointFile(tenant, name);
            List<Problem> elsewhere = report.problems().stream().filter(p -> !p.file().equals(own)).toList();
            if (!elsewhere.isEmpty()) {
                throw invalidDirectory(elsewhere);
            }
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a scratch copy of " + root, e);
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    /** Writes (or, with null, deletes) the endpoint's file; the previous content is returned for a roll-back. */
    Optional<byte[]> replaceEndpoint(String tenant, String name, JsonNode endpoint) {
        Path file = root.resolve(endpointFile(tenant, name));
        try {
            Optional<byte[]> previous = Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            if (endpoint == null) {
                Files.deleteIfExists(file);
            } else {
                writeAtomically(file, PRETTY.writeValueAsBytes(endpoint));
            }
            return previous;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Puts back what {@link #replaceEndpoint} returned. */
    void restoreEndpoint(String tenant, String name, Optional<byte[]> previous) {
        Path file = root.resolve(endpointFile(tenant, name));
        try {
            if (previous.isPresent()) {
                writeAtomically(file, previous.get());
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore " + file, e);
        }
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ApiException invalidDirectory(List<Problem> problems) {
        Problem first = problems.get(0);
        return new ApiException(503, "config_dir_invalid", "The configuration directory has " + problems.size()
            + " problem(s) outside this request; the first: " + first, first.file() + first.pointer());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the scratch copy " + dir, e);
        }
    }
}
