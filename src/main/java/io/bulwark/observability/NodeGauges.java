package io.bulwark.observability;

import io.bulwark.audit.DecisionDispatcher;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Meters read from the node's parts when Prometheus scrapes, never counted on the request path: the audit writer's queue
 * and commits, the decision listeners' queues, signing keys' ages, open connections per listener and Redis's health.
 */
public final class NodeGauges {

    private final MeterRegistry registry;

    public NodeGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The group-commit writer: events waiting, batches committed and the time they took, events committed. */
    public NodeGauges auditTrail(GroupCommitAuditTrail trail) {
        Gauge.builder("bulwark.audit.queue.depth", trail, GroupCommitAuditTrail::queueDepth).strongReference(true)
                .description("Audit events waiting for the writer (each request waits for its own commit)").register(registry);
        FunctionTimer.builder("bulwark.audit.commit", trail, GroupCommitAuditTrail::commits, GroupCommitAuditTrail::commitNanos,
                        TimeUnit.NANOSECONDS)
                .description("Audit batches committed and the time spent committing them (chain extension and anchor)").register(registry);
        FunctionCounter.builder("bulwark.audit.committed.events", trail, GroupCommitAuditTrail::committedEvents)
                .description("Audit events committed").register(registry);
        return this;
    }

    /** Each decision listener's delivered, dropped and failed events. */
    public NodeGauges decisionDispatchers(List<DecisionDispatcher> dispatchers) {
        for (DecisionDispatcher dispatcher : dispatchers) {
            dispatched(dispatcher, "delivered", DecisionDispatcher::delivered);
            dispatched(dispatcher, "dropped", DecisionDispatcher::dropped);
            dispatched(dispatcher, "failed", DecisionDispatcher::failed);
        }
        return this;
    }

    private void dispatched(DecisionDispatcher dispatcher, String outcome, java.util.function.ToDoubleFunction<DecisionDispatcher> count) {
        FunctionCounter.builder("bulwark.decision.events", dispatcher, count)
                .description("Decision events offered to each capability's listener: delivered, dropped (queue full) or failed")
                .tags("listener", dispatcher.listenerName(), "outcome", outcome).register(registry);
    }

    /** How long the key that signs now for {@code purpose} has been signing (rotation by age keeps it bounded). */
    public NodeGauges keyAge(String purpose, Supplier<Instant> activeSince, InstantSource clock) {
        Gauge.builder("bulwark.signing.key.age", () -> Duration.between(activeSince.get(), clock.instant()).toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the signing key in use, by purpose").tag("purpose", purpose).register(registry);
        return this;
    }

    /** Connections open now on {@code listener} ({@code gateway}, {@code authorization_server}). */
    public NodeGauges openConnections(String listener, IntSupplier open) {
        Gauge.builder("bulwark.connections.open", open::getAsInt).description("Connections open now, by listener")
                .tag("listener", listener).register(registry);
        return this;
    }

    /** 1 while the shared Redis answers a PING, else 0 (rate limits and failure counters then run on the node's share). */
    public NodeGauges redis(BooleanSupplier answers) {
        Gauge.builder("bulwark.redis.up", () -> answers.getAsBoolean() ? 1 : 0).description("Whether the shared Redis answers")
                .register(registry);
        return this;
    }
}
