package io.bulwark.runtime;

import io.bulwark.audit.DecisionListener;

import java.util.ArrayList;
import java.util.List;

/**
 * What capabilities attach to a node, given once to {@link BulwarkNode#start(io.bulwark.config.BulwarkConfig,
 * java.time.InstantSource, io.bulwark.oauth.consent.AccountDirectory, Extensions)}: listeners of each gateway request's
 * decision event, each fed off the request path through its own bounded queue, and management routes
 * (docs/ARCHITECTURE.md, "How to add a capability").
 *
 * @param decisionListeners     each receives every request's committed audit event, on a thread of its own
 * @param decisionQueueCapacity how many events may wait for one listener before newer ones are dropped (and counted)
 * @param managementRoutes      the routes the management listener mounts
 */
public record Extensions(List<DecisionListener> decisionListeners, int decisionQueueCapacity, List<ManagementRoutes> managementRoutes) {

    /** Events a listener may lag behind: a few seconds of a busy node's requests. */
    public static final int DEFAULT_DECISION_QUEUE_CAPACITY = 10_000;

    /** No capability attached. */
    public static final Extensions NONE = new Extensions(List.of(), DEFAULT_DECISION_QUEUE_CAPACITY, List.of());

    public Extensions {
        decisionListeners = List.copyOf(decisionListeners);
        managementRoutes = List.copyOf(managementRoutes);
        if (decisionQueueCapacity < 1) {
            throw new IllegalArgumentException("the decision queue capacity must be at least 1, not " + decisionQueueCapacity);
        }
    }

    /** These extensions and {@code listener}. */
    public Extensions withDecisionListener(DecisionListener listener) {
        List<DecisionListener> listeners = new ArrayList<>(decisionListeners);
        listeners.add(listener);
        return new Extensions(listeners, decisionQueueCapacity, managementRoutes);
    }

    /** These extensions and {@code routes}. */
    public Extensions withManagementRoutes(ManagementRoutes routes) {
        List<ManagementRoutes> all = new ArrayList<>(managementRoutes);
        all.add(routes);
        return new Extensions(decisionListeners, decisionQueueCapacity, all);
    }

    /** These extensions with another queue capacity per decision listener. */
    public Extensions withDecisionQueueCapacity(int capacity) {
        return new Extensions(decisionListeners, capacity, managementRoutes);
    }
}
