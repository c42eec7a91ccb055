package dev.eventstream.connect.control.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.TenantTemplate;
import dev.eventstream.connect.control.ConfigDirectory;
import dev.eventstream.connect.control.TopicCatalog;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.model.TopicDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The rules that need more than one file: what an endpoint names must exist in the topics it reads, each
 * endpoint once and in its tenant's folder, each tenant in the region map, PII paths in the Avro schemas.
 * Runs on files that passed their JSON Schema.
 */
public final class CrossReferences {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConfigDirectory directory;
    private final String deploymentFile;
    private final Deployment deployment;
    private final Map<String, TopicDetails> topicsByFile;
    private final Map<String, Endpoint> endpointsByFile;
    private final TopicCatalog catalog;

    /** @param catalog empty; filled with the topics as they are checked */
    public CrossReferences(ConfigDirectory directory, String deploymentFile, Deployment deployment, TopicCatalog catalog,
                           Map<String, TopicDetails> topicsByFile, Map<String, Endpoint> endpointsByFile) {
        this.directory = directory;
        this.deploymentFile = deploymentFile;
        this.deployment = deployment;
        this.catalog = catalog;
        this.topicsByFile = topicsByFile;
        this.endpointsByFile = endpointsByFile;
    }

    public void check(List<Problem> problems) {
        topicsByFile.forEach((file, details) -> checkTopic(file, details, problems));
        Set<String> knownTenants = regionMapTenants(problems);
        Map<String, String> seen = new HashMap<>();
        endpointsByFile.forEach((file, endpoint) -> {
            String previous = seen.putIfAbsent(endpoint.id(), file);
            if (previous != null) {
                problems.add(new Problem(file, "/name", "endpoint " + endpoint.id() + " is already defined in " + previous,
                    "give one of them another name"));
            }
            String expected = ConfigDirectory.ENDPOINTS_DIR + "/" + endpoint.tenant() + "/" + endpoint.name() + ".json";
            if (!file.equals(expected)) {
                problems.add(new Problem(file, "/tenant", "the file of endpoint " + endpoint.id() + " is not where its tenant and name say",
                    "move it to " + expected + ", or correct \"tenant\" and \"name\""));
            }
            if (knownTenants != null && !knownTenants.contains(endpoint.tenant())) {
                problems.add(new Problem(file, "/tenant", "tenant '" + endpoint.tenant() + "' is not in the region map "
                    + deployment.regionMap().tenants() + DidYouMean.suggest(endpoint.tenant(), knownTenants),
                    "add the tenant to the region map, or correct the tenant id"));
            }
            checkEndpoint(file, endpoint, problems);
        });
        boolean hashes = topicsByFile.values().stream().anyMatch(t -> !t.pii().hash().isEmpty());
        if (hashes && deployment.pii().hashSecret() == null) {
            problems.add(new Problem(deploymentFile, "/pii/hashSecret", "topics hash PII fields but no hash secret is set",
                "add \"pii\": {\"hashSecret\": \"" + SecretReferences.suggest("pii.hash") + "\"}"));
        }
    }

    private void checkTopic(String file, TopicDetails details, List<Problem> problems) {
        if (!catalog.add(details, file)) {
            problems.add(new Problem(file, "/topic", "topic " + details.topic() + " is described twice",
                "keep one topic-details.json per topic"));
        }
        checkTemplate(file, "/tenant/template", details.tenant().template(), problems);
        if (details.singleTenant()) {
            checkTemplate(file, "/topic", details.topic(), problems);
        }
        if (details.format() == TopicDetails.Format.avro) {
            checkAvroPaths(file, details, problems);
        }
    }

