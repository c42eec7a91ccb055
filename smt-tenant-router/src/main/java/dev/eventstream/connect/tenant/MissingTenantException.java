package dev.eventstream.connect.tenant;

/**
 * Why a record has no tenant. Control flow between an extractor and {@link TenantRouter}, which turns it into
 * a {@code DataException} with the record's coordinates or a drop: no stack trace is captured.
 */
public final class MissingTenantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingTenantException(String reason) {
        super(reason, null, false, false);
    }
}
