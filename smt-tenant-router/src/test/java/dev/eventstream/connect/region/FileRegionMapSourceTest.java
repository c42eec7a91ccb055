package dev.eventstream.connect.region;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FileRegionMapSourceTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private FileRegionMapSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /** Replaces the map file the recommended way: a new file renamed over the old one. */
    private void replace(Path file, String json) throws IOException {
        Path next = write(file.getFileName() + ".next", json);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private FileRegionMapSource start(Path file) {
        source = new FileRegionMapSource(file, INTERVAL, Duration.ofMillis(500), Clock.systemUTC());
        source.start();
        return source;
    }

    @Test
    void loadsTheMapAtStart() throws IOException {
        start(write("regions.json", "{\"acme\":\"eu-west\",\"globex\":\"us-east\"}"));

        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west", "globex", "us-east"));
        assertThat(source.stats().getTenants()).isEqualTo(2);
        assertThat(source.stats().getLastSuccessMs()).isPositive();
        assertThat(source.description()).isEqualTo("file:" + dir.resolve("regions.json"));
    }

    @Test
    void seesAReplacedFileWithinTheRefreshInterval() throws IOException {
        Path file = write("regions.json", "{\"acme\":\"eu-west\"}");
        start(file);

        replace(file, "{\"acme\":\"us-east\"}");

        await().atMost(INTERVAL.multipliedBy(5)).untilAsserted(() ->
                assertThat(source.current()).isEqualTo(Map.of("acme", "us-east")));
    }

    @Test
    void seesAFileRewrittenInPlace() throws IOException {
        Path file = write("regions.json", "{\"acme\":\"eu-west\"}");
        start(file);

        Files.writeString(file, "{\"acme\":\"eu-west\",\"initech\":\"ap-south\"}", StandardCharsets.UTF_8);

        await().atMost(INTERVAL.multipliedBy(5)).untilAsserted(() ->
                assertThat(source.current()).containsEntry("initech", "ap-south"));
    }

    @Test
    void doesNotReReadAnUnchangedFile() throws IOException {
        Path file = write("regions.json", "{\"acme\":\"eu-west\"}");
        start(file);
        Map<String, String> first = source.current();

        long successesBefore = source.stats().getRefreshSuccesses();
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getRefreshSuccesses() >= successesBefore + 2);

        assertThat(source.current()).isSameAs(first);
    }

    @Test
    void keepsTheLastGoodMapWhileTheFileIsBrokenAndRecovers() throws IOException {
        Path file = write("regions.json", "{\"acme\":\"eu-west\"}");
        start(file);

        replace(file, "{\"acme\": ");
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getConsecutiveFailures() >= 2);
        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));
        assertThat(source.stats().getRefreshFailures()).isGreaterThanOrEqualTo(2);

        Files.delete(file);
        long failures = source.stats().getRefreshFailures();
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getRefreshFailures() > failures);
        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));

        write("regions.json", "{\"acme\":\"us-east\"}");
        await().atMost(INTERVAL.multipliedBy(5)).untilAsserted(() -> {
            assertThat(source.current()).isEqualTo(Map.of("acme", "us-east"));
            assertThat(source.stats().getConsecutiveFailures()).isZero();
        });
    }

    @Test
    void logsAFailureStreakOnceAndItsEndOnce() throws IOException {
        Path file = write("regions.json", "{\"acme\":\"eu-west\"}");
        try (CapturedLogs logs = CapturedLogs.of(AbstractRegionMapSource.class)) {
            start(file);

            replace(file, "not json");
            await().atMost(INTERVAL.multipliedBy(15)).until(() -> source.stats().getConsecutiveFailures() >= 3);
            assertThat(logs.messages(Level.WARN)).hasSize(1).allSatisfy(message -> assertThat(message)
                    .contains("Refreshing the region map from file:" + file + " failed")
                    .contains("keeping the last good map (1 tenants)"));

            replace(file, "{\"acme\":\"us-east\"}");
            await().atMost(INTERVAL.multipliedBy(5)).until(() -> source.stats().getConsecutiveFailures() == 0);
            assertThat(logs.messages(Level.INFO)).anySatisfy(message -> assertThat(message)
                    .contains("recovered after").contains("failed refreshes"));

            replace(file, "[]");
            await().atMost(INTERVAL.multipliedBy(15)).until(() -> source.stats().getConsecutiveFailures() >= 2);
            assertThat(logs.messages(Level.WARN)).as("one WARN per streak").hasSize(2);
        }
    }

    @Test
    void startFailsClearlyWithoutAMap() {
        Path missing = dir.resolve("missing.json");
        source = new FileRegionMapSource(missing, INTERVAL, Duration.ofMillis(300), Clock.systemUTC());

        assertThatThrownBy(source::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("No region map could be loaded from file:" + missing)
                .hasMessageContaining("region.startup.timeout.ms")
                .hasMessageContaining("NoSuchFileException");
        assertThat(source.stats().getRefreshFailures()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void startFailsClearlyOnAnUnparsableFile() throws IOException {
        source = new FileRegionMapSource(write("regions.json", "[\"acme\"]"), INTERVAL, Duration.ZERO, Clock.systemUTC());

        assertThatThrownBy(source::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void startWaitsForAFileThatAppearsWithinTheStartupTimeout() throws IOException {
        Path file = dir.resolve("late.json");
        source = new FileRegionMapSource(file, INTERVAL, Duration.ofSeconds(20), Clock.systemUTC());
        Thread writer = new Thread(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> source.stats().getRefreshFailures() >= 1);
            try {
                Files.writeString(file, "{\"acme\":\"eu-west\"}", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();

        source.start();

        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));
    }
}
