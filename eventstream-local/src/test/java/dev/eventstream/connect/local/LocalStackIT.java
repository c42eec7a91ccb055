package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./eventstream-local.sh}, started as a newcomer starts it (on free ports and a fresh state
 * directory, without a build): what the demo endpoints receive, how it stops on Ctrl-C (SIGINT), and that a
 * second start resumes where the first stopped.
 */
class LocalStackIT {

    private static final Path REPO = Path.of(System.getProperty("eventstream.repo.dir", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIRST_EVENT = Pattern.compile("first event delivered ([0-9.]+) s after the command");
    /** acme/crm subscribes to EventEstablished, EventReleased and EventAgent* except EventAgentAfterCallWork. */
    private static final Pattern CRM_EVENTS = Pattern.compile("EventEstablished|EventReleased|EventAgent(?!AfterCallWork).*");

    @TempDir
    Path work;

    private Process stack;

    @AfterEach
    void killLeftovers() {
        if (stack != null && stack.isAlive()) {
            stack.destroyForcibly();
        }
    }

    @Test
    void deliversEachTenantOnlyItsEventsWithoutPiiStopsOnCtrlCAndResumes() throws Exception {
        Path state = work.resolve("state");
        List<String> ports = List.of("--kafka-port=" + freePort(), "--customer-kafka-port=" + freePort(),
            "--connect-port=" + freePort(), "--receiver-port=" + freePort());
        Path crmEvents = state.resolve("receiver/acme-crm.ndjson");

        // First start: fresh state directory.
        Path firstOutput = work.resolve("first.out");
        start(state, ports, firstOutput);
        await().atMost(Duration.ofSeconds(90)).until(() -> output(firstOutput).contains("Event Stream local stack is up"));
        // The customer's topic appears with the first delivery: until then, reading it fails.
        await().atMost(Duration.ofSeconds(45)).ignoreExceptions()
            .until(() -> lines(crmEvents).size() >= 40 && customerEvents(state).size() >= 10);
        assertThat(output(firstOutput)).containsPattern(FIRST_EVENT).contains("es-acme-crm  created (RUNNING)")
            .contains("es-globex-lake  created (RUNNING)").as("no Jersey false alarm on the console").doesNotContain("will be ignored");
        List<JsonNode> lake = customerEvents(state);
        assertRestApiAndUsage(firstOutput, ports, crmEvents);

        long stopTook = interruptAndAwaitExit();
        assertThat(stopTook).as("milliseconds from SIGINT to exit").isLessThan(15_000);
        assertThat(output(firstOutput)).contains("Event Stream local stack stopped in");
        assertThat(processesOnPorts(ports)).as("nothing left listening").isEmpty();

        List<JsonNode> firstRun = lines(crmEvents);
        assertOnlyAcmesSubscribedEventsWithoutPii(firstRun);
        assertEveryRequestGzippedAndValidlySigned(state);
        assertThat(lake).allSatisfy(event -> {
            assertThat(event.path("tenantId").asText()).isEqualTo("globex");
            assertThat(event.path("id").asText()).startsWith("EventAgent");
            assertThat(PiiDetector.count(event.toString())).isZero();
        });
        assertThat(customerTopicBatchCompression(state)).containsOnly(CompressionType.ZSTD);

        // Second start: same state directory; the connectors resume from their committed offsets.
        Path secondOutput = work.resolve("second.out");
        start(state, ports, secondOutput);
        await().atMost(Duration.ofSeconds(90)).until(() -> lines(crmEvents).size() >= firstRun.size() + 10);
        assertThat(output(secondOutput)).contains("es-acme-crm  unchanged").containsPattern(FIRST_EVENT);
        assertThat(interruptAndAwaitExit()).isLessThan(15_000);

        List<JsonNode> bothRuns = lines(crmEvents);
        Set<String> ids = new HashSet<>();
        List<String> deliveredTwice = new ArrayList<>();
        for (JsonNode event : bothRuns) {
            if (!ids.add(event.path("eventId").asText())) {
                deliveredTwice.add(event.path("eventId").asText());
            }
        }
        assertThat(deliveredTwice).as("events delivered again after a clean stop and restart").isEmpty();
        assertOnlyAcmesSubscribedEventsWithoutPii(bothRuns.subList(firstRun.size(), bothRuns.size()));
        System.out.printf("local stack: first event %s s after the command on a fresh state, %s s on the second start%n",
            firstEventSeconds(firstOutput), firstEventSeconds(secondOutput));
    }

    /**
     * The bundle ships the Event Stream REST API, so the stack's worker serves it on the demo configuration; the
     * sinks publish usage every 5 s, so acme's crm endpoint shows delivered records in the usage route, never more
     * than its receiver has by then, and globex's Kafka endpoint shows its deliveries too.
     */
    private static void assertRestApiAndUsage(Path output, List<String> ports, Path crmEvents) throws Exception {
        assertThat(output(output)).doesNotContain("REST extension       none in this bundle");
        String base = "http://localhost:" + ports.get(2).substring(ports.get(2).indexOf('=') + 1) + "/eventstream";
        assertThat(get(base + "/schemas")).contains("\"voice-callthread\"").contains("\"voice-agentstate\"");
        assertThat(get(base + "/endpoints/acme/crm")).contains("\"tenant\":\"acme\"");
        String crmUsage = base + "/usage?tenant=acme&endpoint=crm";
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(crmUsage)).path("total").path("records").asLong() > 0);
        JsonNode total = JSON.readTree(get(crmUsage)).path("total");
        assertThat(total.path("records").asLong()).as("usage records of acme/crm").isLessThanOrEqualTo(lines(crmEvents).size());
        assertThat(total.path("wireBytes").asLong()).as("gzip bytes on the wire").isPositive()
            .isLessThan(total.path("jsonBytes").asLong());
        String lakeUsage = base + "/usage?tenant=globex&endpoint=lake";
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(lakeUsage)).path("total").path("records").asLong() > 0);
    }

    private static String get(String url) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " answered " + response.body()).isEqualTo(200);
        return response.body();
    }

    private void start(Path state, List<String> ports, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("eventstream-local.sh").toString(),
            "--state-dir=" + state, "--rate=40", "--status-interval=2"));
        command.addAll(ports);
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("EVENTSTREAM_LOCAL_BUILD", "never");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        stack = builder.start();
    }

    /** Ctrl-C: SIGINT to the stack's JVM (the script execs it); the time until it has exited. */
    private long interruptAndAwaitExit() throws Exception {
        long began = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(stack.pid())).inheritIO().start().waitFor();
        assertThat(stack.waitFor(30, TimeUnit.SECONDS)).as("the stack exits after SIGINT").isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    }

    private static void assertOnlyAcmesSubscribedEventsWithoutPii(List<JsonNode> events) {
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.path("tenantId").asText()).isEqualTo("acme");
            assertThat(event.path("id").asText()).matches(CRM_EVENTS);
            assertThat(PiiDetector.count(event.toString())).as(event.toString()).isZero();
            for (String masked : List.of("ANI", "DNIS", "OtherDN")) {
                if (event.has(masked)) {
                    assertThat(event.path(masked).asText()).isEqualTo("****");
                }
            }
            assertThat(event.path("UserData").has("CreditCard")).isFalse();
            assertThat(event.path("Extensions").has("internal")).isFalse();
        });
        assertThat(events).anySatisfy(event -> assertThat(event.path("ANI").asText()).isEqualTo("****"));
        assertThat(events).anySatisfy(event -> assertThat(event.path("Extensions").path("CustomerEmail").asText()).matches("[0-9a-f]{64}"));
    }

    private static void assertEveryRequestGzippedAndValidlySigned(Path state) throws IOException {
        List<String> requests = Files.readAllLines(state.resolve("receiver/requests.log"));
        assertThat(requests).isNotEmpty().allSatisfy(line -> assertThat(line)
            .contains(" acme/crm ").contains("encoding=gzip").contains("signature=valid").doesNotContain("credentials"));
    }

    /** Everything on the demo customer's topic, read over TLS as the customer would. */
    private static List<JsonNode> customerEvents(Path state) throws IOException {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(state.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        Map<String, Object> config = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(state.resolve("customer-kafka/server.properties")),
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, state.resolve("tls/truststore.p12").toString(),
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, secrets.getProperty("truststore"));
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("genesys-events", Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(JSON.readTree(record.value()));
                }
            }
        }
        return events;
    }

    /** The compression of every record batch in the customer topic's log segments. */
    private static Set<CompressionType> customerTopicBatchCompression(Path state) throws IOException {
        Set<CompressionType> types = new HashSet<>();
        try (DirectoryStream<Path> partitions = Files.newDirectoryStream(state.resolve("customer-kafka"), "genesys-events-*")) {
            for (Path partition : partitions) {
                try (DirectoryStream<Path> segments = Files.newDirectoryStream(partition, "*.log")) {
                    for (Path segment : segments) {
                        try (FileRecords records = FileRecords.open(segment.toFile())) {
                            for (RecordBatch batch : records.batches()) {
                                types.add(batch.compressionType());
                            }
                        }
                    }
                }
            }
        }
        assertThat(types).as("batches on the customer's cluster").isNotEmpty();
        return types;
    }

    private static String bootstrap(Path serverProperties) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(serverProperties)) {
            props.load(reader);
        }
        Matcher ssl = Pattern.compile("SSL://(localhost:\\d+)").matcher(props.getProperty("advertised.listeners"));
        assertThat(ssl.find()).isTrue();
        return ssl.group(1);
    }

    private static List<JsonNode> lines(Path ndjson) {
        if (Files.notExists(ndjson)) {
            return List.of();
        }
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(ndjson, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String output(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String firstEventSeconds(Path output) throws IOException {
        Matcher matcher = FIRST_EVENT.matcher(output(output));
        return matcher.find() ? matcher.group(1) : "?";
    }

    /** Ports of the list that something still listens on. */
    private static List<String> processesOnPorts(List<String> options) {
        List<String> busy = new ArrayList<>();
        for (String option : options) {
            int port = Integer.parseInt(option.substring(option.indexOf('=') + 1));
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(port));
            } catch (IOException e) {
                busy.add(option);
            }
        }
        return busy;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
