package dev.eventstream.connect.control;

import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.validate.Problem;
import dev.eventstream.connect.control.validate.ValidationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated configuration directory: the deployment, the service teams' topics and the customer endpoints.
 * The entry point of the library:
 * <pre>{@code
 * ControlPlane plane = ControlPlane.load(Path.of("connector-configs"));   // ValidationException with every problem
 * RenderResult rendered = new Renderer().render(plane);                   // ordered connector configs + topics
 * }</pre>
 */
public final class ControlPlane {

    private final ConfigDirectory directory;
    private final Deployment deployment;
    private final TopicCatalog topics;
    private final List<Endpoint> endpoints;
    private final Map<String, String> endpointFiles;

    ControlPlane(ConfigDirectory directory, Deployment deployment, TopicCatalog topics, List<Endpoint> endpoints,
                 Map<String, String> endpointFiles) {
        this.directory = directory;
        this.deployment = deployment;
        this.topics = topics;
        this.endpoints = List.copyOf(endpoints);
        this.endpointFiles = Map.copyOf(endpointFiles);
    }

    /** Reads and validates the directory. @throws ValidationException listing every problem found */
    public static ControlPlane load(Path configDir) {
        ValidationReport report = validate(configDir);
        if (!report.ok()) {
            throw new ValidationException(report.problems());
        }
        return report.controlPlane().orElseThrow();
    }

    /** Reads and validates the directory, and reports the problems (each with file, JSON pointer and fix). */
    public static ValidationReport validate(Path configDir) {
        return new ControlPlaneLoader(new ConfigDirectory(configDir)).load();
    }

    public ConfigDirectory directory() {
        return directory;
    }

    public Deployment deployment() {
        return deployment;
    }

    public TopicCatalog topics() {
        return topics;
    }

    /** Every endpoint, sorted by tenant then name. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public Optional<Endpoint> endpoint(String tenant, String name) {
        return endpoints.stream().filter(e -> e.tenant().equals(tenant) && e.name().equals(name)).findFirst();
    }

    /** The file an endpoint was read from, relative to the directory (e.g. {@code endpoints/acme/crm.json}). */
    public String fileOf(Endpoint endpoint) {
        return endpointFiles.get(endpoint.id());
    }

    /** What {@link #validate} found: the problems, and the control plane when there are none. */
    public record ValidationReport(List<Problem> problems, int filesRead, ControlPlane plane) {
        public ValidationReport {
            problems = problems.stream().sorted().toList();
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        public Optional<ControlPlane> controlPlane() {
            return Optional.ofNullable(plane);
        }
    }
}
