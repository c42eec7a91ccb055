package dev.eventstream.connect.control.kafka;

/** A Kafka Admin call failed or timed out. */
public class KafkaAdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
