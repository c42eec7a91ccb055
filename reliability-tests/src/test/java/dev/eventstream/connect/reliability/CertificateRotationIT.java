package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.TestCertificates;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's server certificate is replaced mid-stream, its open connections closed, as a rotation does (one
 * worker JVM, 3 tasks): with a new certificate signed by the same CA delivery goes on with nothing lost, duplicated or
 * reordered; with one signed by another CA (an impostor) no request gets through, the handshakes fail verification
 * and the batches wait within the retry budget; back to the CA's certificate, every event is delivered. About 25 s.
 */
class CertificateRotationIT {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRotationIT.class);
    private static final String TOPIC = "voice-rotation";
    private static final String CONNECTOR = "es-acme-rotation";
    private static final String DLQ = "es-dlq-acme-rotation";
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("rotation", 1).withReceiver();

    @Test
    void aRotatedCertificateFromTheSameCaKeepsDeliveryGoingAndAnotherCasIsRefused() throws Exception {
        TestCertificates original = RIG.receiver().certificates();
        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        Map<String, String> config = Connectors.httpsEndpoint("acme", TOPIC, DLQ, RIG.receiver(), "/acme/crm");
        config.put("retry.timeout.ms", "60000");
        RIG.cluster().rest().putConnectorConfig(CONNECTOR, config);
        RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        RIG.cluster().awaitTaskConsumers(CONNECTOR, 3, PARTITIONS);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);

        traffic.events(TOPIC, PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
        awaitDelivered(ledger, 300);

        TestCertificates rotated = original.withNewServerCertificate();
        RIG.receiver().rotateCertificate(rotated);
        assertThat(presentedCertificate(original)).as("the certificate a new handshake gets")
            .isEqualTo(rotated.serverCertificate()).isNotEqualTo(original.serverCertificate());
        int acceptedBeforeRotation = RIG.receiver().acceptedRequests().size();
        traffic.events(TOPIC, PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
        awaitDelivered(ledger, 600);
        int acceptedWithRotated = RIG.receiver().acceptedRequests().size() - acceptedBeforeRotation;

        int logLinesBeforeImpostor = RIG.cluster().workerLogLines().size();
        TestCertificates impostor = TestCertificates.create();
        RIG.receiver().rotateCertificate(impostor);
        int acceptedBeforeImpostor = RIG.receiver().acceptedRequests().size();
        traffic.events(TOPIC, PARTITIONS, List.of("acme"), 150, tenant -> Ledger.Fate.DELIVER);
        await("handshakes refused by the sink's truststore").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> refusedHandshakes(logLinesBeforeImpostor) >= PARTITIONS);
        long refusedHandshakes = refusedHandshakes(logLinesBeforeImpostor);
        int acceptedWithImpostor = RIG.receiver().acceptedRequests().size() - acceptedBeforeImpostor;

        RIG.receiver().rotateCertificate(original.withNewServerCertificate());
        awaitDelivered(ledger, 750);

        DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"),
            Traffic.deadLetters(RIG.cluster().kafka().read(DLQ, 0, Duration.ofSeconds(2)))).counts();
        LOG.info("FAULT-MATRIX certificate-rotation: {} ; requests accepted with the rotated certificate {}, with the "
            + "impostor's {}; handshakes refused meanwhile (worker log lines) {}", counts, acceptedWithRotated,
            acceptedWithImpostor, refusedHandshakes);
        assertThat(acceptedWithRotated).as("requests delivered over the rotated certificate").isPositive();
        assertThat(acceptedWithImpostor).as("requests accepted while another CA's certificate was presented").isZero();
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(750);
        assertThat(counts.duplicates()).as("duplicates").isZero();
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(counts.deadLettered()).as("dead-lettered").isZero();
        assertThat(RIG.cluster().rest().connectorStatus(CONNECTOR).path("tasks"))
            .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
    }

    /** Worker log lines since {@code from} that report a TLS handshake the sink refused (certificate path not trusted). */
    private static long refusedHandshakes(int from) {
        List<String> lines = RIG.cluster().workerLogLines();
        return lines.subList(from, lines.size()).stream()
            .filter(line -> line.contains("SSLHandshakeException") || line.contains("PKIX path building failed")).count();
    }

    /** The certificate the receiver presents to a new connection that trusts {@code authority}'s CA. */
    private static X509Certificate presentedCertificate(TestCertificates authority) throws IOException {
        SSLContext context = authority.clientSslContext(false);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", RIG.receiver().port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static void awaitDelivered(Ledger ledger, long expected) {
        await(expected + " events delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
            .until(() -> new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), List.of()).counts().delivered() >= expected);
    }
}
