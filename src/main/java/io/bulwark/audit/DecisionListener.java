package io.bulwark.audit;

/**
 * Port for a capability that consumes each gateway request's decision (metrics, anomaly detection, inventory):
 * called off the request path, one event at a time, by the {@link DecisionDispatcher} it is registered with.
 */
@FunctionalInterface
public interface DecisionListener {

    /** Takes one committed audit event; may be slow or throw without affecting any request. */
    void onDecision(AuditEvent event);

    /** The name in logs and in its dispatcher's thread name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
