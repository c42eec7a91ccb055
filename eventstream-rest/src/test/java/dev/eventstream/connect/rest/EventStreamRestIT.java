package dev.eventstream.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.cli.EventstreamCli;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageMeter;
import dev.eventstream.connect.usage.UsagePublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST extension on a real worker (rest.extension.classes), against the real TLS receiver: endpoints created,
 * refused, scoped by token and deleted through the API; the topic test compared with what the connector delivers.
 */
class EventStreamRestIT {

    private static final String TOPIC = "voice-callthread";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-0123";
    private static final String ACME_TOKEN = "acme-token-4567";
    private static final String GLOBEX_TOKEN = "globex-token-89ab";
    private static final byte[] SIGNING_KEY = "acme-crm-signing-key-0123456789!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path work;

    private static Path configDir;
    private static HttpsReceiver receiver;
    private static ConnectClusterHarness harness;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpsReceiver.start();
        configDir = work.resolve("connector-configs");
        Path secrets = work.resolve("secrets.properties");
        Files.writeString(secrets, "pii.hash=pseudonymization-secret\nacme.crm.whsec=whsec_"
            + Base64.getEncoder().encodeToString(SIGNING_KEY) + "\n");
        copyConfigs(Path.of("..", "connector-configs"), configDir, secrets);
        Path tokens = work.resolve("tokens.json");
        Files.writeString(tokens, "{\"tokens\":["
            + "{\"sha256\":\"" + AccessTokens.sha256(ADMIN_TOKEN) + "\",\"role\":\"admin\"},"
            + "{\"sha256\":\"" + AccessTokens.sha256(ACME_TOKEN) + "\",\"tenant\":\"acme\"},"
            + "{\"sha256\":\"" + AccessTokens.sha256(GLOBEX_TOKEN) + "\",\"tenant\":\"globex\"}]}");

        Map<String, String> worker = new HashMap<>();
        worker.put("rest.extension.classes", EventStreamRestExtension.class.getName());
        worker.put(EventStreamRestConfig.CONFIG_DIR, configDir.toString());
        worker.put(EventStreamRestConfig.API_TOKENS_FILE, tokens.toString());
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        harness = ConnectClusterHarness.embedded(1, worker);
        harness.kafka().createTopic(TOPIC, 1);
        admin = new ApiClient(harness.rest().baseUrl(), ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        receiver.close();
    }

