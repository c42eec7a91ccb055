package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static BatchRenderer renderer(Map<String, String> overrides) {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("http.compression", "none");
        props.putAll(overrides);
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        return new BatchRenderer(config, BodyWriter.forConfig(config), null, () -> 1_700_000_000L);
    }

    private static String body(RenderedBatch batch) {
        return new String(batch.body(), StandardCharsets.UTF_8);
    }

    private static List<SinkRecord> records(int n) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? Records.map("orders", 0, i, "e" + i) : Records.struct("orders", 0, i, "e" + i));
        }
        return out;
    }

    @Test
    void jsonArrayRendersEveryValueInOrder() {
        RenderedBatch batch = renderer(Map.of()).render(records(3));
        assertThat(body(batch)).isEqualTo("[{\"id\":\"e0\",\"n\":0},{\"id\":\"e1\",\"n\":1},{\"id\":\"e2\",\"n\":2}]");
        assertThat(batch.contentType()).isEqualTo("application/json");
        assertThat(batch.covered()).hasSize(3);
        assertThat(batch.uncompressedLength()).isEqualTo(batch.body().length);
    }

    @Test
    void jsonTextValuesAreCopiedByteForByteAndBadOnesFailAlone() {
        String event = "{\"id\":\"EventEstablished\",\"n\":12345678901234567890123,\"cost\":0.1250}";
        RenderedBatch batch = renderer(Map.of("value.encoding", "json")).render(List.of(
                Records.raw("voice", 0, 0, event.getBytes(StandardCharsets.UTF_8)),
                Records.raw("voice", 0, 1, "{\"id\": broken"),
                Records.raw("voice", 0, 2, event)));
        assertThat(body(batch)).isEqualTo("[" + event + "," + event + "]");
        assertThat(batch.sent()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 2L);
        assertThat(batch.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.record().kafkaOffset()).isEqualTo(1L);
            assertThat(failure.error()).hasMessageContaining("Not well-formed JSON").hasMessageContaining("offset 1");
        });
        assertThat(batch.covered()).hasSize(3);
    }

    @Test
    void ndjsonHasOneValuePerLine() {
        RenderedBatch batch = renderer(Map.of("body.format", "ndjson")).render(records(2));
        assertThat(body(batch)).isEqualTo("{\"id\":\"e0\",\"n\":0}\n{\"id\":\"e1\",\"n\":1}\n");
        assertThat(batch.contentType()).isEqualTo("application/x-ndjson");
    }

    @Test
    void singleHoldsOneRecord() {
        BatchRenderer renderer = renderer(Map.of("body.format", "single"));
        RenderedBatch batch = renderer.render(records(1));
        assertThat(body(batch)).isEqualTo("{\"id\":\"e0\",\"n\":0}");
    }

    @Test
    void cloudEventsBatchCarriesIdSourceTypeTimeAndData() throws IOException {
        RenderedBatch batch = renderer(Map.of("body.format", "cloudevents", "cloudevents.type.field", "id"))
                .render(List.of(Records.map("voice", 2, 7, "EventRinging"), Records.skippedTombstone()));
        assertThat(batch.contentType()).isEqualTo("application/cloudevents-batch+json");
        JsonNode events = MAPPER.readTree(batch.body());
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo("voice-2-7");
        assertThat(event.get("source").asText()).isEqualTo("voice");
        assertThat(event.get("type").asText()).isEqualTo("EventRinging");
        assertThat(event.get("time").asText()).isEqualTo("2023-11-14T22:13:20.007Z");
        assertThat(event.get("data").get("n").asLong()).isEqualTo(7);
    }

    @Test
    void cloudEventsSingleAndDeliveredTombstoneWithoutData() throws IOException {
        RenderedBatch batch = renderer(Map.of("body.format", "cloudevents", "batch.max.records", "1",
                "tombstones", "deliver")).render(List.of(Records.tombstone("voice", 0, 3)));
        assertThat(batch.contentType()).isEqualTo("application/cloudevents+json");
        JsonNode event = MAPPER.readTree(batch.body());
        assertThat(event.get("type").asText()).isEqualTo("dev.eventstream.record");
        assertThat(event.has("data")).isFalse();
    }

    @Test
    void tombstonesAreSkippedButCoveredOrDeliveredAsNull() {
        List<SinkRecord> input = List.of(Records.map("t", 0, 0, "a"), Records.tombstone("t", 0, 1), Records.map("t", 0, 2, "b"));
        RenderedBatch skipped = renderer(Map.of()).render(input);
        assertThat(body(skipped)).isEqualTo("[{\"id\":\"a\",\"n\":0},{\"id\":\"b\",\"n\":2}]");
        assertThat(skipped.covered()).hasSize(3);
        RenderedBatch delivered = renderer(Map.of("tombstones", "deliver", "body.format", "ndjson")).render(input);
        assertThat(body(delivered)).isEqualTo("{\"id\":\"a\",\"n\":0}\nnull\n{\"id\":\"b\",\"n\":2}\n");
        RenderedBatch onlyTombstone = renderer(Map.of()).render(List.of(Records.tombstone("t", 0, 5)));
        assertThat(onlyTombstone.hasBody()).isFalse();
        assertThat(onlyTombstone.covered()).extracting(SinkRecord::kafkaOffset).containsExactly(5L);
    }

    @Test
    void batchClosesBeforeTheRecordThatWouldPassMaxBytes() {
        List<SinkRecord> input = records(100);
        RenderedBatch batch = renderer(Map.of("batch.max.bytes", "1024")).render(input);
        assertThat(batch.uncompressedLength()).isLessThanOrEqualTo(1024);
        assertThat(batch.sent().size()).isBetween(40, 60);
        assertThat(batch.covered()).isEqualTo(input.subList(0, batch.sent().size()));
    }

    @Test
    void recordLargerThanMaxRequestBytesFailsAlone() {
        String big = "x".repeat(3000);
        List<SinkRecord> input = List.of(Records.map("t", 0, 0, "a"), Records.map("t", 0, 1, big), Records.map("t", 0, 2, "c"));
        RenderedBatch batch = renderer(Map.of("http.max.request.bytes", "2048", "batch.max.bytes", "1024")).render(input);
        assertThat(batch.sent()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 2L);
        assertThat(batch.failures()).singleElement().satisfies(f -> {
            assertThat(f.record().kafkaOffset()).isEqualTo(1);
            assertThat(f.error().getMessage()).contains("http.max.request.bytes=2048", "offset 1");
        });
    }

    @Test
    void unrenderableRecordFailsWithCoordinatesAndTheRestIsRendered() {
        List<SinkRecord> input = List.of(Records.raw("t", 1, 0, new Object()), Records.map("t", 1, 1, "ok"));
        RenderedBatch batch = renderer(Map.of()).render(input);
        assertThat(body(batch)).isEqualTo("[{\"id\":\"ok\",\"n\":1}]");
        assertThat(batch.failures()).singleElement().satisfies(f ->
                assertThat(f.error().getMessage()).contains("topic t, partition 1, offset 0"));
    }

    @Test
    void gzipBodyGunzipsToTheRenderedJson() throws IOException {
        List<SinkRecord> input = records(50);
        RenderedBatch plain = renderer(Map.of()).render(input);
        for (String level : List.of("1", "6", "9")) {
            RenderedBatch gz = renderer(Map.of("http.compression", "gzip", "http.compression.level", level)).render(input);
            try (InputStream in = GzipEncoder.decode(gz.body())) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
            assertThat(gz.body().length).isLessThan(plain.body().length);
            assertThat(gz.uncompressedLength()).isEqualTo(plain.body().length);
        }
    }

    @Test
    void messageIdDependsOnlyOnTheEventIds() {
        RenderedBatch a = renderer(Map.of()).render(records(5));
        RenderedBatch b = renderer(Map.of("body.format", "ndjson")).render(records(5));
        RenderedBatch c = renderer(Map.of()).render(records(4));
        assertThat(a.messageId()).isEqualTo(b.messageId()).isNotEqualTo(c.messageId());
    }

    @Test
    void renderBuffersBelongToTheThreadStartEmptyAndAreFreedWithIt() throws Exception {
        BatchRenderer gzip = renderer(Map.of("http.compression", "gzip"));
        BatchRenderer plain = renderer(Map.of());
        long[] capacities = new long[3];
        Thread thread = new Thread(() -> {
            capacities[0] = RenderBuffers.current().capacity();
            gzip.render(records(5));
            plain.render(records(5));
            capacities[1] = RenderBuffers.current().capacity();
            RenderBuffers.releaseCurrent();
            capacities[2] = RenderBuffers.current().capacity();
        });
        thread.start();
        thread.join();

        assertThat(capacities[0]).as("a thread that never rendered").isZero();
        assertThat(capacities[1]).as("one body buffer and one gzip buffer, shared by both tasks' renderers")
                .isEqualTo(2L * BodyBuffer.INITIAL_CAPACITY);
        assertThat(capacities[2]).as("released").isZero();
    }

    @Test
    void aBatchAtBatchMaxBytesGrowsTheBufferAndABusyRendererKeepsIt() throws IOException {
        List<SinkRecord> input = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            input.add(Records.map("t", 0, i, "e" + i + "-" + "x".repeat(1000)));
        }
        RenderBuffers.releaseCurrent();
        BatchRenderer renderer = renderer(Map.of("http.compression", "gzip", "batch.max.records", "5000"));
        RenderedBatch full = renderer.render(input);
        assertThat(full.uncompressedLength()).isBetween(1024 * 1024 - 2048, 1024 * 1024);
        try (InputStream in = GzipEncoder.decode(full.body())) {
            assertThat(in.readAllBytes()).hasSize(full.uncompressedLength());
        }
        int capacity = RenderBuffers.current().body.capacity();
        assertThat(capacity).isBetween(1024 * 1024, 2 * 1024 * 1024);
        for (int i = 0; i < 3 * BodyBuffer.WINDOW; i++) {
            renderer.render(input.subList(i, input.size()));
            assertThat(RenderBuffers.current().body.capacity()).isEqualTo(capacity);
        }
    }

    @Test
    void afterALargeBatchTheBufferShrinksBackToWhatRecentBatchesNeed() {
        List<SinkRecord> large = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            large.add(Records.map("t", 0, i, "e" + i + "-" + "x".repeat(1000)));
        }
        RenderBuffers.releaseCurrent();
        BatchRenderer renderer = renderer(Map.of("batch.max.records", "5000"));
        renderer.render(large);
        assertThat(RenderBuffers.current().body.capacity()).isGreaterThanOrEqualTo(1024 * 1024);
        for (int i = 0; i < 2 * BodyBuffer.WINDOW; i++) {
            renderer.render(records(10));
        }
        assertThat(RenderBuffers.current().body.capacity()).isEqualTo(BodyBuffer.INITIAL_CAPACITY);
    }
}
