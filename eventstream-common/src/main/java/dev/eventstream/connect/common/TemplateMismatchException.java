package dev.eventstream.connect.common;

import org.apache.kafka.connect.errors.DataException;

/**
 * A {@link TenantTemplate} did not match a record's key or topic. A record-level failure: callers add the
 * record's coordinates (e.g. with {@link #withCoordinates(RecordCoordinates)}) so Connect's error handling can
 * route the record to the DLQ.
 */
public class TemplateMismatchException extends DataException {

    private static final long serialVersionUID = 1L;

    private final String template;
    private final String input;

    public TemplateMismatchException(String template, String input) {
        this(template, input, message(template, input));
    }

    private TemplateMismatchException(String template, String input, String message) {
        super(message);
        this.template = template;
        this.input = input;
    }

    private static String message(String template, String input) {
        return "tenant template '" + template + "' does not match " + (input == null ? "null" : "'" + input + "'");
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    /** The text that did not match (null when there was none, e.g. a null key). */
    public String input() {
        return input;
    }

    /**
     * The same mismatch, its message ending with the record's coordinates, e.g.
     * {@code tenant template '{tenant_id}:{agent_id}' does not match 'acme' (topic voice-callthread, partition 2, offset 1815)}.
     */
    public TemplateMismatchException withCoordinates(RecordCoordinates coordinates) {
        TemplateMismatchException withCoordinates = new TemplateMismatchException(template, input,
                message(template, input) + " " + coordinates.describe());
        withCoordinates.setStackTrace(getStackTrace());
        return withCoordinates;
    }
}
