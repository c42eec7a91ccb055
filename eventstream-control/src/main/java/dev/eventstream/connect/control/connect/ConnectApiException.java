package dev.eventstream.connect.control.connect;

/** The Connect REST API answered with an error status; {@link #getMessage()} carries its own message. */
public class ConnectApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ConnectApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