    @Test
    void endpointCreatedThroughTheApiRunsAndDeliversWhatTheTopicTestShows() throws Exception {
        ApiClient.Answer created = admin.put("/eventstream/endpoints/acme/crm", crmEndpoint());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("action").asText()).isEqualTo("create");
        assertThat(configDir.resolve("endpoints/acme/crm.json")).exists();
        harness.rest().awaitRunning("es-acme-crm", 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        // created by the PUT before the connector, sized for the largest record: left to Connect, the DLQ would get the
        // broker's 1 MiB and a larger bad record would be lost
        assertThat(topicConfig("es-dlq-acme-crm", TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
            .isEqualTo(Integer.toString(ControlPlane.load(configDir).deployment().recordWriteBytes()));

        String event = "{\"id\":\"EventEstablished\",\"CallUUID\":\"c-1\",\"ANI\":\"+4930123\",\"value\":1.50,"
            + "\"UserData\":{\"CreditCard\":\"4111111111111111\",\"Language\":\"en\"},"
            + "\"Extensions\":{\"CustomerEmail\":\"a@b.example\"}}";
        // New endpoints start at the latest offset: produce the same event until the connector's consumer has a
        // position and one arrives (batch.max.records=1, so each request carries exactly one event).
        await("the event delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
            .until(() -> {
                harness.kafka().produce(TestRecord.json(TOPIC, event).withKey("acme:c-1"));
                return !receiver.acceptedRequests().isEmpty();
            });
        ReceivedRequest delivered = receiver.acceptedRequests().get(0);

        ApiClient.Answer tested = admin.post("/eventstream/topics/" + TOPIC + "/test",
            "{\"endpoint\":\"acme/crm\",\"key\":\"acme:c-1\",\"value\":" + event + "}");
        assertThat(tested.status()).as(tested.text()).isEqualTo(200);
        assertThat(tested.json().get("delivered").asBoolean()).isTrue();
        JsonNode request = tested.json().get("request");
        assertThat(request.get("body").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(delivered.body());
        assertThat(request.get("headers").get("Content-Encoding").asText()).isEqualTo(delivered.header("content-encoding"));
        assertThat(request.get("headers").get("X-Source").asText()).isEqualTo(delivered.header("x-source"));
        assertThat(request.get("headers").get("webhook-signature").asText()).startsWith("v1,");
        assertThat(request.get("url").asText()).isEqualTo(receiver.url("/acme/crm"));
        assertThat(tested.json().get("steps")).extracting(step -> step.get("step").asText())
            .containsExactly("value.converter", "tenant", "primaryRegion", "convert", "subscribed", "pii");

        ApiClient.Answer listed = admin.get("/eventstream/endpoints?tenant=acme");
        assertThat(listed.json().get("endpoints")).extracting(e -> e.get("name").asText() + "=" + e.get("state").asText())
            .containsExactly("crm=RUNNING", "support=ABSENT");

        ApiClient.Answer deleted = admin.delete("/eventstream/endpoints/acme/crm");
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.json().get("done").asText()).isEqualTo("deleted");
        assertThat(configDir.resolve("endpoints/acme/crm.json")).doesNotExist();
        await("connector gone").atMost(Duration.ofSeconds(30))
            .until(() -> harness.connect().connectors().stream().noneMatch("es-acme-crm"::equals));
        assertThat(admin.get("/eventstream/endpoints/acme/crm").status()).isEqualTo(404);
    }

    @Test
    void topicTestNamesTheStepThatDropsAnEvent() {
        String established = "{\"id\":\"EventEstablished\",\"CallUUID\":\"c-2\"}";
        JsonNode unsubscribed = dropped("\"acme/support\"", "acme:c-2", "{\"id\":\"EventRinging\",\"CallUUID\":\"c-2\"}");
        assertThat(unsubscribed.get("step").asText()).isEqualTo("subscribed");
        assertThat(unsubscribed.get("reason").asText()).contains("events.include");

        JsonNode otherTenant = dropped("\"acme/support\"", "globex:c-2", established);
        assertThat(otherTenant.get("step").asText()).isEqualTo("tenant");
        assertThat(otherTenant.get("reason").asText()).contains("'acme'");

        ApiClient.Answer viaCli = cli("test-topic", TOPIC, "--endpoint", "acme/support", "--key", "acme:c-2",
            "--value", "{\"id\":\"EventRinging\"}", "--output", "json");
        assertThat(viaCli.status()).as("exit code of a dropped event").isEqualTo(1);
        assertThat(viaCli.json().get("droppedBy").get("step").asText()).isEqualTo("subscribed");

        JsonNode otherRegion = dropped("{\"tenant\":\"initech\",\"name\":\"ops\",\"type\":\"https\","
            + "\"url\":\"https://ops.initech.example/hook\",\"topics\":[\"voice-callthread\"]}", "initech:c-2", established);
        assertThat(otherRegion.get("step").asText()).isEqualTo("primaryRegion");
        assertThat(otherRegion.get("reason").asText()).contains("'eu-west'");
    }

    @Test
    void badInputIsA400NamingTheJsonPath() {
        ApiClient.Answer insecure = admin.put("/eventstream/endpoints/acme/hooks",
            "{\"type\":\"https\",\"url\":\"http://hooks.acme.example\",\"topics\":[\"voice-callthread\"]}");
        assertThat(insecure.status()).isEqualTo(400);
        assertThat(insecure.json().get("path").asText()).isEqualTo("/url");
        assertThat(insecure.json().get("error").asText()).isEqualTo("invalid_endpoint");
        assertThat(insecure.json().get("message").asText()).contains("Fix:");

        ApiClient.Answer unknownTopic = admin.put("/eventstream/endpoints/acme/hooks",
            "{\"type\":\"https\",\"url\":\"https://hooks.acme.example\",\"topics\":[\"voice-calthread\"]}");
        assertThat(unknownTopic.status()).isEqualTo(400);
        assertThat(unknownTopic.json().get("path").asText()).isEqualTo("/topics/0");
        assertThat(unknownTopic.json().get("message").asText()).contains("voice-callthread");

        ApiClient.Answer otherTenant = admin.put("/eventstream/endpoints/acme/hooks", "{\"tenant\":\"globex\"}");
        assertThat(otherTenant.status()).isEqualTo(400);
        assertThat(otherTenant.json().get("path").asText()).isEqualTo("/tenant");

        ApiClient.Answer notJson = admin.put("/eventstream/endpoints/acme/hooks", "{\"type\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("path").asText()).isEqualTo("/");
        assertThat(configDir.resolve("endpoints/acme/hooks.json")).doesNotExist();

        ApiClient.Answer escaping = admin.post("/eventstream/topics/" + TOPIC + "/test",
            "{\"endpoint\":{\"tenant\":\"../../x\",\"name\":\"y\"},\"value\":{}}");
        assertThat(escaping.status()).isEqualTo(400);
        assertThat(escaping.json().get("path").asText()).isEqualTo("/endpoint/tenant");

        ApiClient.Answer noTopic = admin.get("/eventstream/schemas/voice-nothing");
        assertThat(noTopic.status()).isEqualTo(404);
        assertThat(noTopic.json().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void aTenantTokenSeesAndChangesOnlyItsTenant() {
        ApiClient acme = admin.withToken(ACME_TOKEN);
        ApiClient globex = admin.withToken(GLOBEX_TOKEN);
        assertThat(acme.get("/eventstream/endpoints/acme/support").status()).isEqualTo(200);
        assertThat(globex.get("/eventstream/endpoints/acme/support").status()).isEqualTo(404);
        assertThat(globex.get("/eventstream/endpoints?tenant=acme").status()).isEqualTo(404);
        assertThat(globex.get("/eventstream/endpoints").json().get("endpoints"))
            .allSatisfy(e -> assertThat(e.get("tenant").asText()).isEqualTo("globex"));
        assertThat(globex.put("/eventstream/endpoints/acme/support", supportEndpoint()).status()).isEqualTo(404);
        assertThat(globex.delete("/eventstream/endpoints/acme/support").status()).isEqualTo(404);
        assertThat(globex.post("/eventstream/topics/" + TOPIC + "/test",
            "{\"endpoint\":\"acme/support\",\"key\":\"acme:c\",\"value\":{\"id\":\"EventEstablished\"}}").status()).isEqualTo(404);
        assertThat(configDir.resolve("endpoints/acme/support.json")).exists();

        assertThat(admin.withToken(null).get("/eventstream/schemas").status()).isEqualTo(401);
        assertThat(admin.withToken("guess").get("/eventstream/schemas").status()).isEqualTo(401);
        assertThat(acme.get("/eventstream/schemas").json().get("topics")).isNotEmpty();
    }

    @Test
    void usageAddsUpEveryTaskInstanceOfEveryWorkerAndOutlivesThem() throws IOException {
        long t = Instant.parse("2026-11-30T10:51:30Z").toEpochMilli();
        UsageMeter task0 = new UsageMeter("es-acme-crm", 0);
        task0.add("acme", TOPIC, t, UsageCounts.delivered(3, 300, 100, 0));
        task0.add("acme", TOPIC, t, UsageCounts.attempt(false));
        UsageMeter task1 = new UsageMeter("es-acme-crm", 1);
        task1.add("acme", TOPIC, t + 60_000, UsageCounts.delivered(2, 200, 80, 0));
        task1.add("acme", TOPIC, t + 60_000, UsageCounts.attempt(true));
        task1.add("acme", TOPIC, t + 60_000, UsageCounts.attempt(false));
        UsageMeter globex = new UsageMeter("es-globex-lake", 0);
        globex.add("globex", TOPIC, t, UsageCounts.delivered(7, 700, 300, 0));
        publishAndClose(task0, task1, globex);
        // Task 0 restarted (a new instance): it redelivers one record and counts it on top of what was published.
        UsageMeter restarted = new UsageMeter("es-acme-crm", 0);
        restarted.add("acme", TOPIC, t + 1000, UsageCounts.delivered(1, 100, 40, 1));
        restarted.add("acme", TOPIC, t + 1000, UsageCounts.deadLettered(1));
        publishAndClose(restarted);

        JsonNode hourly = admin.get("/eventstream/usage?tenant=acme&granularity=hour").json();
        assertThat(hourly.get("rows")).hasSize(1);
        assertThat(hourly.get("rows").get(0).get("period").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(MAPPER.treeToValue(hourly.get("total"), UsageCounts.class)).isEqualTo(new UsageCounts(6, 600, 220, 3, 1, 1, 1));

        JsonNode minutes = admin.get("/eventstream/usage?tenant=acme&endpoint=crm&topic=" + TOPIC
            + "&granularity=minute&from=2026-11-30T10:51:00Z&to=2026-11-30T10:52:00Z").json();
        assertThat(minutes.get("rows")).hasSize(1);
        assertThat(minutes.get("rows").get(0).get("records").asLong()).isEqualTo(4);

        ApiClient.Answer csv = admin.send("GET", "/eventstream/usage?granularity=day", null, "text/csv");
        assertThat(csv.text()).isEqualTo("period,tenant,endpoint,topic,records,jsonBytes,wireBytes,requests,failedAttempts,dlq,redelivered\n"
            + "2026-11-30T00:00:00Z,acme,crm," + TOPIC + ",6,600,220,3,1,1,1\n"
            + "2026-11-30T00:00:00Z,globex,lake," + TOPIC + ",7,700,300,0,0,0,0\n");

        ApiClient.Answer viaCli = cli("usage", "--tenant", "acme", "--granularity", "hour", "--output", "json");
        assertThat(viaCli.status()).as(viaCli.text()).isZero();
        assertThat(viaCli.json().get("total")).isEqualTo(hourly.get("total"));
        ApiClient.Answer table = cli("usage", "--granularity", "day");
        assertThat(table.text()).contains("2026-11-30T00:00:00Z", "globex", "TOTAL");

        ApiClient acme = admin.withToken(ACME_TOKEN);
        assertThat(acme.get("/eventstream/usage?granularity=day").json().get("rows"))
            .allSatisfy(row -> assertThat(row.get("tenant").asText()).isEqualTo("acme")).hasSize(1);
        assertThat(acme.get("/eventstream/usage?tenant=globex").status()).isEqualTo(404);
        assertThat(admin.get("/eventstream/usage?tenant=nobody").status()).isEqualTo(404);
        ApiClient.Answer badGranularity = admin.get("/eventstream/usage?granularity=week");
        assertThat(badGranularity.status()).isEqualTo(400);
        assertThat(badGranularity.json().get("path").asText()).isEqualTo("granularity");
        assertThat(admin.get("/eventstream/usage?from=yesterday").json().get("path").asText()).isEqualTo("from");
    }

    /** Runs the real eventstream command against the worker: its exit code as status, its output as text and JSON. */
    private static ApiClient.Answer cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--connect-url", harness.rest().baseUrl().toString(), "--token", ADMIN_TOKEN));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EventstreamCli.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of());
        JsonNode json = null;
        if (all.contains("json")) {
            try {
                json = MAPPER.readTree(out.toString());
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + out + err, e);
            }
        }
        return new ApiClient.Answer(code, json, out + err.toString());
    }

    private static void publishAndClose(UsageMeter... meters) {
        for (UsageMeter meter : meters) {
            try (UsagePublisher publisher = UsagePublisher.start(meter, EventStreamRestConfig.USAGE_TOPIC_DEFAULT,
                Map.of("bootstrap.servers", harness.bootstrapServers()), Duration.ofHours(1))) {
                assertThat(publisher.flush()).isPositive();
            }
        }
    }

    @Test
    void servesItsOpenApiDocument() {
        ApiClient.Answer document = admin.withToken(null).get("/eventstream/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("openapi").asText()).isEqualTo("3.1.0");
    }

    private static JsonNode dropped(String endpoint, String key, String value) {
        ApiClient.Answer tested = admin.post("/eventstream/topics/" + TOPIC + "/test",
            "{\"endpoint\":" + endpoint + ",\"key\":\"" + key + "\",\"value\":" + value + "}");
        assertThat(tested.status()).as(tested.text()).isEqualTo(200);
        assertThat(tested.json().get("delivered").asBoolean()).as(tested.text()).isFalse();
        return tested.json().get("droppedBy");
    }

    private static String crmEndpoint() {
        return "{\"type\":\"https\",\"url\":\"" + receiver.url("/acme/crm") + "\",\"topics\":[\"voice-callthread\"],"
            + "\"events\":{\"include\":[\"EventEstablished\"]},"
            + "\"signing\":{\"secret\":\"${file:" + work.resolve("secrets.properties") + ":acme.crm.whsec}\"},"
            + "\"headers\":[{\"name\":\"X-Source\",\"value\":\"eventstream\"}],"
            + "\"batching\":{\"maxRecords\":1,\"lingerMs\":10},\"tasks\":1}";
    }

    private static String supportEndpoint() {
        return "{\"type\":\"https\",\"url\":\"https://support.acme.example/hook\",\"topics\":[\"voice-callthread\"],"
            + "\"events\":{\"include\":[\"EventEstablished\"]}}";
    }

    private static String topicConfig(String topic, String key) throws Exception {
        try (Admin kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return kafkaAdmin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
        }
    }

    /**
     * The repository's configuration directory with this test's deployment (receiver truststore, local region map,
     * secrets file) and one endpoint file, acme/support, that only the token test reads.
     */
    private static void copyConfigs(Path from, Path to, Path secrets) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.startsWith("endpoints")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        ObjectNode deployment = (ObjectNode) MAPPER.readTree(to.resolve("deployment.json").toFile());
        ((ObjectNode) deployment.get("regionMap")).put("file", to.resolve("tenant-regions.json").toString());
        ((ObjectNode) deployment.get("kafka")).put("replicationFactor", 1);
        deployment.putObject("pii").put("hashSecret", "${file:" + secrets + ":pii.hash}");
        ObjectNode defaults = (ObjectNode) deployment.get("defaults");
        defaults.put("tasks", 1);
        defaults.putObject("tls").putObject("truststore")
            .put("location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString())
            .put("type", "PEM");
        Files.writeString(to.resolve("deployment.json"), MAPPER.writeValueAsString(deployment));
        Path support = to.resolve("endpoints/acme/support.json");
        Files.createDirectories(support.getParent());
        Files.writeString(support, "{\"tenant\":\"acme\",\"name\":\"support\"," + supportEndpoint().substring(1));
        Files.createDirectories(to.resolve("endpoints/globex"));
        Files.writeString(to.resolve("endpoints/globex/lake.json"), "{\"tenant\":\"globex\",\"name\":\"lake\","
            + "\"type\":\"https\",\"url\":\"https://lake.globex.example/in\",\"topics\":[\"voice-callthread\"]}");
    }
}
