package dev.eventstream.connect.http;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The benchmarks' door to the HTTPS sink's request rendering, which is package-private in the connector: renders,
 * signs and compresses a batch exactly as a sender thread does, without sending it.
 */
public final class BodyRendering {

    private final BatchRenderer renderer;

    /** @param connectorConfig an HTTPS sink connector's settings (its value encoding, body format, gzip, signing) */
    public BodyRendering(Map<String, String> connectorConfig) {
        HttpsSinkConfig config = new HttpsSinkConfig(connectorConfig);
        RequestSigner signer = RequestSigner.create(config.signingSecret(), config.signingSecretPrevious());
        this.renderer = new BatchRenderer(config, BodyWriter.forConfig(config), signer, () -> 1_764_000_000L);
    }

    /** Renders {@code records} (one partition, in offset order) into one request: the body as it goes on the wire. */
    public byte[] request(List<SinkRecord> records) {
        RenderedBatch batch = renderer.render(records);
        if (!batch.failures().isEmpty()) {
            throw batch.failures().get(0).error();
        }
        return batch.body();
    }

    /** {@code body} gzipped at {@code level} by this thread's encoder, as a sender thread compresses a request. */
    public static byte[] gzip(byte[] body, int level) {
        return RenderBuffers.current().gzip(level).encode(body, 0, body.length);
    }
}
