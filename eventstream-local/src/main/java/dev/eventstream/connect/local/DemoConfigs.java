package dev.eventstream.connect.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's {@code connector-configs/} as the local stack applies them: the same files, copied to
 * {@code <state>/connector-configs/}, with only what names a place changed. Paths under
 * {@code /etc/eventstream/} (where docker-compose.yml mounts the same files) become their local places,
 * the deployment's Connect URL and bootstrap servers become the stack's, and each example endpoint whose
 * topics the demo producer feeds is pointed at a demo peer: an HTTPS endpoint at the demo receiver (its token
 * URL too), a Kafka endpoint at the demo customer cluster (TLS, trusted through the deployment's truststore). The other endpoints are left out, with
 * the reason. Every secret the files reference is made once in the state directory's secrets file.
 * The control plane then validates, renders and applies this directory as it would the original.
 */
final class DemoConfigs {

    static final String CONFIG_DIR = "connector-configs";
    static final String MOUNT_ROOT = "/etc/eventstream";
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{file:([^:}]+):([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A Kafka endpoint as it runs in the demo: where its events land on the demo customer cluster. */
    record KafkaEndpoint(String tenant, String name, String topic, String compression) {
        String label() {
            return tenant + "/" + name;
        }
    }

    /** What was written, and what the stack needs to know about it. */
    record Prepared(Path directory, List<DemoReceiver.Endpoint> httpsEndpoints, List<KafkaEndpoint> kafkaEndpoints,
                    Map<String, String> leftOut, String truststorePassword) {
    }

    private final Path source;
    private final StateDirectory state;
    private final Path target;
    private final Set<String> demoTopics;

    DemoConfigs(Path repository, StateDirectory state, Set<String> demoTopics) {
        this.source = repository.resolve(CONFIG_DIR);
        this.state = state;
        this.target = state.root().resolve(CONFIG_DIR);
        this.demoTopics = Set.copyOf(demoTopics);
    }

    /**
     * Writes the demo directory. {@code receiverBaseUrl} is {@code https://localhost:<port>}; endpoints are
     * left out when {@code withEndpoints} is false ({@code --no-demo-endpoints}).
     */
    Prepared write(String connectUrl, String bootstrapServers, String customerBootstrapServers, String receiverBaseUrl,
                   boolean withEndpoints) {
        try {
            Map<Path, byte[]> madeThroughTheApi = endpointFilesMadeThroughTheApi();
            copyTree(source, target);
            for (Map.Entry<Path, byte[]> file : madeThroughTheApi.entrySet()) {
                Path kept = target.resolve(file.getKey().toString());
                Files.createDirectories(kept.getParent());
                Files.write(kept, file.getValue());
            }
            ObjectNode deployment = (ObjectNode) JSON.readTree(source.resolve("deployment.json").toFile());
            deployment.putObject("connect").put("url", connectUrl);
            ObjectNode kafka = deployment.putObject("kafka");
            kafka.put("bootstrapServers", bootstrapServers);
            kafka.put("replicationFactor", 1);
            localize(deployment);
            JSON.writeValue(target.resolve("deployment.json").toFile(), deployment);
            JsonNode truststorePassword = deployment.path("defaults").path("tls").path("truststore").path("password");
            if (!truststorePassword.isTextual()) {
                throw new StackFailure(CONFIG_DIR + "/deployment.json has no defaults.tls.truststore.password: the demo endpoints "
                    + "trust the demo receiver through the deployment's default truststore");
            }

            List<DemoReceiver.Endpoint> https = new ArrayList<>();
            List<KafkaEndpoint> kafkaEndpoints = new ArrayList<>();
            Map<String, String> leftOut = new LinkedHashMap<>();
            for (Path file : endpointFiles()) {
                ObjectNode endpoint = (ObjectNode) JSON.readTree(file.toFile());
                String id = endpoint.path("tenant").asText() + "/" + endpoint.path("name").asText();
                Path written = target.resolve(source.relativize(file).toString());
                String reason = withEndpoints ? reasonToLeaveOut(endpoint) : "--no-demo-endpoints";
                if (reason != null) {
                    leftOut.put(id, reason);
                    Files.delete(written);
                    continue;
                }
                if (endpoint.path("type").asText().equals("kafka")) {
                    kafkaEndpoints.add(pointAtCustomerCluster(endpoint, customerBootstrapServers));
                } else {
                    https.add(pointAtReceiver(endpoint, receiverBaseUrl));
                }
                localize(endpoint);
                JSON.writeValue(written.toFile(), endpoint);
            }
            return new Prepared(target, https, kafkaEndpoints, leftOut, secretValue(truststorePassword.asText(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo configuration to " + target, e);
        }
    }

    /** Why an example endpoint cannot run in the demo, or null when it can. */
    private String reasonToLeaveOut(ObjectNode endpoint) {
        List<String> missing = new ArrayList<>();
        endpoint.path("topics").forEach(topic -> {
            if (!demoTopics.contains(topic.asText())) {
                missing.add(topic.asText());
            }
        });
        if (!missing.isEmpty()) {
            return "the demo producer does not publish " + String.join(", ", missing);
        }
        if (endpoint.has("tls") && endpoint.path("tls").has("keystore")) {
            return "it uses mutual TLS with the customer's own CA";
        }
        return null;
    }

    private DemoReceiver.Endpoint pointAtReceiver(ObjectNode endpoint, String receiverBaseUrl) {
        String tenant = endpoint.path("tenant").asText();
        String name = endpoint.path("name").asText();
        String path = "/hooks/" + tenant + "/" + name;
        endpoint.put("url", receiverBaseUrl + path);
        endpoint.remove("tls");
        JsonNode auth = endpoint.path("auth");
        EndpointAuth expected = switch (auth.path("type").asText("none")) {
            case "basic" -> EndpointAuth.basic(auth.path("username").asText(), secretValue(auth.path("password").asText(), false));
            case "bearer" -> EndpointAuth.bearer(secretValue(auth.path("token").asText(), false));
            case "oauth2" -> {
                ((ObjectNode) auth).put("tokenUrl", receiverBaseUrl + "/oauth" + path + "/token");
                yield EndpointAuth.oauth2(auth.path("clientId").asText(), secretValue(auth.path("clientSecret").asText(), false));
            }
            default -> EndpointAuth.NONE;
        };
        JsonNode signing = endpoint.path("signing").path("secret");
        String signingSecret = signing.isTextual() ? secretValue(signing.asText(), true) : null;
        return new DemoReceiver.Endpoint(tenant, name, signingSecret, expected);
    }

    private static KafkaEndpoint pointAtCustomerCluster(ObjectNode endpoint, String customerBootstrapServers) {
        ObjectNode kafka = (ObjectNode) endpoint.path("kafka");
        kafka.put("bootstrapServers", customerBootstrapServers);
        kafka.put("securityProtocol", "SSL");
        kafka.remove("saslMechanism");
        kafka.remove("saslJaasConfig");
        endpoint.remove("tls");
        return new KafkaEndpoint(endpoint.path("tenant").asText(), endpoint.path("name").asText(),
            kafka.path("topic").asText(), kafka.path("compression").asText("none"));
    }

    /**
     * The value behind a {@code ${file:...:key}} reference in the state's secrets file, made on first use
     * (a Standard Webhooks secret for signing keys, a random token otherwise).
     */
    private String secretValue(String reference, boolean signingSecret) {
        Matcher matcher = SECRET_REFERENCE.matcher(reference);
        if (!matcher.matches()) {
            throw new StackFailure("the demo cannot use the secret '" + reference + "': endpoint files reference secrets as "
                + "${file:" + MOUNT_ROOT + "/secrets.properties:<key>}");
        }
        return state.secret(matcher.group(2), signingSecret ? StateDirectory::randomSigningSecret : StateDirectory::randomToken);
    }

    /** Rewrites every {@code /etc/eventstream/...} path to its place in this stack, and makes the secrets referenced. */
    private void localize(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(localPath(field.getValue().asText())));
                } else {
                    localize(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(localPath(array.get(i).asText())));
                } else {
                    localize(array.get(i));
                }
            }
        }
    }

    private String localPath(String value) {
        Matcher reference = SECRET_REFERENCE.matcher(value);
        if (reference.matches() && reference.group(1).equals(MOUNT_ROOT + "/secrets.properties")) {
            state.secret(reference.group(2), StateDirectory::randomToken);
        }
        return value
            .replace(MOUNT_ROOT + "/connector-configs", target.toString())
            .replace(MOUNT_ROOT + "/tenant-regions.json", target.resolve("tenant-regions.json").toString())
            .replace(MOUNT_ROOT + "/truststore.p12", state.tls().resolve("truststore.p12").toString())
            .replace(MOUNT_ROOT + "/secrets.properties", state.secretsFile().toString());
    }

    private List<Path> endpointFiles() throws IOException {
        Path dir = source.resolve("endpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * The endpoint files of the last run that the repository does not have: made through the REST API
     * ({@code PUT /eventstream/endpoints/...} writes into this directory, as it does into the mounted
     * {@code connector-configs/endpoints/} of docker-compose.yml). They outlive a restart like their connectors do.
     */
    private Map<Path, byte[]> endpointFilesMadeThroughTheApi() throws IOException {
        Path dir = target.resolve("endpoints");
        Map<Path, byte[]> made = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return made;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Path relative = target.relativize(file);
                if (!Files.exists(source.resolve(relative.toString()))) {
                    made.put(relative, Files.readAllBytes(file));
                }
            }
        }
        return made;
    }

    /** A fresh copy each start: the repository's files are the truth, the copy only localizes them. */
    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
