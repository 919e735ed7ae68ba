package io.bulwark.audit;

import java.util.List;

/**
 * An {@link AuditTrail} that, once the trail it wraps has committed an event, offers it to each
 * {@link DecisionDispatcher}: listeners see exactly the requests the audit trail holds, and never slow them.
 */
public final class PublishingAuditTrail implements AuditTrail {

    private final AuditTrail trail;
    private final List<DecisionDispatcher> dispatchers;

    public PublishingAuditTrail(AuditTrail trail, List<DecisionDispatcher> dispatchers) {
        this.trail = trail;
        this.dispatchers = List.copyOf(dispatchers);
    }

    @Override
    public void append(AuditEvent event) {
        trail.append(event);
        for (DecisionDispatcher dispatcher : dispatchers) {
            dispatcher.offer(event);
        }
    }
}
