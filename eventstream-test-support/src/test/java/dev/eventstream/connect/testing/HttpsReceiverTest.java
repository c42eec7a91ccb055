package dev.eventstream.connect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpsReceiverTest {

    private HttpsReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void recordsTheGunzippedBodyAndHeaders() throws Exception {
        receiver = HttpsReceiver.start();
        byte[] json = "[{\"id\":\"EventRinging\"}]".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client(false).send(HttpRequest.newBuilder(URI.create(receiver.url("/hook?x=1")))
            .header("Content-Encoding", "gzip").header("X-Trace", "abc")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(json))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedRequest request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("x-trace")).isEqualTo("abc");
        assertThat(request.body()).isEqualTo(json);
        assertThat(request.wireBodyLength()).isEqualTo(gzip(json).length);
        assertThat(request.bodyAsJson().get(0).get("id").asText()).isEqualTo("EventRinging");
        assertThat(request.answeredStatus()).isEqualTo(200);
    }

    @Test
    void answersTheScriptInOrderThenTheResponder() throws Exception {
        receiver = HttpsReceiver.start()
            .enqueue(ScriptedResponse.status(429).withRetryAfter(5), ScriptedResponse.status(400).withBody("bad"))
            .respondWith(request -> ScriptedResponse.status(202));

        HttpResponse<String> first = post("/a");
        HttpResponse<String> second = post("/a");
        HttpResponse<String> third = post("/a");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("5");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo("bad");
        assertThat(third.statusCode()).isEqualTo(202);
        assertThat(receiver.requestCount()).isEqualTo(3);
        assertThat(receiver.acceptedRequests()).hasSize(1);
    }

    @Test
    void delaysWithoutHoldingAThread() throws Exception {
        receiver = HttpsReceiver.start().enqueue(ScriptedResponse.ok().delayedBy(Duration.ofMillis(700)));
        long start = System.nanoTime();
        assertThat(post("/slow").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void disconnectsWithoutAnswering() {
        receiver = HttpsReceiver.start().enqueue(ScriptedResponse.disconnect());
        assertThatThrownBy(() -> post("/gone")).isInstanceOf(IOException.class);
        assertThat(receiver.requests().get(0).answeredStatus()).isEqualTo(-1);
    }

    @Test
    void requiresTheClientCertificateWhenAskedTo() throws Exception {
        receiver = HttpsReceiver.builder().requireClientCertificate().start();
        assertThatThrownBy(() -> client(false).send(HttpRequest.newBuilder(URI.create(receiver.url("/mtls")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
            .isInstanceOfAny(SSLHandshakeException.class, IOException.class);
        assertThat(receiver.requestCount()).isZero();

        HttpResponse<String> response = client(true).send(HttpRequest.newBuilder(URI.create(receiver.url("/mtls")))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(receiver.requests().get(0).clientCertificateSubject())
            .contains("CN=" + receiver.certificates().clientCommonName());
    }

    @Test
    void writesTruststoresInEveryFormat() {
        TestCertificates certificates = TestCertificates.create();
        for (TestCertificates.StoreType type : TestCertificates.StoreType.values()) {
            assertThat(certificates.truststore(type)).exists().isNotEmptyFile();
            assertThat(certificates.clientKeystore(type)).exists().isNotEmptyFile();
        }
        assertThat(certificates.truststore(TestCertificates.StoreType.PEM)).content().startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(certificates.clientKeystore(TestCertificates.StoreType.PEM)).content().startsWith("-----BEGIN PRIVATE KEY-----");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client(false).send(HttpRequest.newBuilder(URI.create(receiver.url(path)))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient client(boolean withCertificate) {
        return HttpClient.newBuilder().sslContext(receiver.certificates().clientSslContext(withCertificate)).build();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
