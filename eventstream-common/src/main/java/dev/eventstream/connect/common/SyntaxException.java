package dev.eventstream.connect.common;

/**
 * A text (field path, template) that does not parse. The message names the text, for callers that parse outside a
 * ConfigDef; a validator passes only {@link #reason()}, since Kafka already prefixes "Invalid value X for
 * configuration K:".
 */
final class SyntaxException extends IllegalArgumentException {

    private final String reason;

    SyntaxException(String message, String reason) {
        super(message);
        this.reason = reason;
    }

    /** What is wrong where, without the text itself. */
    String reason() {
        return reason;
    }

    /** The reason of {@code e} when it is a syntax error, else its message. */
    static String reasonOf(IllegalArgumentException e) {
        return e instanceof SyntaxException ? ((SyntaxException) e).reason : e.getMessage();
    }
}
