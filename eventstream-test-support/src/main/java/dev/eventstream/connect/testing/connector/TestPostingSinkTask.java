package dev.eventstream.connect.testing.connector;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Posts {@code [{"topic","partition","offset","key","headers","value"}, ...]} per put() batch; values
 * are the records' values as strings (use StringConverter). A non-2xx answer is retried by Connect
 * (RetriableException), so nothing is lost.
 */
public class TestPostingSinkTask extends SinkTask {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpClient http;
    private URI url;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(TestPostingSinkConnector.CONFIG_DEF, props);
        url = URI.create(config.getString(TestPostingSinkConnector.URL));
        http = HttpClient.newBuilder()
            .sslContext(sslContext(config.getString(TestPostingSinkConnector.TRUSTSTORE),
                config.getPassword(TestPostingSinkConnector.TRUSTSTORE_PASSWORD).value()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(render(records)))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new RetriableException("Receiver answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new RetriableException("Posting to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while posting", e);
        }
    }

    private static byte[] render(Collection<SinkRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartArray();
            for (SinkRecord record : records) {
                json.writeStartObject();
                json.writeStringField("topic", record.topic());
                json.writeNumberField("partition", record.kafkaPartition());
                json.writeNumberField("offset", record.kafkaOffset());
                json.writeStringField("key", record.key() == null ? null : record.key().toString());
                json.writeObjectFieldStart("headers");
                for (Header header : record.headers()) {
                    json.writeStringField(header.key(), header.value() == null ? null : header.value().toString());
                }
                json.writeEndObject();
                json.writeStringField("value", record.value() == null ? null : record.value().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return out.toByteArray();
    }

    private static SSLContext sslContext(String truststore, String password) {
        try (InputStream in = Files.newInputStream(Path.of(truststore))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectException("Cannot load truststore " + truststore, e);
        }
    }

    @Override
    public void stop() {
        http = null;
    }

    @Override
    public String version() {
        return "test";
    }
}
