package dev.eventstream.connect.usage;

/**
 * Usage figures of one tenant, endpoint, topic and period.
 *
 * @param records        records delivered (accepted by the endpoint), redeliveries included
 * @param jsonBytes      bytes of JSON delivered, before compression
 * @param wireBytes      bytes of request or record bodies on the wire (after gzip or Kafka compression)
 * @param requests       delivery attempts made (HTTP requests, or produce batches)
 * @param failedAttempts attempts that did not succeed (retried, or given up)
 * @param dlq            records sent to the dead letter queue
 * @param redelivered    of {@code records}, those delivered again after a task restarted from an earlier offset
 */
public record UsageCounts(long records, long jsonBytes, long wireBytes, long requests, long failedAttempts, long dlq,
                          long redelivered) {

    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0);

    public UsageCounts plus(UsageCounts other) {
        return new UsageCounts(records + other.records, jsonBytes + other.jsonBytes, wireBytes + other.wireBytes,
            requests + other.requests, failedAttempts + other.failedAttempts, dlq + other.dlq,
            redelivered + other.redelivered);
    }

    /** Records and bytes of one successful delivery. */
    public static UsageCounts delivered(long records, long jsonBytes, long wireBytes, long redelivered) {
        return new UsageCounts(records, jsonBytes, wireBytes, 0, 0, 0, redelivered);
    }

    /** One attempt (request) and whether it failed. */
    public static UsageCounts attempt(boolean failed) {
        return new UsageCounts(0, 0, 0, 1, failed ? 1 : 0, 0, 0);
    }

    public static UsageCounts deadLettered(long records) {
        return new UsageCounts(0, 0, 0, 0, 0, records, 0);
    }
}
