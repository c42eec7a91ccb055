package dev.eventstream.connect.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness on Kafka's in-process cluster: one KRaft broker and one Connect worker. */
class EmbeddedHarnessIT {

    private static ConnectClusterHarness harness;

    @BeforeAll
    static void startCluster() {
        harness = ConnectClusterHarness.embedded(1);
    }

    @AfterAll
    static void stopCluster() {
        harness.close();
    }

    @Test
    void deliversEveryRecordOverTlsToTheReceiver() {
        HarnessScenario.deliversEveryRecordOverTls(harness);
    }
}
