package dev.eventstream.connect.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness on Kafka's in-process cluster: one KRaft broker and one Connect worker. */
class EmbeddedHarnessIT {

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1);

    @Test
    void deliversEveryRecordOverTlsToTheReceiver() {
        HarnessScenario.deliversEveryRecordOverTls(RIG.cluster());
    }
}
