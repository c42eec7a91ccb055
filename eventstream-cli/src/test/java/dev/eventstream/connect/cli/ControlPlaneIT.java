package dev.eventstream.connect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectSettings;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command against a real broker and Connect worker (every plugin of the suite on its classpath, secrets through
 * Connect's FileConfigProvider) delivering to the real TLS receiver: the examples of connector-configs/, with their
 * URLs pointed at the receiver, applied, re-planned, changed, pruned, paused, demuxed, failed and restarted.
 * One cluster; the tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = ConnectClusterHarness.STARTUP_TIMEOUT;
    private static final String CALLTHREAD = "voice-callthread";
    private static final String AGENTSTATE = "voice-agentstate";
    private static final String GLOBEX_CHAT = "globex.chat-events";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Path TRANSCRIPT = Path.of("target", "control-plane-it-transcript.txt");

    @TempDir
    static Path temp;

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;
    private static Path configs;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> worker = new HashMap<>();
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        harness = ConnectClusterHarness.embedded(1, worker);
        receiver = HttpsReceiver.start();
        receiver.respondWith(request -> request.path().equals("/token")
            ? ScriptedResponse.ok().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
            : ScriptedResponse.ok());
        harness.kafka().createTopic(CALLTHREAD, 3);
        harness.kafka().createTopic(AGENTSTATE, 3);
        harness.kafka().createTopic(GLOBEX_CHAT, 1);
        configs = itConfigs();
        Files.deleteIfExists(TRANSCRIPT);
        env = Map.of("EVENTSTREAM_CONFIG_DIR", configs.toString(), "EVENTSTREAM_TIMEOUT", "20");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        harness.close();
    }

    @Test
    @Order(1)
    void applyCreatesTheConnectorsAndEachTenantGetsOnlyItsFilteredEventsWithoutPii() {
        CliRun apply = cli("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("+ es-acme-crm: create (RUNNING)", "+ es-globex-crm: create (RUNNING)",
            "+ es-globex-support: create (PAUSED)", "Plan: 3 to create, 0 to update, 0 to delete, 0 state changes.",
            "Created topic es-dlq-acme-crm", "es-globex-support  created (PAUSED)");
        assertThat(apply.err()).contains("[1/3] es-acme-crm: create");
        harness.rest().awaitRunning("es-acme-crm", 1, WAIT);
        harness.rest().awaitRunning("es-globex-crm", 1, WAIT);
        awaitPositions("acme", "/acme/crm", "EventEstablished");
        awaitPositions("globex", "/globex/crm", "EventEstablished");

        List<TestRecord> records = new ArrayList<>();
        Set<Integer> acmeExpected = new TreeSet<>();
        Set<Integer> globexExpected = new TreeSet<>();
        for (String tenant : List.of("acme", "globex", "acme2", "initech")) {
            for (String type : List.of("EventRinging", "EventEstablished", "EventReleased")) {
                int seq = SEQ.incrementAndGet();
                records.add(call(tenant, type, seq));
                if (tenant.equals("acme") && !type.equals("EventRinging")) {
                    acmeExpected.add(seq);
                }
                if (tenant.equals("globex") && type.equals("EventEstablished")) {
                    globexExpected.add(seq);
                }
            }
            for (String type : List.of("EventAgentReady", "EventAgentAfterCallWork", "EventRegistered")) {
                int seq = SEQ.incrementAndGet();
                records.add(agent(tenant, type, seq));
                if (tenant.equals("acme") && type.equals("EventAgentReady")) {
                    acmeExpected.add(seq);
                }
            }
        }
        harness.kafka().produce(records, "lz4");

        await().atMost(WAIT).until(() -> seqs("/acme/crm").containsAll(acmeExpected) && seqs("/globex/crm").containsAll(globexExpected));
        assertThat(seqsSince("/acme/crm", acmeExpected)).containsExactlyElementsOf(acmeExpected);
        assertThat(seqsSince("/globex/crm", globexExpected)).containsExactlyElementsOf(globexExpected);
        for (ReceivedRequest request : requests("/acme/crm")) {
            assertThat(request.header("authorization")).isEqualTo("Bearer tok-1");
            assertThat(request.header("webhook-signature")).startsWith("v1,");
            assertThat(request.header("x-source")).isEqualTo("eventstream");
            String body = request.bodyAsString();
            assertThat(body).doesNotContain("+4930", "4111111111", "@mail.example", "\"internal\"", "Jane Doe");
            for (JsonNode event : request.bodyAsJson()) {
                assertThat(event.get("tenant").asText()).isEqualTo("acme");
                assertThat(event.get("ANI").asText()).isEqualTo("****");
                if (event.has("Extensions") && event.get("Extensions").has("CustomerEmail")) {
                    assertThat(event.at("/Extensions/CustomerEmail").asText()).matches("[0-9a-f]{64}");
                }
            }
        }
        assertThat(requests("/globex/support")).isEmpty();
    }

    @Test
    @Order(2)
    void planThenShowsNothingToDo() {
        CliRun plan = cli("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).isEqualTo("No changes: the cluster matches the files.\n");
        CliRun again = cli("apply", "-o", "json");
        assertThat(again.exitCode()).isZero();
        assertThat(again.json().get("outcomes")).isEmpty();
        assertThat(again.json().get("topicsCreated")).isEmpty();
    }

    @Test
    @Order(3)
    void changingTheEventsUpdatesTheConnectorWithNoLossOrRepeat() {
        Set<Integer> before = seqs("/acme/crm");
        edit("endpoints/acme/crm.json", json -> ((ArrayNode) json.at("/events/include")).add("EventRinging"));

        CliRun plan = cli("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.CHANGES_PENDING);
        assertThat(plan.out()).contains("~ es-acme-crm: update\n",
            "    ~ predicates.isSubscribed.values: \"EventEstablished,EventReleased\" -> \"EventEstablished,EventReleased,EventRinging\"",
            "Plan: 0 to create, 1 to update, 0 to delete, 0 state changes.");
        CliRun json = cli("plan", "-o", "json");
        assertThat(plan.out()).doesNotContain("eventstream.digest");
        assertThat(json.json().at("/changes/0/diff").toString()).contains("eventstream.digest");

        CliRun apply = cli("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("es-acme-crm  updated");
        harness.rest().awaitRunning("es-acme-crm", 1, WAIT);

        List<TestRecord> records = new ArrayList<>();
        Set<Integer> expected = new TreeSet<>();
        for (String type : List.of("EventRinging", "EventEstablished", "EventHeld")) {
            int seq = SEQ.incrementAndGet();
            records.add(call("acme", type, seq));
            if (!type.equals("EventHeld")) {
                expected.add(seq);
            }
        }
        harness.kafka().produce(records);
        await().atMost(WAIT).until(() -> seqs("/acme/crm").containsAll(expected));
        List<Integer> all = allSeqs("/acme/crm");
        assertThat(all).as("no event delivered twice across the update").doesNotHaveDuplicates();
        assertThat(seqs("/acme/crm")).containsAll(before).containsAll(expected);
    }

    @Test
    @Order(4)
    void pruneDeletesTheConnectorOfARemovedEndpoint() throws IOException {
        Files.delete(configs.resolve("endpoints/globex/crm.json"));
        CliRun plan = cli("plan");
        assertThat(plan.out()).contains("  es-globex-crm is not in the files any more (apply --prune deletes it)",
            "No changes: the cluster matches the files.");
        CliRun apply = cli("apply", "--prune");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("- es-globex-crm: delete", "es-globex-crm  deleted");
        assertThat(connect().status("es-globex-crm")).isEmpty();
    }

    @Test
    @Order(5)
    void aNewEndpointStartsAtLatest() throws IOException {
        List<TestRecord> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(agent("acme", "EventAgentLogin", SEQ.incrementAndGet()));
        }
        harness.kafka().produce(old);
        Files.writeString(configs.resolve("endpoints/acme/audit.json"), """
            {"$schema": "../../schemas/endpoint.schema.json", "tenant": "acme", "name": "audit", "type": "https",
             "url": "%s", "topics": ["voice-agentstate"]}""".formatted(receiver.url("/acme/audit")));
        CliRun apply = cli("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        harness.rest().awaitRunning("es-acme-audit", 1, WAIT);
        awaitPositions("acme", "/acme/audit", "EventAgentLogin");
        Set<Integer> oldSeqs = new TreeSet<>();
        old.forEach(r -> oldSeqs.add(seqOf(r)));
        assertThat(seqs("/acme/audit")).doesNotContainAnyElementsOf(oldSeqs);
    }

    @Test
    @Order(6)
    void aPausedEndpointIsPausedUntilItsStateSaysRunning() {
        CliRun status = cli("status", "globex/support");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("es-globex-support\\s+PAUSED\\s+0/\\d");
        harness.kafka().produce(List.of(chat("globex", "ChatStarted", SEQ.incrementAndGet())));
        assertThat(requests("/globex/support")).isEmpty();

        edit("endpoints/globex/support.json", json -> json.put("state", "running"));
        CliRun plan = cli("plan");
        assertThat(plan.out()).contains("~ es-globex-support: PAUSED -> RUNNING", "0 to update, 0 to delete, 1 state change.");
        assertThat(cli("apply").exitCode()).isZero();
        harness.rest().awaitRunning("es-globex-support", 1, WAIT);
        awaitPositions("globex", "/globex/support", "ChatStarted");
        ReceivedRequest request = requests("/globex/support").get(0);
        assertThat(request.header("x-api-key")).isEqualTo("api-key-1");
        assertThat(request.header("authorization")).isEqualTo("Bearer globex-token");
        assertThat(request.bodyAsString()).doesNotContain("jane@mail.example");
    }

    @Test
    @Order(7)
    void withDemuxTwoTenantsGetOnlyTheirEventsThroughPerTenantTopics() throws IOException {
        Files.writeString(configs.resolve("endpoints/globex/crm.json"), globexCrm());
        edit("deployment.json", json -> json.put("fanOut", "demux"));
        CliRun apply = cli("apply", "--prune");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("+ es-demux-voice-callthread: create (RUNNING)", "+ es-demux-voice-agentstate: create (RUNNING)",
            "Created topic voice-callthread.acme", "Created topic voice-callthread.globex", "~ es-acme-crm: update",
            "    ~ topics: \"voice-agentstate,voice-callthread\" -> \"voice-agentstate.acme,voice-callthread.acme\"");
        harness.rest().awaitRunning("es-demux-voice-callthread", 1, WAIT);
        harness.rest().awaitRunning("es-acme-crm", 1, WAIT);
        harness.rest().awaitRunning("es-globex-crm", 1, WAIT);
        awaitPositions("acme", "/acme/crm", "EventEstablished");
        awaitPositions("globex", "/globex/crm", "EventEstablished");

        List<TestRecord> records = new ArrayList<>();
        Set<Integer> acme = new TreeSet<>();
        Set<Integer> globex = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            int a = SEQ.incrementAndGet();
            int g = SEQ.incrementAndGet();
            records.add(call("acme", "EventEstablished", a));
            records.add(call("globex", "EventEstablished", g));
            records.add(call("initech", "EventEstablished", SEQ.incrementAndGet()));
            acme.add(a);
            globex.add(g);
        }
        harness.kafka().produce(records);
        await().atMost(WAIT).until(() -> seqs("/acme/crm").containsAll(acme) && seqs("/globex/crm").containsAll(globex));
        assertThat(seqsSince("/acme/crm", acme)).containsExactlyElementsOf(acme);
        assertThat(seqsSince("/globex/crm", globex)).containsExactlyElementsOf(globex);
        requests("/acme/crm").forEach(r -> r.bodyAsJson().forEach(e -> assertThat(e.get("tenant").asText()).isEqualTo("acme")));
        assertThat(harness.kafka().endOffsetSum("voice-callthread.acme")).isGreaterThanOrEqualTo(10);
        assertThat(cli("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    @Order(8)
    void aFailedTaskShowsItsTraceAndRestartFailedBringsItBack() throws IOException {
        Path regions = temp.resolve("regions-later.json");
        edit("deployment.json", json -> ((ObjectNode) json.get("regionMap")).put("file", regions.toString()));
        assertThat(cli("apply").exitCode()).isZero();
        await().atMost(WAIT).until(() -> taskState("es-acme-crm").equals("FAILED"));

        CliRun status = cli("status", "acme/crm");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(status.out()).containsPattern("es-acme-crm\\s+RUNNING\\s+0/1")
            .contains("es-acme-crm task 0 FAILED on ").contains(regions.toString());
        CliRun json = cli("status", "acme/crm", "-o", "json");
        assertThat(json.json().at("/connectors/0/tasks/0/trace/0").asText()).contains("region");

        Files.writeString(regions, "{\"acme\": \"eu-west\", \"globex\": \"eu-west\"}");
        CliRun restart = cli("restart", "--failed");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("es-acme-crm");
        await().atMost(WAIT).until(() -> taskState("es-acme-crm").equals("RUNNING"));
        CliRun healthy = cli("status", "acme", "-o", "json");
        assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
        assertThat(healthy.json().at("/connectors/1/connector").asText()).isEqualTo("es-acme-crm");
        assertThat(java.time.Instant.parse(healthy.json().at("/connectors/1/lastSettledRecordTime").asText()))
            .isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
        // The sinks publish their usage every 5 s: the last minute acme/crm delivered in comes from there.
        await().atMost(WAIT).until(() -> !cli("status", "acme", "-o", "json").json().at("/connectors/1/lastDeliveryMinute").isNull());
        java.time.Instant lastDelivery = java.time.Instant.parse(
            cli("status", "acme", "-o", "json").json().at("/connectors/1/lastDeliveryMinute").asText());
        assertThat(lastDelivery).isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)))
            .isBeforeOrEqualTo(java.time.Instant.now()).matches(minute -> minute.getEpochSecond() % 60 == 0, "a minute's start");
        assertThat(cli("status", "acme").out())
            .containsPattern("es-acme-crm\\s+RUNNING\\s+1/1\\s+0\\s+\\d+\\s+20\\d\\d-\\S+\\s+20\\d\\d-");
    }

    @Test
    @Order(9)
    void deleteRemovesOneEndpointsConnectorAndNeverAnotherOne() {
        CliRun delete = cli("delete", "acme/audit");
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).isEqualTo("Deleted es-acme-audit (its file endpoints/acme/audit.json is still there: "
            + "the next apply creates it again)\n");
        assertThat(connect().status("es-acme-audit")).isEmpty();

        harness.rest().putConnectorConfig("es-initech-manual", Map.of(
            "connector.class", "dev.eventstream.connect.http.HttpsSinkConnector", "topics", CALLTHREAD,
            "http.url", receiver.url("/initech"), "tasks.max", "1"));
        await().atMost(WAIT).until(() -> connect().connectors().containsKey("es-initech-manual"));
        CliRun refused = cli("delete", "initech/manual");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).isEqualTo("Error: Connector es-initech-manual was not created by eventstream; not deleting it\n");
        assertThat(cli("plan", "--prune", "--detailed-exitcode").out()).doesNotContain("es-initech-manual");
        assertThat(cli("delete", "acme/nothing").err()).startsWith("Error: No connector es-acme-nothing on http");
    }

    @Test
    @Order(10)
    void applyDryRunPrintsThePlanAndTheTopicsItWouldCreateAndChangesNothing() throws Exception {
        Path newEndpoint = configs.resolve("endpoints/acme/dryrun.json");
        Files.writeString(newEndpoint, """
            {"$schema": "../../schemas/endpoint.schema.json", "tenant": "acme", "name": "dryrun", "type": "https",
             "url": "%s", "topics": ["voice-agentstate"]}""".formatted(receiver.url("/acme/dryrun")));
        try {
            Map<String, Map<String, String>> configsBefore = liveConfigs();
            Map<String, String> statesBefore = liveStates();
            Set<String> topicsBefore = topics();

            CliRun text = cli("apply", "--dry-run");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("+ es-acme-dryrun: create (RUNNING)\n", "Would create topic es-dlq-acme-dryrun\n")
                .endsWith("Dry run: the cluster accepts every config; nothing was changed.\n")
                .doesNotContain("Created topic", "Apply complete");
            assertThat(text.err()).as("no progress line: nothing is applied").isEmpty();

            CliRun json = cli("apply", "--dry-run", "--output", "json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            assertThat(json.json().get("dryRun").asBoolean()).isTrue();
            assertThat(json.json().get("changes")).anySatisfy(change -> {
                assertThat(change.get("connector").asText()).isEqualTo("es-acme-dryrun");
                assertThat(change.get("action").asText()).isEqualTo("create");
            });
            assertThat(json.json().get("topicsToCreate")).extracting(JsonNode::asText).contains("es-dlq-acme-dryrun");
            assertThat(json.json().get("validationErrors").isEmpty()).isTrue();

            assertThat(liveConfigs()).as("connector configs after two dry runs").isEqualTo(configsBefore);
            assertThat(liveStates()).as("connector states after two dry runs").isEqualTo(statesBefore);
            assertThat(topics()).as("topics after two dry runs").isEqualTo(topicsBefore).doesNotContain("es-dlq-acme-dryrun");
            assertThat(cli("plan", "--detailed-exitcode").exitCode()).as("the change is still pending").isEqualTo(ExitCodes.CHANGES_PENDING);
        } finally {
            Files.delete(newEndpoint);
        }
    }

    @Test
    @Order(11)
    void anUnreachableKafkaExitsWithThreeNamingTheBootstrapServers() throws IOException {
        String servers;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            servers = "127.0.0.1:" + socket.getLocalPort();
        }
        CliRun status = cli("status", "acme", "--bootstrap-servers", servers, "--timeout", "2");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(status.err()).startsWith("Error: ").contains(servers).hasLineCount(1);
    }

    @Test
    @Order(12)
    void dlqShowsADeadLetteredRecordWithWhereItCameFromAndWhy() throws Exception {
        CliRun empty = cli("dlq", "globex/crm");
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(empty.out()).isEqualTo("es-dlq-globex-crm: 0 record(s)\n");

        String key = "acme:call-bad-" + SEQ.incrementAndGet();
        harness.kafka().produce(List.of(TestRecord.json(CALLTHREAD, "{\"id\":\"EventEstablished\",\"ANI\":").withKey(key)));
        await().atMost(WAIT).until(() -> cli("dlq", "acme/crm").out().contains(key));

        CliRun text = cli("dlq", "acme/crm");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("es-dlq-acme-crm: ").contains("DLQ OFFSET", "REASON");
        String row = text.out().lines().filter(line -> line.contains(key)).findFirst().orElseThrow();
        assertThat(row).containsPattern("voice-callthread(\\.acme)?-\\d+@\\d+\\s+TRANSFORMATION\\s+" + key)
            .contains("DataException: ").contains("not well-formed JSON").doesNotContain("\"ANI\"");

        CliRun json = cli("dlq", "acme/crm", "--values", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.json().get("topic").asText()).isEqualTo("es-dlq-acme-crm");
        JsonNode record = null;
        for (JsonNode r : json.json().get("records")) {
            if (r.get("key").asText().equals(key)) {
                record = r;
            }
        }
        assertThat(record).as(json.out()).isNotNull();
        assertThat(record.get("value").asText()).isEqualTo("{\"id\":\"EventEstablished\",\"ANI\":");
        assertThat(record.at("/errors/__connect.errors.connector.name").asText()).isEqualTo("es-acme-crm");
        assertThat(record.get("errors").has("__connect.errors.exception.stacktrace")).isFalse();

        Path neverApplied = configs.resolve("endpoints/acme/neverapplied.json");
        Files.writeString(neverApplied, """
            {"$schema": "../../schemas/endpoint.schema.json", "tenant": "acme", "name": "neverapplied", "type": "https",
             "url": "%s", "topics": ["voice-agentstate"]}""".formatted(receiver.url("/acme/neverapplied")));
        try {
            CliRun missing = cli("dlq", "acme/neverapplied");
            assertThat(missing.exitCode()).as(missing.toString()).isZero();
            assertThat(missing.out()).isEqualTo("No topic es-dlq-acme-neverapplied yet: nothing of es-acme-neverapplied was dead-lettered.\n");
            assertThat(topics()).as("reading a DLQ never creates it").doesNotContain("es-dlq-acme-neverapplied");
        } finally {
            Files.delete(neverApplied);
        }

        CliRun usage = cli("dlq", "acme");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(usage.err()).isEqualTo("Error: dlq takes TENANT/ENDPOINT, e.g. acme/crm\n");
    }

    // ---- the configuration directory of this test: the examples, pointed at the receiver and this cluster

    private static Path itConfigs() throws IOException {
        Path source = Path.of("..", "connector-configs").toAbsolutePath().normalize();
        Path dir = temp.resolve("configs");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        // Endpoints the receiver can stand in for: acme/crm (OAuth2, signing), globex/support (bearer, secret header).
        Files.delete(dir.resolve("endpoints/acme/billing.json"));
        Files.delete(dir.resolve("endpoints/globex/lake.json"));
        Files.writeString(dir.resolve("endpoints/globex/crm.json"), globexCrm());

        Path secrets = temp.resolve("secrets.properties");
        String whsec = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Files.writeString(secrets, String.join("\n", "acme.crm=client-secret-1", "acme.crm.whsec=" + whsec,
            "pii.hash=pseudonymization-key-0123456789abcdef", "globex.support.token=globex-token", "globex.support.apikey=api-key-1"));
        Path regions = temp.resolve("regions.json");
        Files.writeString(regions, "{\"acme\": \"eu-west\", \"globex\": \"eu-west\", \"acme2\": \"eu-west\", \"initech\": \"us-east\"}");
        String pem = receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString();

        configs = dir;
        edit("deployment.json", json -> {
            json.withObjectProperty("connect").put("url", harness.rest().baseUrl().toString());
            json.withObjectProperty("kafka").put("bootstrapServers", harness.bootstrapServers()).put("replicationFactor", 1);
            json.withObjectProperty("regionMap").put("file", regions.toString()).put("refreshIntervalMs", 1000).put("startupTimeoutMs", 2000);
            json.withObjectProperty("pii").put("hashSecret", "${file:" + secrets + ":pii.hash}");
            json.withObjectProperty("demux").put("tasks", 1);
            json.withObjectProperty("defaults").put("tasks", 1).withObjectProperty("batching").put("lingerMs", 20);
            ObjectNode truststore = json.withObjectProperty("defaults").withObjectProperty("tls").withObjectProperty("truststore");
            truststore.removeAll();
            truststore.put("location", pem).put("type", "PEM");
        });
        edit("endpoints/acme/crm.json", json -> {
            json.put("url", receiver.url("/acme/crm"));
            json.withObjectProperty("auth").put("tokenUrl", receiver.url("/token")).put("clientSecret", "${file:" + secrets + ":acme.crm}");
            json.withObjectProperty("signing").put("secret", "${file:" + secrets + ":acme.crm.whsec}");
        });
        edit("endpoints/globex/support.json", json -> {
            json.put("url", receiver.url("/globex/support"));
            json.withObjectProperty("auth").put("token", "${file:" + secrets + ":globex.support.token}");
            ((ObjectNode) json.get("headers").get(0)).put("value", "${file:" + secrets + ":globex.support.apikey}");
        });
        return dir;
    }

    private static String globexCrm() {
        return """
            {"$schema": "../../schemas/endpoint.schema.json", "tenant": "globex", "name": "crm", "type": "https",
             "url": "%s", "topics": ["voice-callthread"], "events": {"include": ["EventEstablished"]}}"""
            .formatted(receiver.url("/globex/crm"));
    }

    private static void edit(String file, Consumer<ObjectNode> change) {
        try {
            Path path = configs.resolve(file);
            ObjectNode json = (ObjectNode) MAPPER.readTree(path.toFile());
            change.accept(json);
            Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the command and appends it, with its output, to target/control-plane-it-transcript.txt (the docs quote it). */
    private static CliRun cli(String... args) {
        CliRun run = CliRun.run(env, args);
        try {
            Files.writeString(TRANSCRIPT, "$ eventstream " + String.join(" ", args) + "\n" + run.out() + run.err()
                + "(exit " + run.exitCode() + ")\n\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return run;
    }

    // ---- events

    private static TestRecord call(String tenant, String type, int seq) {
        return TestRecord.json(CALLTHREAD, "{\"id\":\"" + type + "\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\","
            + "\"ANI\":\"+4930" + seq + "\",\"DNIS\":\"+18005550199\",\"OtherDN\":\"+4930999\","
            + "\"UserData\":{\"CreditCard\":\"4111111111" + seq + "\",\"Language\":\"en\"},"
            + "\"Extensions\":{\"CustomerEmail\":\"c" + seq + "@mail.example\",\"internal\":\"x\"}}")
            .withKey(tenant + ":call-" + seq).withPartition(seq % 3);
    }

    private static TestRecord agent(String tenant, String type, int seq) {
        return TestRecord.json(AGENTSTATE, "{\"id\":\"" + type + "\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\","
            + "\"ANI\":\"+4930" + seq + "\",\"UserData\":{\"CustomerName\":\"Jane Doe\"}}")
            .withKey(tenant + ":agent-" + seq).withPartition(seq % 3);
    }

    private static TestRecord chat(String tenant, String type, int seq) {
        return TestRecord.json(tenant + ".chat-events", "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\","
            + "\"Customer\":{\"Email\":\"jane@mail.example\"}}").withKey("chat-" + seq);
    }

    private static int seqOf(TestRecord record) {
        try {
            return MAPPER.readTree(record.value()).get("seq").asInt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * New connectors start at the latest offset, fixed when their consumer first polls: markers go to every
     * partition of the topics until one of each reached the endpoint, so what a test produces next is after it.
     */
    private static void awaitPositions(String tenant, String path, String type) {
        Set<String> partitionsSeen = new TreeSet<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<TestRecord> markers = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int seq = SEQ.incrementAndGet();
                if (type.startsWith("Chat")) {
                    markers.add(chat(tenant, type, seq));
                    break;
                }
                TestRecord marker = type.startsWith("EventAgent") ? agent(tenant, type, seq) : call(tenant, type, seq);
                markers.add(marker.withPartition(p));
            }
            harness.kafka().produce(markers);
            for (ReceivedRequest request : requests(path)) {
                request.bodyAsJson().forEach(e -> partitionsSeen.add(e.has("type") ? "chat" : String.valueOf(e.get("seq").asInt() % 3)));
            }
            return partitionsSeen.size() >= (type.startsWith("Chat") ? 1 : 3);
        });
    }

    private static Map<String, Map<String, String>> liveConfigs() {
        Map<String, Map<String, String>> configs = new java.util.TreeMap<>();
        connect().connectors().forEach((name, live) -> configs.put(name, live.config()));
        return configs;
    }

    private static Map<String, String> liveStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        connect().connectors().forEach((name, live) -> states.put(name, live.status() == null ? "?" : live.status().state()));
        return states;
    }

    private static Set<String> topics() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", harness.bootstrapServers()))) {
            return new TreeSet<>(admin.listTopics().names().get());
        }
    }

    private static String taskState(String connector) {
        return connect().status(connector).filter(s -> !s.tasks().isEmpty()).map(s -> s.tasks().get(0).state()).orElse("NONE");
    }

    private static ConnectClient connect() {
        return new ConnectClient(ConnectSettings.of(harness.rest().baseUrl().toString()));
    }

    private static List<ReceivedRequest> requests(String path) {
        return receiver.acceptedRequests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private static List<Integer> allSeqs(String path) {
        List<Integer> seqs = new ArrayList<>();
        requests(path).forEach(r -> r.bodyAsJson().forEach(e -> seqs.add(e.get("seq").asInt())));
        return seqs;
    }

    private static Set<Integer> seqs(String path) {
        return new TreeSet<>(allSeqs(path));
    }

    /** The delivered seqs from the smallest expected one on (markers sent before are left out). */
    private static Set<Integer> seqsSince(String path, Set<Integer> expected) {
        int first = expected.iterator().next();
        Set<Integer> since = new TreeSet<>(seqs(path));
        since.removeIf(s -> s < first);
        return since;
    }
}
