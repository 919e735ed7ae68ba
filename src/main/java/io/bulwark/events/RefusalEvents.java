package io.bulwark.events;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.DecisionListener;
import io.bulwark.audit.SecurityEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns each refused gateway request's committed decision event into a {@code request_refused} security event for the
 * stream and the webhooks, off the request path (a {@link DecisionListener}). The log has it from the gateway's
 * {@code SecurityEventStep} and the audit trail from the request's own record, so it is only forwarded.
 */
public final class RefusalEvents implements DecisionListener {

    public static final String TYPE = "request_refused";

    private final SecurityEventHub hub;

    public RefusalEvents(SecurityEventHub hub) {
        this.hub = hub;
    }

    @Override
    public void onDecision(AuditEvent event) {
        if (event.decision() != AuditDecision.REFUSED) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, "method", event.method());
        putIfPresent(details, "path", event.path());
        details.put("status", Integer.toString(event.status()));
        putIfPresent(details, "problem", event.problem());
        putIfPresent(details, "reason", event.reason());
        putIfPresent(details, "api", event.api());
        putIfPresent(details, "operation", event.operation());
        putIfPresent(details, "client_id", event.clientId());
        putIfPresent(details, "sub", event.subject());
        hub.forward(new SecurityEvent(event.at(), TYPE, event.requestId(), event.remoteAddress(), details));
    }

    private static void putIfPresent(Map<String, String> details, String name, String value) {
        if (value != null) {
            details.put(name, value);
        }
    }
}
