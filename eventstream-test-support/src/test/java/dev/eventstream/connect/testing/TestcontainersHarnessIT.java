package dev.eventstream.connect.testing;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenario against Apache Kafka's own image, with the Connect worker in this JVM. Skipped
 * where no Docker engine runs (as on the project's build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersHarnessIT {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.0");

    @Test
    void deliversEveryRecordOverTlsToTheReceiver() {
        try (ConnectClusterHarness harness = ConnectClusterHarness.onExternalKafka(KAFKA.getBootstrapServers(), 1, Map.of())) {
            HarnessScenario.deliversEveryRecordOverTls(harness);
        }
    }
}
