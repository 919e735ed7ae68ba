package io.bulwark.events;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.SecurityEvent;

import java.util.OptionalLong;

/**
 * A security event as an audit record, so that an auditor finds lockouts, key rotations, reloads and chain alarms in
 * the same tamper-evident chain as the requests (PCI DSS 10.2.1.4 invalid logical access attempts, 10.2.1.5 changes to
 * authentication credentials, 10.2.1.6 changes to audit logs). The type is the record's {@code reason}, the details its
 * {@code objects}; a gateway refusal is a request record already and never comes here.
 */
final class SecurityEventRecords {

    private SecurityEventRecords() {
    }

    static AuditEvent auditEvent(SecurityEvent event) {
        return new AuditEvent(event.at(), event.requestId(), AuditDecision.SECURITY_EVENT, event.type(), null, 0, null, null, null, null,
                event.details(), event.details().get("sub"), event.details().get("client_id"), event.remoteAddress(), 0, 0, 0,
                OptionalLong.empty());
    }
}
