package dev.eventstream.connect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-to-end proof of the harness, run against any cluster: records produced with keys, headers
 * and compression travel through a real worker running a real connector to the real TLS receiver,
 * survive scripted failures, and arrive complete and in order per partition.
 */
final class HarnessScenario {

    private static final String TOPIC = "harness-events";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;

    private HarnessScenario() {
    }

    static void deliversEveryRecordOverTls(ConnectClusterHarness harness) {
        try (HttpsReceiver receiver = HttpsReceiver.start()) {
            // The first two requests fail: the connector must retry and still deliver everything.
            receiver.enqueue(ScriptedResponse.status(503), ScriptedResponse.disconnect());

            harness.kafka().createTopic(TOPIC, PARTITIONS);
            List<TestRecord> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                records.add(TestRecord.json(TOPIC, "{\"id\":\"EventEstablished\",\"seq\":" + i + "}")
                    .withKey("acme:call-" + (i % 7))
                    .withPartition(i % PARTITIONS)
                    .withHeader("trace", "t-" + i));
            }
            harness.kafka().produce(records, "gzip");
            assertThat(harness.kafka().read(TOPIC, RECORDS, Duration.ofSeconds(30))).hasSize(RECORDS);

            harness.rest().putConnectorConfig("harness-sink", ChainConfig.testPostingSink(TOPIC, receiver, "/events").tasks(2).build());
            harness.rest().awaitRunning("harness-sink", 2, ConnectClusterHarness.STARTUP_TIMEOUT);

            await("all records delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> delivered(receiver).size() >= RECORDS);

            Map<Integer, List<JsonNode>> byPartition = new TreeMap<>();
            delivered(receiver).forEach(event ->
                byPartition.computeIfAbsent(event.get("partition").asInt(), p -> new ArrayList<>()).add(event));
            assertThat(byPartition).hasSize(PARTITIONS);
            int total = 0;
            for (List<JsonNode> events : byPartition.values()) {
                long previousOffset = -1;
                int previousSeq = -1;
                for (JsonNode event : events) {
                    assertThat(event.get("offset").asLong()).isGreaterThan(previousOffset);
                    int seq = Integer.parseInt(event.get("value").asText().replaceAll("\\D+", ""));
                    assertThat(seq).isGreaterThan(previousSeq);
                    assertThat(event.get("headers").get("trace").asText()).isEqualTo("t-" + seq);
                    assertThat(event.get("key").asText()).isEqualTo("acme:call-" + (seq % 7));
                    previousOffset = event.get("offset").asLong();
                    previousSeq = seq;
                    total++;
                }
            }
            assertThat(total).isEqualTo(RECORDS);

            List<ReceivedRequest> requests = receiver.requests();
            assertThat(requests.get(0).answeredStatus()).isEqualTo(503);
            assertThat(requests.get(1).answeredStatus()).isEqualTo(-1);
            assertThat(requests).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/events");
                assertThat(request.header("content-type")).isEqualTo("application/json");
            });
            harness.rest().deleteConnector("harness-sink");
        }
    }

    /** Events from requests answered 2xx, each once (retried batches may repeat), in arrival order. */
    private static List<JsonNode> delivered(HttpsReceiver receiver) {
        Map<String, JsonNode> unique = new LinkedHashMap<>();
        ReceivedEvents.accepted(receiver).forEach(event ->
            unique.putIfAbsent(event.get("partition").asInt() + "-" + event.get("offset").asLong(), event));
        return new ArrayList<>(unique.values());
    }
}
