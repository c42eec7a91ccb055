package dev.eventstream.connect.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The request this sink would send for some records, without sending it: the same body writer, signer and headers
 * as a task with the same config (the REST API's topic test uses it). Credentials are not fetched: the
 * {@code Authorization} header is described, never shown.
 */
public final class RequestPreview {

    /**
     * @param body      the uncompressed JSON body (what the receiver has after undoing Content-Encoding)
     * @param wireBytes the size of the body on the wire (after gzip when enabled)
     */
    public record Request(String method, String url, Map<String, String> headers, byte[] body, int wireBytes) { }

    private RequestPreview() {
    }

    /**
     * @param connectorConfig the connector's config, with config-provider references already resolved
     * @param epochSeconds    the signing time
     * @throws DataException when a record cannot be rendered (the connector would send it to the DLQ)
     */
    public static Request of(Map<String, String> connectorConfig, List<SinkRecord> records, long epochSeconds) {
        HttpsSinkConfig config = new HttpsSinkConfig(connectorConfig);
        RequestSigner signer = RequestSigner.create(config.signingSecret(), config.signingSecretPrevious());
        BatchRenderer renderer = new BatchRenderer(config, BodyWriter.forConfig(config), signer, () -> epochSeconds);
        try {
            RenderedBatch batch = renderer.render(records);
            if (!batch.failures().isEmpty()) {
                throw batch.failures().get(0).error();
            }
            if (!batch.hasBody()) {
                throw new DataException("Nothing to send: the records are tombstones and tombstones are skipped");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", batch.contentType());
            if (config.gzip()) {
                headers.put("Content-Encoding", "gzip");
            }
            headers.put("User-Agent", HttpSender.USER_AGENT);
            config.staticHeaders().forEach(h -> headers.put(h.getKey(), h.getValue()));
            if (config.authType() != HttpsSinkConfig.AuthType.NONE) {
                headers.put("Authorization", "(" + config.authType().name().toLowerCase(java.util.Locale.ROOT)
                    + " credentials, not shown)");
            }
            if (signer != null) {
                headers.put(RequestSigner.HEADER_ID, batch.messageId());
                headers.put(RequestSigner.HEADER_TIMESTAMP, Long.toString(batch.signedAt()));
                headers.put(RequestSigner.HEADER_SIGNATURE, batch.signature());
            }
            return new Request(config.method(), config.url().toString(), headers, uncompressed(batch, config.gzip()),
                batch.body().length);
        } finally {
            // a REST or CLI thread renders once: it keeps no buffers
            RenderBuffers.releaseCurrent();
        }
    }

    private static byte[] uncompressed(RenderedBatch batch, boolean gzip) {
        if (!gzip) {
            return batch.body();
        }
        try (InputStream in = GzipEncoder.decode(batch.body())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read back the gzip body just written", e);
        }
    }
}
