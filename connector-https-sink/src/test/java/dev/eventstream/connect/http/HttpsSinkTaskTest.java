package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.testing.TestSinkTaskContext;
import dev.eventstream.connect.usage.DeliveredOffsets;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageMeter;
import dev.eventstream.connect.usage.UsageRecorder;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The task and its pipeline against an HTTPS MockWebServer. */
class HttpsSinkTaskTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @TempDir
    Path dir;

    private MockWebServer server;
    private Path truststore;
    private HttpsSinkTask task;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The requests answered with a 2xx. */
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> consumed = new java.util.HashMap<>();
    /** The task's usage, as its recorder counted it (nothing is published in these tests). */
    private final UsageMeter meter = new UsageMeter("es-acme-crm", 0);
    private final DeliveredOffsets deliveredOffsets = new DeliveredOffsets();
    /** The delivered-offset marks earlier task instances published, as the task reads them when it opens partitions. */
    private Map<TopicPartition, Long> earlierMarks = Map.of();

    record Received(RecordedRequest request, String body, long atNanos) {
    }

    @BeforeEach
    void start() throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder()
                .heldCertificate(certificate).build();
        server = new MockWebServer();
        server.useHttps(serverCerts.sslSocketFactory(), false);
        server.start();
        truststore = dir.resolve("ca.pem");
        Files.writeString(truststore, certificate.certificatePem());
    }

    @AfterEach
    void stop() throws IOException {
        if (task != null) {
            task.stop();
        }
        server.shutdown();
    }

    private void respond(Function<Received, MockResponse> responder) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Received r = new Received(request, gunzip(request), System.nanoTime());
                if (!request.getPath().startsWith("/token")) {
                    received.add(r);
                }
                MockResponse response = responder.apply(r);
                if (!request.getPath().startsWith("/token") && response.getStatus().split(" ")[1].startsWith("2")) {
                    accepted.add(r);
                }
                return response;
            }
        });
    }

    private static String gunzip(RecordedRequest request) {
        byte[] bytes = request.getBody().readByteArray();
        if (!"gzip".equals(request.getHeader("Content-Encoding"))) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> props(String... overrides) {
        Map<String, String> props = Records.config(server.url("/hook").toString());
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PEM");
        props.put("batch.linger.ms", "0");
        props.put("retry.backoff.initial.ms", "10");
        props.put("retry.backoff.max.ms", "50");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return props;
    }

    private TestSinkTaskContext startTask(boolean reporter, Map<String, String> props) {
        TestSinkTaskContext context = new TestSinkTaskContext(reporter, P0, P1);
        task = new HttpsSinkTask((settings, connector, index) -> new UsageRecorder(meter, deliveredOffsets,
                () -> earlierMarks, System::currentTimeMillis));
        task.initialize(context);
        task.start(props);
        task.open(context.assignment());
        return context;
    }

    private static List<SinkRecord> records(TopicPartition tp, int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(Records.map(tp.topic(), tp.partition(), i, tp.partition() + "-" + i));
        }
        return out;
    }

    /** Hands records to the task as Connect does, and remembers how far Connect consumed each partition. */
    private void put(List<SinkRecord> records) {
        task.put(records);
        for (SinkRecord r : records) {
            consumed.put(new TopicPartition(r.originalTopic(), r.originalKafkaPartition()),
                    new OffsetAndMetadata(r.originalKafkaOffset() + 1));
        }
    }

    /** preCommit with the consumed offsets of the assigned partitions that Connect consumed from. */
    private Map<TopicPartition, OffsetAndMetadata> commit() {
        return task.preCommit(Map.copyOf(consumed));
    }

    private List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        for (Received r : received) {
            if (r.request.getPath().startsWith("/hook") && r.body.startsWith("[")) {
                try {
                    for (JsonNode n : MAPPER.readTree(r.body)) {
                        ids.add(n.get("id").asText());
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return ids;
    }

    @Test
    void deliversSignedGzipBatchesInOrderAndCommitsOnlyDelivered() throws Exception {
        respond(r -> new MockResponse().setResponseCode(200));
        TestSinkTaskContext context = startTask(true, props("batch.max.records", "4", "signing.secret", SECRET,
                "http.headers", "X-Team:crm"));
        put(records(P0, 0, 10));
        put(records(P1, 0, 6));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().size() == 2
                && commit().get(P0).offset() == 10 && commit().get(P1).offset() == 6);
        List<String> ids = deliveredIds();
        assertThat(ids).hasSize(16);
        assertThat(ids.stream().filter(s -> s.startsWith("0-"))).containsExactly(
                "0-0", "0-1", "0-2", "0-3", "0-4", "0-5", "0-6", "0-7", "0-8", "0-9");
        RecordedRequest first = received.get(0).request;
        assertThat(first.getMethod()).isEqualTo("POST");
        assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(first.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(first.getHeader("User-Agent")).startsWith("eventstream-https-sink/");
        assertThat(first.getHeader("X-Team")).isEqualTo("crm");
        RequestSigner verifier = RequestSigner.create(new Password(SECRET), null);
        for (Received r : received) {
            byte[] body = r.body.getBytes(StandardCharsets.UTF_8);
            String id = r.request.getHeader("webhook-id");
            long ts = Long.parseLong(r.request.getHeader("webhook-timestamp"));
            assertThat(id).startsWith("msg_");
            assertThat(r.request.getHeader("webhook-signature")).isEqualTo(verifier.sign(id, ts, body, 0, body.length));
        }
        assertThat(context.metric("records-sent-total")).isEqualTo(16.0);
        assertThat(context.metric("requests-total")).isEqualTo(received.size());
        assertThat(usage("").records()).isEqualTo(16);
    }

    /** Every total the meter holds for {@code tenant}, added up. */
    private UsageCounts usage(String tenant) {
        return meter.pending().entrySet().stream().filter(e -> e.getKey().tenant().equals(tenant))
                .map(e -> e.getValue().counts()).reduce(UsageCounts.ZERO, UsageCounts::plus);
    }

    private static List<SinkRecord> ofTenant(String tenant, List<SinkRecord> records) {
        records.forEach(r -> r.headers().addBytes(EventStreamHeaders.TENANT, tenant.getBytes(StandardCharsets.UTF_8)));
        return records;
    }

    @Test
    void usageCountsRecordsJsonBytesAndWireBytesOfEveryAcceptedRequestPerTenant() {
        respond(r -> new MockResponse().setResponseCode(200));
        startTask(true, props("batch.max.records", "4"));
        put(ofTenant("acme", records(P0, 0, 10)));
        put(ofTenant("globex", records(P1, 0, 3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().size() == 2
                && commit().get(P0).offset() == 10 && commit().get(P1).offset() == 3);
        List<Received> acme = accepted.stream().filter(r -> r.body.contains("\"0-")).toList();
        List<Received> globex = accepted.stream().filter(r -> r.body.contains("\"1-")).toList();
        assertThat(usage("acme")).isEqualTo(new UsageCounts(10, jsonBytes(acme), wireBytes(acme), acme.size(), 0, 0, 0));
        assertThat(usage("globex")).isEqualTo(new UsageCounts(3, jsonBytes(globex), wireBytes(globex), 1, 0, 0, 0));
        assertThat(wireBytes(acme)).as("gzip: fewer bytes on the wire than JSON").isLessThan(jsonBytes(acme));
        assertThat(meter.pending().keySet()).filteredOn(key -> key.tenant().equals("acme")).isNotEmpty().allSatisfy(key -> {
            assertThat(key.endpoint()).isEqualTo("crm");
            assertThat(key.topic()).isEqualTo("orders");
        });
    }

    @Test
    void aBatchOfSeveralTenantsSharesItsBytesAmongThemAndLosesNone() {
        respond(r -> new MockResponse().setResponseCode(200));
        startTask(true, props("batch.max.records", "100"));
        List<SinkRecord> mixed = records(P0, 0, 6);
        for (int i = 0; i < mixed.size(); i++) {
            ofTenant(i < 4 ? "acme" : "globex", List.of(mixed.get(i)));
        }
        put(mixed);
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 6);
        UsageCounts acme = usage("acme");
        UsageCounts globex = usage("globex");
        assertThat(acme.records()).isEqualTo(4);
        assertThat(globex.records()).isEqualTo(2);
        assertThat(acme.jsonBytes() + globex.jsonBytes()).isEqualTo(jsonBytes(accepted));
        assertThat(acme.wireBytes() + globex.wireBytes()).isEqualTo(wireBytes(accepted));
        assertThat(acme.jsonBytes()).isGreaterThan(globex.jsonBytes());
        assertThat(acme.requests() + globex.requests()).isEqualTo(accepted.size());
    }

    @Test
    void usageCountsFailedAttemptsAndDeadLetteredRecords() {
        AtomicInteger calls = new AtomicInteger();
        respond(r -> r.body.contains("\"0-") ? (calls.incrementAndGet() <= 2 ? new MockResponse().setResponseCode(503)
                : new MockResponse().setResponseCode(200)) : new MockResponse().setResponseCode(400));
        startTask(true, props());
        put(ofTenant("acme", records(P0, 0, 3)));
        put(ofTenant("acme", records(P1, 0, 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 3 && commit().get(P1).offset() == 1);
        UsageCounts acme = usage("acme");
        assertThat(acme.records()).isEqualTo(3);
        assertThat(acme.requests()).as("three to deliver P0's batch, one for P1's record").isEqualTo(4);
        assertThat(acme.failedAttempts()).isEqualTo(3);
        assertThat(acme.dlq()).isEqualTo(1);
        assertThat(acme.wireBytes()).isEqualTo(wireBytes(accepted));
    }

    @Test
    void recordsAtOrBelowTheDeliveredOffsetMarksAreCountedAsRedelivered() {
        respond(r -> new MockResponse().setResponseCode(200));
        // an earlier instance delivered P0 up to offset 4, then died before the offsets were committed
        earlierMarks = Map.of(P0, 4L);
        startTask(true, props());
        put(ofTenant("acme", records(P0, 2, 6)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 8);
        assertThat(usage("acme").records()).isEqualTo(6);
        assertThat(usage("acme").redelivered()).as("offsets 2, 3 and 4").isEqualTo(3);
        assertThat(deliveredOffsets.unpublished()).containsEntry(P0, 7L);

        // the partition comes back after a rebalance and Connect redelivers from the last commit (offset 6)
        task.close(List.of(P0));
        task.open(List.of(P0));
        put(ofTenant("acme", records(P0, 6, 4)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 10);
        assertThat(usage("acme").records()).isEqualTo(10);
        assertThat(usage("acme").redelivered()).as("and 6 and 7, which this instance had delivered").isEqualTo(5);
    }

    private static long jsonBytes(List<Received> requests) {
        return requests.stream().mapToLong(r -> r.body.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    private static long wireBytes(List<Received> requests) {
        return requests.stream().mapToLong(r -> r.request.getBodySize()).sum();
    }

    @Test
    void commitsTheConsumedOffsetOfPartitionsWithNothingUnsettled() {
        respond(r -> new MockResponse().setResponseCode(200));
        startTask(true, props());
        // Connect consumed up to 500 of P0 and 7 of P1, and the chain filtered out every record
        task.put(List.of());
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(500), P1, new OffsetAndMetadata(7))))
                .containsEntry(P0, new OffsetAndMetadata(500)).containsEntry(P1, new OffsetAndMetadata(7));
        // 500..502 reach the sink and are delivered, 503..599 are filtered
        put(records(P0, 500, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveredIds().size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                new OffsetAndMetadata(600).equals(task.preCommit(Map.of(P0, new OffsetAndMetadata(600))).get(P0)));
    }

    @Test
    void neverCommitsPastAnUnsettledRecord() {
        respond(r -> new MockResponse().setResponseCode(503));
        startTask(true, props());
        // 0..9 were filtered, 10 reached the sink and cannot be delivered yet, 11..19 were filtered
        put(records(P0, 10, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(20), P1, new OffsetAndMetadata(4))))
                .containsEntry(P0, new OffsetAndMetadata(10)).containsEntry(P1, new OffsetAndMetadata(4));
    }

    @Test
    void queuesAndOffsetsFollowTheConsumedPartitionWhenATransformRenamedTheTopic() {
        // P0 keeps failing, P1 is delivered; a RegexRouter-like transform renamed both to one topic-partition
        respond(r -> r.body.contains("\"0-") ? new MockResponse().setResponseCode(503)
                : new MockResponse().setResponseCode(200));
        startTask(true, props());
        put(renamed(records(P0, 0, 5)));
        put(renamed(records(P1, 0, 5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P1).offset() == 5);
        assertThat(commit().get(P0).offset()).isZero();

        task.close(List.of(P0));
        consumed.remove(P0);
        long afterClose = requestsOf("0-");
        put(renamed(records(P1, 5, 5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P1).offset() == 10);
        assertThat(requestsOf("0-")).isEqualTo(afterClose);
    }

    private static List<SinkRecord> renamed(List<SinkRecord> records) {
        return records.stream().map(r -> r.newRecord("acme-events", 0, r.keySchema(), r.key(), r.valueSchema(),
                r.value(), r.timestamp())).toList();
    }

    @Test
    void retriesRetriableStatusesAndCommitsOnlyAfterSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CountDownLatch answerSuccess = new java.util.concurrent.CountDownLatch(1);
        respond(r -> {
            if (calls.incrementAndGet() <= 3) {
                return new MockResponse().setResponseCode(503);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> answerSuccess.getCount() == 0);
            return new MockResponse().setResponseCode(200);
        });
        TestSinkTaskContext context = startTask(true, props());
        put(records(P0, 0, 3));
        // three 503s answered, the fourth attempt is on the wire: nothing of P0 may commit yet
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 4);
        assertThat(commit().get(P0).offset()).isZero();
        answerSuccess.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 3);
        assertThat(calls.get()).isEqualTo(4);
        assertThat(context.reported).isEmpty();
        assertThat(context.metric("retries-total")).isEqualTo(3.0);
    }

    @Test
    void aRetryAfterBeyondTheRetryBudgetSendsTheBatchToTheDlqAtOnceWithTheReason() {
        respond(r -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "99999999999999999999"));
        TestSinkTaskContext context = startTask(true, props());
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 2);
        assertThat(received).hasSize(1);
        assertThat(context.reported).hasSize(2).allSatisfy(rep ->
                assertThat(rep.error().getMessage()).contains("HTTP 429", "Retry-After of more than a day"));
    }

    @Test
    void aRetryAfterHoldsEveryRequestOfThisJvmToThatEndpoint() {
        AtomicInteger calls = new AtomicInteger();
        respond(r -> calls.incrementAndGet() == 1
                ? new MockResponse().setResponseCode(429).setHeader("Retry-After", "2")
                : new MockResponse().setResponseCode(200));
        TestSinkTaskContext context = startTask(true, props());
        HttpsSinkTask otherTask = new HttpsSinkTask();
        TestSinkTaskContext otherContext = new TestSinkTaskContext(true, P0, P1);
        otherTask.initialize(otherContext);
        otherTask.start(props("name", "other-connector"));
        try {
            otherTask.open(otherContext.assignment());
            put(records(P0, 0, 1));
            // the 429 was answered and the sink took it in (it schedules its retry)
            await().atMost(Duration.ofSeconds(10)).until(() -> context.metric("retries-total") == 1.0);
            long askedAt = received.get(0).atNanos();
            // another partition of the same task, and another connector's task, to the same endpoint
            put(records(P1, 0, 1));
            otherTask.put(records(P1, 0, 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
            assertThat(received.subList(1, 4)).allSatisfy(r ->
                    assertThat(Duration.ofNanos(r.atNanos() - askedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1_950)));
        } finally {
            otherTask.stop();
        }
    }

    @Test
    void badRequestIsSplitUntilOnlyTheOffendingRecordGoesToTheDlq() {
        respond(r -> r.body.contains("\"0-5\"") ? new MockResponse().setResponseCode(400).setBody("bad record 0-5")
                : new MockResponse().setResponseCode(200));
        TestSinkTaskContext context = startTask(true, props("batch.max.records", "8"));
        put(records(P0, 0, 12));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 12);
        assertThat(context.reported).singleElement().satisfies(rep -> {
            assertThat(rep.record().kafkaOffset()).isEqualTo(5);
            assertThat(rep.error().getMessage()).contains("HTTP 400", "bad record 0-5", "1 attempt", "offset 5");
        });
        List<String> delivered = new ArrayList<>();
        accepted.forEach(r -> delivered.addAll(idsOf(r.body)));
        assertThat(delivered).containsExactly("0-0", "0-1", "0-2", "0-3", "0-4", "0-6", "0-7", "0-8", "0-9", "0-10",
                "0-11");
    }

    @Test
    void aRecordIsSettledOnlyOnceItsDlqWriteIsAcknowledged() {
        respond(r -> new MockResponse().setResponseCode(403));
        TestSinkTaskContext context = startTask(true, props());
        java.util.concurrent.CompletableFuture<Void> write = new java.util.concurrent.CompletableFuture<>();
        context.dlqWrite = record -> write;
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> context.reported.size() == 2);
        assertThat(commit().get(P0).offset()).isZero();
        write.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 2);
    }

    @Test
    void aFailedDlqWriteFailsTheTaskWithTheReason() {
        respond(r -> new MockResponse().setResponseCode(403));
        TestSinkTaskContext context = startTask(true, props());
        context.dlqWrite = record -> java.util.concurrent.CompletableFuture.failedFuture(
                new org.apache.kafka.common.errors.TopicAuthorizationException("Not authorized to access topics: [es-dlq-acme-crm]"));
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                        .hasMessageContaining("dead letter queue").hasMessageContaining("Not authorized")
                        .hasMessageContaining("HTTP 403"));
        assertThatThrownBy(this::commit).isInstanceOf(ConnectException.class);
    }

    @Test
    void anErrorOnASenderThreadFailsTheTaskInsteadOfHangingThePartition() {
        respond(r -> new MockResponse().setResponseCode(200));
        startTask(true, props());
        Map<String, Object> unrenderable = new java.util.LinkedHashMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                if (Thread.currentThread().getName().startsWith("eventstream-https-sender")) {
                    throw new NoClassDefFoundError("com/acme/MissingPluginClass");
                }
                return super.entrySet();
            }
        };
        put(List.of(Records.raw("orders", 0, 0, unrenderable)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                        .hasMessageContaining("NoClassDefFoundError").hasMessageContaining("com/acme/MissingPluginClass")
                        .hasMessageContaining("orders-0"));
    }

    @Test
    void refusedClientCredentialsFailTheTaskWithoutTheSecretInsteadOfDrainingTheTopicIntoTheDlq() {
        respond(r -> r.request.getPath().startsWith("/token")
                ? new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                        .setBody("{\"error\":\"invalid_client\",\"error_description\":\"secret wr0ng-s3cret is not valid\"}")
                : new MockResponse().setResponseCode(200));
        TestSinkTaskContext context = startTask(true, props("auth.type", "oauth2",
                "auth.oauth2.token.url", server.url("/token").toString(), "auth.oauth2.client.id", "es",
                "auth.oauth2.client.secret", "wr0ng-s3cret", "retry.timeout.ms", "1000"));
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                        .hasMessageContaining("invalid_client").hasMessageContaining("auth.oauth2.client.secret")
                        .hasMessageNotContaining("wr0ng-s3cret"));
        assertThat(context.reported).isEmpty();
        assertThat(received).isEmpty();
    }

    @Test
    void headerValuesAndTheUrlQueryAreNeitherLoggedNorWrittenToTheDlq() {
        AtomicInteger calls = new AtomicInteger();
        // a 503 first (a retry warning is logged), then 403 (the records go to the DLQ)
        respond(r -> new MockResponse().setResponseCode(calls.incrementAndGet() == 1 ? 503 : 403));
        TestSinkTaskContext context;
        try (LogCapture logs = new LogCapture("org.apache.kafka.common.config", "dev.eventstream.connect.http",
                "dev.eventstream.connect.common")) {
            Map<String, String> props = props("http.headers", "X-Team:team-hdr-value",
                    "http.headers.secret", "X-Api-Key:api-key-s3cret,X-Other:other-s3cret");
            props.put("http.url", server.url("/hook?token=query-s3cret").toString());
            context = startTask(true, props);
            put(records(P0, 0, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> context.reported.size() == 2);
            task.stop();
            task = null;
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains("team-hdr-value")
                    || line.contains("s3cret"));
            assertThat(logs.lines()).anyMatch(line -> line.contains("/hook?[hidden]"));
        }
        assertThat(context.reported).allSatisfy(rep -> assertThat(rep.error().getMessage())
                .contains("/hook?[hidden]", "HTTP 403").doesNotContain("s3cret"));
        RecordedRequest sent = received.get(0).request;
        assertThat(sent.getHeader("X-Api-Key")).isEqualTo("api-key-s3cret");
        assertThat(sent.getHeader("X-Other")).isEqualTo("other-s3cret");
        assertThat(sent.getHeader("X-Team")).isEqualTo("team-hdr-value");
        assertThat(sent.getRequestUrl().queryParameter("token")).isEqualTo("query-s3cret");
    }

    @Test
    void withoutDlqANonRetriableFailureFailsTheTaskWithTheReason() {
        respond(r -> new MockResponse().setResponseCode(403).setBody("{\"error\":\"forbidden tenant\"}"));
        startTask(false, props());
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                        .hasMessageContaining("HTTP 403").hasMessageContaining("forbidden tenant")
                        .hasMessageContaining("attempt"));
        assertThatThrownBy(this::commit).isInstanceOf(ConnectException.class);
    }

    @Test
    void unauthorizedTriggersExactlyOneTokenRefreshAndRetry() {
        AtomicInteger tokens = new AtomicInteger();
        respond(r -> {
            if (r.request.getPath().startsWith("/token")) {
                return new MockResponse().setBody("{\"access_token\":\"t" + tokens.incrementAndGet() + "\",\"expires_in\":3600}");
            }
            return "Bearer t1".equals(r.request.getHeader("Authorization"))
                    ? new MockResponse().setResponseCode(401) : new MockResponse().setResponseCode(200);
        });
        startTask(true, props("auth.type", "oauth2", "auth.oauth2.token.url", server.url("/token").toString(),
                "auth.oauth2.client.id", "es", "auth.oauth2.client.secret", "secret"));
        put(records(P0, 0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P0).offset() == 2);
        assertThat(tokens.get()).isEqualTo(2);
        assertThat(received).extracting(r -> r.request.getHeader("Authorization")).containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void pausesWhenTheBufferIsFullAndResumesWhenDrained() {
        respond(r -> new MockResponse().setResponseCode(200).setHeadersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        TestSinkTaskContext context = startTask(true, props("buffer.max.bytes", "65536", "batch.max.bytes", "16384",
                "batch.max.records", "50", "max.in.flight.requests", "1"));
        put(records(P0, 0, 400));
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);
        assertThat(context.timeout).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            task.put(List.of());
            assertThat(context.paused).isEmpty();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> commit().get(P0).offset() == 400);
    }

    @Test
    void aPartitionThatComesBackPausedAfterARebalanceIsResumed() {
        respond(r -> new MockResponse().setResponseCode(200).setHeadersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        TestSinkTaskContext context = startTask(true, props("buffer.max.bytes", "65536", "batch.max.bytes", "16384",
                "batch.max.records", "50", "max.in.flight.requests", "1"));
        put(records(P0, 0, 400));
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);
        // A rebalance revokes everything; Connect keeps the task's pauses and re-applies them on reassignment.
        task.close(List.of(P0, P1));
        context.assignment.clear();
        task.put(List.of());
        context.assignment.addAll(List.of(P0, P1));
        task.open(List.of(P0, P1));
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);

        task.put(List.of());

        assertThat(context.paused).isEmpty();
        put(records(P0, 0, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> commit().get(P0).offset() == 10);
    }

    @Test
    void closedPartitionsCommitNothingUndeliveredAndStopSending() {
        // P0's endpoint keeps failing, so P0 retries until it is closed; P1 is delivered, slowly
        respond(r -> r.body.contains("\"0-") ? new MockResponse().setResponseCode(503)
                : new MockResponse().setResponseCode(200).setHeadersDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        startTask(true, props("batch.max.records", "5"));
        put(records(P0, 0, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsOf("0-") >= 2);
        assertThat(commit().get(P0).offset()).isZero();

        task.close(List.of(P0));
        consumed.remove(P0);
        long afterClose = requestsOf("0-");

        // P1's delivery after the close is the witness that the pipeline went on: P0 sent nothing meanwhile
        put(records(P1, 0, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P1).offset() == 5);
        assertThat(requestsOf("0-")).isEqualTo(afterClose);
    }

    @Test
    void aRevokedPartitionSendsNothingOnceCloseReturnedEvenWhileItsRetryWaitsForAToken() {
        AtomicInteger tokenRequests = new AtomicInteger();
        AtomicInteger p0Requests = new AtomicInteger();
        respond(r -> {
            if (r.request.getPath().startsWith("/token")) {
                int n = tokenRequests.incrementAndGet();
                return new MockResponse().setBody("{\"access_token\":\"t" + n + "\",\"expires_in\":3600}")
                        .setHeadersDelay(n == 1 ? 0 : 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (r.body.contains("\"1-")) {
                return new MockResponse().setResponseCode(200)
                        .setHeadersDelay(1_500, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            // P0: a 503 first (so the next attempt runs as a scheduled retry), then 401 (a token refresh)
            return new MockResponse().setResponseCode(p0Requests.incrementAndGet() == 1 ? 503 : 401);
        });
        startTask(true, props("auth.type", "oauth2", "auth.oauth2.token.url", server.url("/token").toString(),
                "auth.oauth2.client.id", "es", "auth.oauth2.client.secret", "secret"));
        put(records(P0, 0, 3));
        // the retry got its 401 and waits for a new token
        await().atMost(Duration.ofSeconds(10)).until(() -> tokenRequests.get() == 2);

        task.close(List.of(P0));
        consumed.remove(P0);
        long afterClose = requestsOf("0-");

        // P1's slow delivery outlasts the token fetch: a P0 request still pending would have been sent by then
        put(records(P1, 0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit().get(P1).offset() == 2);
        assertThat(requestsOf("0-")).isEqualTo(afterClose);
    }

    @Test
    void closeCancelsARequestInFlightInsteadOfWaitingForIt() {
        respond(r -> new MockResponse().setResponseCode(200).setHeadersDelay(4, java.util.concurrent.TimeUnit.SECONDS));
        startTask(true, props());
        put(records(P0, 0, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsOf("0-") == 1);
        long start = System.nanoTime();
        task.close(List.of(P0));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private long requestsOf(String idPrefix) {
        return received.stream().filter(r -> r.body.contains("\"" + idPrefix)).count();
    }

    private static List<String> idsOf(String body) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode n : MAPPER.readTree(body)) {
                ids.add(n.get("id").asText());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ids;
    }
}
