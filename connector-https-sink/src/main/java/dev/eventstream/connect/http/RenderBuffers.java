package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;

/**
 * What rendering a body needs and can reuse, one set per thread: the body buffer and its JSON generator, the
 * message-id digest, and a gzip encoder per level in use. They belong to the sender thread, not to a task, so a
 * worker holds one set per busy sender thread however many tasks it runs, and an idle task holds none. The buffers
 * are sized by use ({@link BodyBuffer}); a sender thread frees its set ({@link #releaseCurrent}) when it ends.
 * Not thread-safe: only the owning thread touches its set.
 */
final class RenderBuffers {

    private static final ThreadLocal<RenderBuffers> CURRENT = ThreadLocal.withInitial(RenderBuffers::new);

    final BodyBuffer body = new BodyBuffer();
    final RequestSigner.MessageIds messageIds = new RequestSigner.MessageIds();
    final StringBuilder eventId = new StringBuilder(64);
    private final GzipEncoder[] gzipByLevel = new GzipEncoder[10];
    private JsonGenerator generator;

    private RenderBuffers() {
    }

    /** This thread's set. */
    static RenderBuffers current() {
        return CURRENT.get();
    }

    /** Frees this thread's set (its native deflaters at once); the next {@link #current()} starts empty. */
    static void releaseCurrent() {
        CURRENT.get().close();
        CURRENT.remove();
    }

    /** The generator writing into {@link #body}. */
    JsonGenerator generator() {
        if (generator == null) {
            try {
                generator = JsonRenderer.jsonFactory().createGenerator(body, JsonEncoding.UTF8);
                generator.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new ConnectException("Cannot create a JSON generator", e);
            }
        }
        return generator;
    }

    /** Drops the generator after a failed record (its state is unknown); the next {@link #generator()} is new. */
    void discardGenerator() {
        generator = null;
    }

    /** The gzip encoder of {@code level} (1-9); its deflater is made at its first batch. */
    GzipEncoder gzip(int level) {
        GzipEncoder encoder = gzipByLevel[level];
        if (encoder == null) {
            encoder = new GzipEncoder(level);
            gzipByLevel[level] = encoder;
        }
        return encoder;
    }

    /** Bytes held by the body buffer and the gzip output buffers. */
    long capacity() {
        long bytes = body.capacity();
        for (GzipEncoder encoder : gzipByLevel) {
            bytes += encoder == null ? 0 : encoder.capacity();
        }
        return bytes;
    }

    private void close() {
        for (GzipEncoder encoder : gzipByLevel) {
            if (encoder != null) {
                encoder.close();
            }
        }
    }
}
