package dev.eventstream.connect.rest;

/**
 * An answer other than success, written as {@code {"error": ..., "message": ..., "path": ...}}: the HTTP status,
 * a stable error code, a sentence saying what is wrong and how to fix it, and the JSON pointer (or request
 * parameter) it concerns.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String path;

    public ApiException(int status, String error, String message, String path) {
        super(message);
        this.status = status;
        this.error = error;
        this.path = path;
    }

    public static ApiException badRequest(String path, String message) {
        return new ApiException(400, "bad_request", message, path);
    }

    public static ApiException notFound(String what, String path) {
        return new ApiException(404, "not_found", what, path);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String path() {
        return path;
    }
}
