package io.bulwark.audit;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The audit records that are not gateway requests (PCI DSS v4.0 10.2.1.2, 10.2.1.3, 10.2.1.5, 10.2.1.6, 10.2.1.7): the
 * trail started and stopped by a node, and each operator command. They share the request records' chain and columns:
 * {@code api} says who acted ({@value #NODE} or {@value #OPERATOR}), {@code operation} what was done, {@code sub} the
 * operating-system account of the operator, {@code objects} what it was done to.
 */
public final class SystemAuditEvents {

    /** The {@code api} of the records a node writes about itself. */
    public static final String NODE = "bulwark-node";
    /** The {@code api} of the records the {@code bulwark} command writes for an operator. */
    public static final String OPERATOR = "bulwark-cli";
    /** The reason of the record a node writes when its audit trail starts (10.2.1.6). */
    public static final String TRAIL_STARTED = "audit_trail_started";
    /** The reason of the record a node writes when its audit trail stops (10.2.1.6). */
    public static final String TRAIL_STOPPED = "audit_trail_stopped";

    private SystemAuditEvents() {
    }

    /** The node at {@code host} started recording (10.2.1.6). */
    public static AuditEvent trailStarted(Instant at, String host) {
        return node(at, TRAIL_STARTED, "audit.start", host);
    }

    /** The node at {@code host} stops recording: the last record it writes (10.2.1.6). */
    public static AuditEvent trailStopped(Instant at, String host) {
        return node(at, TRAIL_STOPPED, "audit.stop", host);
    }

    /** The node at {@code host} rotated a signing key by age: a new credential (10.2.1.5) and system object (10.2.1.7). */
    public static AuditEvent keyRotated(Instant at, String host, String purpose, String keyId) {
        return new AuditEvent(at, RequestIds.next(), AuditDecision.ALLOWED, "signing_key_rotated", null, 200, "SYSTEM", "/", NODE,
                "keys.rotate", Map.of("node", host, "purpose", purpose, "key_id", keyId), null, null, null, 0, 0, 0, OptionalLong.empty());
    }

    /**
     * An operator ran {@code command} (such as {@code clients.create}) on {@code objects}.
     *
     * @param operator  the operating-system account that ran it
     * @param outcome   a short slug of how it ended, such as {@code done}, {@code refused} or {@code audit_chain_tampered}
     * @param succeeded whether the command did what was asked
     */
    public static AuditEvent operatorAction(Instant at, String command, String operator, Map<String, String> objects, String outcome,
                                            boolean succeeded) {
        return new AuditEvent(at, RequestIds.next(), succeeded ? AuditDecision.ALLOWED : AuditDecision.FAILED, outcome, null,
                succeeded ? 200 : 500, "CLI", "bulwark " + command.replace('.', ' '), OPERATOR, command, objects, operator, null, null,
                0, 0, 0, OptionalLong.empty());
    }

    private static AuditEvent node(Instant at, String reason, String operation, String host) {
        return new AuditEvent(at, RequestIds.next(), AuditDecision.ALLOWED, reason, null, 200, "SYSTEM", "/", NODE, operation,
                Map.of("node", host), null, null, null, 0, 0, 0, OptionalLong.empty());
    }
}
