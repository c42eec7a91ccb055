package dev.eventstream.connect.avro;

/**
 * The schema registry gave no answer about the schema, for a reason that is not the record's: unreachable, failing
 * (5xx), overloaded (429), refusing this client (401, 403) or answering something that is not the registry's JSON.
 * The same record can be read once the registry answers again, so {@link AvroConverter} reports it as retriable.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
