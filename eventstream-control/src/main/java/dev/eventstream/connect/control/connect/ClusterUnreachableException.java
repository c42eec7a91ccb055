package dev.eventstream.connect.control.connect;

/** The Connect REST API could not be reached (connection refused, timeout, TLS failure). */
public class ClusterUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
