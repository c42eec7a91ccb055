package dev.eventstream.connect.region;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InPrimaryRegionTest {

    @TempDir
    Path dir;

    private final RegionMapRegistry registry = new RegionMapRegistry(MBeanServerFactory.newMBeanServer());
    private final List<InPrimaryRegion<SinkRecord>> predicates = new ArrayList<>();
    private Path file;

    @BeforeEach
    void writeMap() throws IOException {
        file = dir.resolve("regions.json");
        Files.writeString(file, "{\"acme\":\"eu-west\",\"globex\":\"us-east\",\"12345\":\"eu-west\"}",
                StandardCharsets.UTF_8);
    }

    @AfterEach
    void close() {
        predicates.forEach(InPrimaryRegion::close);
        assertThat(registry.openSources()).isZero();
    }

    private Map<String, String> props(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "region.local", "eu-west",
                "region.source", "file",
                "region.file.path", file.toString(),
                "region.refresh.interval.ms", "200"));
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return props;
    }

    private InPrimaryRegion<SinkRecord> predicate(String... overrides) {
        InPrimaryRegion<SinkRecord> predicate = new InPrimaryRegion<>(registry);
        predicates.add(predicate);
        predicate.configure(props(overrides));
        return predicate;
    }

    private static SinkRecord record(Object tenant) {
        ConnectHeaders headers = new ConnectHeaders();
        if (tenant != null) {
            headers.add(EventStreamHeaders.TENANT, tenant, null);
        }
        return new SinkRecord("voice-callthread", 2, Schema.STRING_SCHEMA, "k", Schema.STRING_SCHEMA, "v", 1815L,
                null, null, headers);
    }

    @Test
    void trueOnlyForTenantsWhosePrimaryRegionIsLocal() {
        InPrimaryRegion<SinkRecord> predicate = predicate();

        assertThat(predicate.test(record("acme"))).isTrue();
        assertThat(predicate.test(record("globex"))).isFalse();
    }

    @Test
    void readsANumericLookingTenantHeaderAsText() {
        assertThat(predicate().test(record("12345"))).isTrue();
        assertThat(predicate("region.unknown.tenant", "keep").test(record("012345"))).isTrue();
        assertThat(predicate().test(record("012345"))).isFalse();
    }

    /** Connect's default header converter reads 012345 and 12345 both as the number 12345: 12345's region is not 012345's. */
    @ParameterizedTest
    @ValueSource(strings = {"012345", "+12345", "12345"})
    void aTenantHeaderAConverterTurnedIntoANumberIsRefusedNotLookedUp(String text) {
        Object parsed = new SimpleHeaderConverter().toConnectHeader("voice-callthread", EventStreamHeaders.TENANT,
                text.getBytes(StandardCharsets.UTF_8)).value();

        assertThatThrownBy(() -> predicate("tenant.header.missing", "drop").test(record(parsed)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)")
                .hasMessageContaining("header.converter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "acme2", "acme ", " acme", "acmé", "acm"})
    void lookAlikeTenantsAreUnknown(String lookAlike) {
        assertThat(predicate().test(record(lookAlike))).isFalse();
        assertThat(predicate("region.unknown.tenant", "keep").test(record(lookAlike))).isTrue();
    }

    @Test
    void unknownTenantFailsWithCoordinatesWhenConfigured() {
        InPrimaryRegion<SinkRecord> predicate = predicate("region.unknown.tenant", "fail");

        assertThatThrownBy(() -> predicate.test(record("initech")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)")
                .hasMessageContaining("'initech'")
                .hasMessageContaining("not in the region map of file:");
    }

    @Test
    void missingTenantHeaderFailsByDefaultNamingTheFix() {
        InPrimaryRegion<SinkRecord> predicate = predicate();

        assertThatThrownBy(() -> predicate.test(record(null)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)")
                .hasMessageContaining("TenantRouter must run before InPrimaryRegion");
        assertThatThrownBy(() -> predicate.test(record(""))).isInstanceOf(DataException.class);
    }

    @Test
    void missingTenantHeaderCanDropOrKeep() {
        assertThat(predicate("tenant.header.missing", "drop").test(record(null))).isFalse();
        assertThat(predicate("tenant.header.missing", "keep").test(record(null))).isTrue();
    }

    @Test
    void theLastTenantHeaderWins() {
        SinkRecord record = record("globex");
        record.headers().addString(EventStreamHeaders.TENANT, "acme");

        assertThat(predicate().test(record)).isTrue();
    }

    @Test
    void followsAChangeOfTheMap() throws IOException {
        InPrimaryRegion<SinkRecord> predicate = predicate();
        assertThat(predicate.test(record("acme"))).isTrue();

        Path next = dir.resolve("next.json");
        Files.writeString(next, "{\"acme\":\"us-east\"}", StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(2)).until(() -> !predicate.test(record("acme")));
    }

    @Test
    void pastMaxStalenessRecordsWaitNeitherForwardedNorDroppedAndResumeWhenTheMapIsFresh() throws IOException {
        try (CapturedLogs logs = CapturedLogs.of(InPrimaryRegion.class)) {
            InPrimaryRegion<SinkRecord> predicate = predicate("region.max.staleness.ms", "600");
            assertThat(predicate.test(record("acme"))).isTrue();

            replaceMap("{\"acme\": "); // every refresh fails from now on; the last good map stays
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> predicate.test(record("acme")))
                            .isInstanceOf(RetriableException.class)
                            .hasMessageContaining("region.max.staleness.ms=600")
                            .hasMessageContaining("file:"));
            assertThatThrownBy(() -> predicate.test(record("globex"))).isInstanceOf(RetriableException.class);
            assertThatThrownBy(() -> predicate.test(record("initech"))).isInstanceOf(RetriableException.class);
            assertThat(logs.messages(Level.WARN)).as("the reason is logged once per stale spell").hasSize(1);

            replaceMap("{\"acme\":\"eu-west\",\"globex\":\"us-east\"}");
            await().atMost(Duration.ofSeconds(5)).ignoreException(RetriableException.class)
                    .untilAsserted(() -> assertThat(predicate.test(record("acme"))).isTrue());
            assertThat(predicate.test(record("globex"))).isFalse();
            assertThat(logs.messages(Level.INFO)).anySatisfy(message -> assertThat(message).contains("fresh again"));
        }
    }

    @Test
    void maxStalenessMustLeaveRoomForRefreshes() {
        assertThatThrownBy(() -> predicate("region.max.staleness.ms", "300"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("region.max.staleness.ms")
                .hasMessageContaining("region.refresh.interval.ms");
        assertThat(predicate("region.max.staleness.ms", "0").test(record("acme"))).as("0: no bound").isTrue();
    }

    private void replaceMap(String content) throws IOException {
        Path next = dir.resolve("next.json");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void tasksOfOneWorkerShareOneSource() {
        predicate();
        predicate("region.unknown.tenant", "keep");
        predicate("tenant.header.missing", "drop");

        assertThat(registry.openSources()).isEqualTo(1);
    }

    @Test
    void configureFailsClearlyWithoutAMap() throws IOException {
        Files.delete(file);
        InPrimaryRegion<SinkRecord> predicate = new InPrimaryRegion<>(registry);

        assertThatThrownBy(() -> predicate.configure(props("region.startup.timeout.ms", "0")))
                .hasMessageContaining("No region map could be loaded from file:" + file);
        assertThat(registry.openSources()).isZero();
    }

    @Test
    void configErrorsNameTheKey() {
        InPrimaryRegion<SinkRecord> predicate = new InPrimaryRegion<>(registry);
        assertThatThrownBy(() -> predicate.configure(Map.of("region.source", "file", "region.file.path", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.local");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "s3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.source");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "file")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration region.file.path: required when region.source=file");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "http",
                "region.http.url", "http://config.example/regions")))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid value http://config.example/regions for configuration "
                        + "region.http.url: use an https URL: the map is read over verified TLS only");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "http")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.http.url");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "kafka",
                "region.kafka.bootstrap.servers", "localhost:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.kafka.topic");
        assertThatThrownBy(() -> predicate.configure(Map.of("region.local", "eu", "region.source", "kafka",
                "region.kafka.topic", "regions")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.kafka.bootstrap.servers");
        assertThatThrownBy(() -> predicate.configure(props("region.unknown.tenant", "ignore")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.unknown.tenant");
        assertThatThrownBy(() -> predicate.configure(props("region.refresh.interval.ms", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region.refresh.interval.ms");
        assertThat(registry.openSources()).isZero();
    }

    @Test
    void kafkaClientOverridesExcludeThePredicatesOwnKeys() {
        InPrimaryRegionConfig config = new InPrimaryRegionConfig(Map.of("region.local", "eu", "region.source", "kafka",
                "region.kafka.bootstrap.servers", "a:9092,b:9092", "region.kafka.topic", "regions",
                "region.kafka.security.protocol", "SSL"));

        assertThat(config.kafkaClientProperties()).isEqualTo(Map.of(
                "bootstrap.servers", "a:9092,b:9092", "security.protocol", "SSL"));
    }
}
