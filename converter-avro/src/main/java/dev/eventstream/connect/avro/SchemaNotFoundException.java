package dev.eventstream.connect.avro;

/** The schema registry answered that it does not know the schema id (HTTP 404). Never retried. */
public class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message) {
        super(message);
    }
}
