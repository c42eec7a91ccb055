package dev.eventstream.connect.local;

/**
 * A failure the person at the terminal can fix: its message is the one line they see (what failed and
 * what to do), with no stack trace. Anything else escaping the stack is a bug and keeps its trace in the log.
 */
public final class StackFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackFailure(String message) {
        super(message);
    }

    public StackFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