    private static void checkTemplate(String file, String pointer, String template, List<Problem> problems) {
        if (template == null) {
            return;
        }
        try {
            if (!TenantTemplate.parse(template).has("tenant_id")) {
                problems.add(new Problem(file, pointer, "template '" + template + "' has no {tenant_id}", "add {tenant_id} where the tenant id is"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, pointer, e.getMessage(), "write a template such as {tenant_id}:{agent_id}"));
        }
    }

    private void checkAvroPaths(String file, TopicDetails details, List<Problem> problems) {
        Path schemaFile = directory.resolve(file).resolveSibling(details.schema());
        Schema schema;
        try {
            schema = new Schema.Parser().parse(Files.readString(schemaFile));
        } catch (IOException | SchemaParseException e) {
            problems.add(new Problem(file, "/schema", "cannot read the Avro schema " + details.schema() + ": " + e.getMessage(),
                "put a valid " + details.schema() + " next to topic-details.json"));
            return;
        }
        AvroFieldPaths paths = new AvroFieldPaths(schema);
        checkPaths(file, "/pii/drop", details.pii().drop(), paths, problems);
        checkPaths(file, "/pii/mask", details.pii().mask(), paths, problems);
        checkPaths(file, "/pii/hash", details.pii().hash(), paths, problems);
        if (!paths.exists(details.eventType().path())) {
            problems.add(new Problem(file, "/eventType/path", "no field " + details.eventType().path() + " in " + details.schema(),
                "name the field that holds the event name" + DidYouMean.suggest(details.eventType().path(), paths.topLevel())));
        }
    }

    private static void checkPaths(String file, String pointer, List<String> list, AvroFieldPaths paths, List<Problem> problems) {
        for (int i = 0; i < list.size(); i++) {
            if (!paths.exists(list.get(i))) {
                problems.add(new Problem(file, pointer + "/" + i, "no field " + list.get(i) + " in the topic's Avro schema",
                    "correct the path" + DidYouMean.suggest(list.get(i), paths.topLevel()) + ", or remove it"));
            }
        }
    }

    private void checkEndpoint(String file, Endpoint endpoint, List<Problem> problems) {
        List<TopicDetails> read = new ArrayList<>();
        for (int i = 0; i < endpoint.topics().size(); i++) {
            String topic = endpoint.topics().get(i);
            TopicDetails details = catalog.resolve(topic).orElse(null);
            if (details == null) {
                problems.add(new Problem(file, "/topics/" + i, "unknown topic '" + topic + "'"
                    + DidYouMean.suggest(topic, catalog.names()),
                    "name a topic of " + ConfigDirectory.TOPICS_DIR + "/ " + new TreeSet<>(catalog.names())));
                continue;
            }
            if (details.singleTenant()) {
                String owner = TenantTemplate.parse(details.topic()).match(topic).map(v -> v.get("tenant_id")).orElse(null);
                if (owner == null) {
                    problems.add(new Problem(file, "/topics/" + i, "'" + topic + "' is the template of a single-tenant topic",
                        "name the tenant's own topic, " + TenantTemplate.parse(details.topic()).render(Map.of("tenant_id", endpoint.tenant()))));
                    continue;
                } else if (!owner.equals(endpoint.tenant())) {
                    problems.add(new Problem(file, "/topics/" + i, "topic " + topic + " belongs to tenant '" + owner + "', not '" + endpoint.tenant() + "'",
                        "name " + TenantTemplate.parse(details.topic()).render(Map.of("tenant_id", endpoint.tenant()))));
                    continue;
                }
            }
            read.add(details);
        }
        if (read.size() < endpoint.topics().size()) {
            return; // the events and formats of a topic that is not there cannot be checked
        }
        Set<String> formats = new TreeSet<>();
        Set<String> typePaths = new TreeSet<>();
        read.forEach(t -> {
            formats.add(t.format().name());
            typePaths.add(t.eventType().path());
        });
        if (formats.size() > 1) {
            problems.add(new Problem(file, "/topics", "the topics mix value formats " + formats + "; one connector has one value converter",
                "split the endpoint into one endpoint per format"));
        }
        if (typePaths.size() > 1) {
            problems.add(new Problem(file, "/topics", "the topics name their event types at different paths " + typePaths,
                "split the endpoint into one endpoint per event type path"));
        }
        Set<String> carried = new LinkedHashSet<>();
        read.forEach(t -> carried.addAll(t.events()));
        checkEventNames(file, "/events/include", endpoint.events().include(), carried, problems);
        checkEventNames(file, "/events/exclude", endpoint.events().exclude(), carried, problems);
    }

    private static void checkEventNames(String file, String pointer, List<String> names, Set<String> carried, List<Problem> problems) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean glob = Glob.isGlob(name);
            boolean known = glob ? carried.stream().anyMatch(e -> Glob.matches(name, e)) : carried.contains(name);
            if (!known) {
                problems.add(new Problem(file, pointer + "/" + i, (glob ? "pattern '" + name + "' matches no event of" : "event '" + name + "' is not carried by")
                    + " the endpoint's topics" + DidYouMean.suggest(name, carried),
                    "name one of " + carried));
            }
        }
    }

    /** The tenants of the region map copy, or null (with a problem) when it cannot be read. */
    private Set<String> regionMapTenants(List<Problem> problems) {
        Path file = directory.resolve(deploymentFile).resolveSibling(deployment.regionMap().tenants());
        try {
            JsonNode map = MAPPER.readTree(file.toFile());
            Set<String> tenants = new TreeSet<>();
            map.fieldNames().forEachRemaining(tenants::add);
            return tenants;
        } catch (IOException e) {
            problems.add(new Problem(deploymentFile, "/regionMap/tenants", "cannot read the region map copy " + file + ": " + e.getMessage(),
                "put a JSON object {\"<tenant>\": \"<region>\", ...} there"));
            return null;
        }
    }
}
