package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a partition's records into one request body, straight from Connect data into the sender thread's
 * reusable buffer ({@link RenderBuffers}; no String per record), closing the batch before the record that would pass
 * {@code batch.max.bytes}; then signs the uncompressed body and gzips it. One per task, holding only the task's
 * settings: thread-safe, the buffers are the calling thread's.
 */
final class BatchRenderer {

    private final BodyWriter writer;
    private final int batchMaxBytes;
    private final int maxRequestBytes;
    private final boolean skipTombstones;
    private final int gzipLevel;
    private final RequestSigner signer;
    private final java.util.function.LongSupplier epochSeconds;

    BatchRenderer(HttpsSinkConfig config, BodyWriter writer, RequestSigner signer, java.util.function.LongSupplier epochSeconds) {
        this.writer = writer;
        this.batchMaxBytes = config.batchMaxBytes();
        this.maxRequestBytes = config.maxRequestBytes();
        this.skipTombstones = config.tombstones() == HttpsSinkConfig.TombstoneHandling.SKIP;
        this.gzipLevel = config.gzip() ? config.compressionLevel() : 0;
        this.signer = signer;
        this.epochSeconds = epochSeconds;
    }

    /**
     * Renders a prefix of {@code candidates} (all belonging to one partition, in offset order). Records that
     * cannot be rendered, or are alone larger than {@code http.max.request.bytes}, are returned as failures;
     * records that did not fit are left out of {@link RenderedBatch#covered()} for the next batch.
     */
    RenderedBatch render(List<SinkRecord> candidates) {
        RenderBuffers buffers = RenderBuffers.current();
        BodyBuffer out = buffers.body;
        RequestSigner.MessageIds messageIds = buffers.messageIds;
        StringBuilder eventId = buffers.eventId;
        out.reset();
        messageIds.begin();
        writer.begin(out);
        List<SinkRecord> sent = new ArrayList<>(candidates.size());
        int[] sizes = new int[candidates.size()];
        List<RenderedBatch.Failure> failures = new ArrayList<>(0);
        int consumed = 0;
        for (SinkRecord record : candidates) {
            if (record.value() == null && skipTombstones) {
                consumed++;
                continue;
            }
            int mark = out.size();
            try {
                eventId.setLength(0);
                RecordCoordinates.of(record).writeEventId(eventId);
                writer.separator(sent.size(), out);
                JsonGenerator generator = buffers.generator();
                writer.record(record, eventId, generator);
                generator.flush();
            } catch (DataException | IOException | IllegalArgumentException e) {
                out.truncate(mark);
                buffers.discardGenerator();
                failures.add(new RenderedBatch.Failure(record, new DataException("Cannot render record as JSON "
                        + RecordCoordinates.describe(record) + ": " + e.getMessage(), e)));
                consumed++;
                continue;
            }
            int recordBytes = out.size() - mark;
            if (recordBytes > maxRequestBytes) {
                out.truncate(mark);
                failures.add(new RenderedBatch.Failure(record, new DataException("Record " + RecordCoordinates.describe(record)
                        + " renders to " + recordBytes + " bytes, more than " + HttpsSinkConfig.HTTP_MAX_REQUEST_BYTES
                        + "=" + maxRequestBytes + "; it cannot be delivered")));
                consumed++;
                continue;
            }
            if (!sent.isEmpty() && out.size() + 1 > batchMaxBytes) {
                out.truncate(mark);
                break;
            }
            messageIds.add(eventId);
            sizes[sent.size()] = recordBytes;
            sent.add(record);
            consumed++;
        }
        List<SinkRecord> covered = new ArrayList<>(candidates.subList(0, consumed));
        if (sent.isEmpty()) {
            return new RenderedBatch(covered, sent, sizes, failures, null, 0, null, writer.contentType(), 0L, null);
        }
        writer.end(out);
        int length = out.size();
        String messageId = messageIds.finish();
        long timestamp = epochSeconds.getAsLong();
        String signature = signer == null ? null : signer.sign(messageId, timestamp, out.array(), 0, length);
        byte[] body = gzipLevel > 0 ? buffers.gzip(gzipLevel).encode(out.array(), 0, length) : out.copy();
        return new RenderedBatch(covered, sent, sizes, failures, body, length, messageId, writer.contentType(),
                timestamp, signature);
    }
}
