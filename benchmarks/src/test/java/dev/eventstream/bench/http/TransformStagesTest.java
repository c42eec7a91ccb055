package dev.eventstream.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.http.BodyRendering;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain EndpointChainBenchmark measures does the real chain's work, and its requests hold the events. */
class TransformStagesTest {

    @TempDir
    Path work;

    @Test
    void theChainKeepsItsTenantsEventsWithoutPiiAndDropsOtherTenants() throws IOException {
        try (TransformStages chain = new TransformStages(SinkCandidates.chainTransforms(regions(), true))) {
            SinkRecord acme = chain.apply(consumed(BenchRig.TENANT, 7));
            assertThat(chain.apply(consumed(BenchRig.tenant(2), 8))).as("another tenant's event").isNull();

            assertThat(acme).isNotNull();
            Map<?, ?> value = (Map<?, ?>) acme.value();
            assertThat(value.get("seq")).isEqualTo(7L);
            assertThat(value.get("ANI")).isEqualTo("****");
            @SuppressWarnings("unchecked")
            Map<String, Object> userData = (Map<String, Object>) value.get("UserData");
            assertThat(userData).doesNotContainKey("CreditCard");
            assertThat((String) userData.get("CustomerEmail")).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void aRenderedRequestIsTheGzippedJsonArrayOfTheEvents() throws IOException {
        try (TransformStages chain = new TransformStages(SinkCandidates.chainTransforms(regions(), true))) {
            Map<String, String> sink = new HashMap<>();
            sink.put("http.url", "https://localhost:8443/bench");
            sink.put("http.compression", "gzip");
            sink.put("signing.secret", SinkCandidates.SIGNING_SECRET);
            List<SinkRecord> events = List.of(chain.apply(consumed(BenchRig.TENANT, 1)), chain.apply(consumed(BenchRig.TENANT, 2)));

            byte[] body = new BodyRendering(sink).request(events);

            JsonNode array;
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                array = new ObjectMapper().readTree(in);
            }
            assertThat(array).hasSize(2);
            assertThat(array.get(1).get("seq").asLong()).isEqualTo(2);
            assertThat(array.get(1).get("DNIS").asText()).isEqualTo("****");
        }
    }

    private Path regions() throws IOException {
        Path file = work.resolve("tenant-regions.json");
        Files.writeString(file, BenchRig.regionsJson(), StandardCharsets.UTF_8);
        return file;
    }

    private static SinkRecord consumed(String tenant, int seq) {
        return new SinkRecord("bench-events", 0, Schema.STRING_SCHEMA, tenant + ":call-" + seq, Schema.BYTES_SCHEMA,
            BenchRig.voiceEvent(seq, tenant), seq);
    }
}
