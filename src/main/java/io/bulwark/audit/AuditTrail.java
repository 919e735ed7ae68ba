package io.bulwark.audit;

/** Port: where audit events are kept. */
public interface AuditTrail {

    /**
     * Records {@code event} durably and returns only once it is committed.
     *
     * @throws AuditUnavailableException when it could not be recorded
     */
    void append(AuditEvent event);
}
