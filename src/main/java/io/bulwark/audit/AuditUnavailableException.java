package io.bulwark.audit;

/** An audit event could not be recorded; the gateway withholds the response rather than answer unrecorded. */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
