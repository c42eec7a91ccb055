package dev.eventstream.connect.http;

import dev.eventstream.connect.common.sink.DeadLetters;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;

/**
 * One rendered request body and the records it accounts for.
 *
 * @param covered            every record this batch settles, in offset order: sent ones, skipped tombstones and
 *                           render failures (their highest offset + 1 commits once the batch is settled)
 * @param sent               the records whose values are in the body
 * @param sizes              rendered bytes of each sent record (same index), for usage metering
 * @param failures           records that could not be rendered or are too large: they go to the DLQ
 * @param body               the bytes on the wire (gzip or identity); null when nothing is to be sent
 * @param uncompressedLength size of the rendered JSON, in bytes
 * @param messageId          the deterministic {@code webhook-id}
 * @param contentType        the Content-Type header value
 * @param signedAt           epoch seconds of {@code signature}
 * @param signature          the {@code webhook-signature} value for {@code signedAt}; null when unsigned
 */
record RenderedBatch(List<SinkRecord> covered, List<SinkRecord> sent, int[] sizes, List<Failure> failures, byte[] body,
                     int uncompressedLength, String messageId, String contentType, long signedAt, String signature) {

    /** A record that failed on its own, with the reason. */
    record Failure(SinkRecord record, DataException error) implements DeadLetters.FailedRecord {
    }

    boolean hasBody() {
        return body != null;
    }
}
