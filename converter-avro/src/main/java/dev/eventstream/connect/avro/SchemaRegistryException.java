package dev.eventstream.connect.avro;

/** The schema registry could not provide a schema: unreachable, failing, or it refused the request. */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
