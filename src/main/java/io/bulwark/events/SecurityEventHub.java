package io.bulwark.events;

import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Where every security event of a node goes: the log at once, the webhooks' {@link EventOutbox} (forced to disk before
 * {@link #record} returns, for the types some webhook takes), then, on a virtual thread of its own behind a bounded
 * queue, the audit trail and the live {@link SecurityEventStream}. Nothing here throws at an emitter: a failure is
 * logged and counted.
 */
public final class SecurityEventHub implements SecurityEventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventHub.class);
    static final int QUEUE_CAPACITY = 10_000;

    private record Fanout(SecurityEvent event, OutboundEvent outbound, boolean audit) {
    }

    private final SecurityEventSink log;
    private final AuditTrail auditTrail;
    private final SecurityEventStream stream;
    private final Optional<EventOutbox> outbox;
    private final Predicate<String> journaled;
    private final InstantSource clock;
    private final BlockingQueue<Fanout> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong outboxFailures = new AtomicLong();
    private final AtomicLong auditFailures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param log       the log sink every recorded event goes to first
     * @param outbox    the webhooks' outbox; empty when no webhook is configured
     * @param journaled whether some webhook takes events of a type (only those are journaled)
     * @param clock     the hand-over time kept in the outbox, for the give-up rule
     */
    public SecurityEventHub(SecurityEventSink log, AuditTrail auditTrail, SecurityEventStream stream, Optional<EventOutbox> outbox,
                            Predicate<String> journaled, InstantSource clock) {
        this.log = log;
        this.auditTrail = auditTrail;
        this.stream = stream;
        this.outbox = outbox;
        this.journaled = journaled;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("bulwark-security-events").start(this::run);
    }

    /** A new security event: logged, kept in the audit trail and sent out. */
    @Override
    public void record(SecurityEvent event) {
        log.record(event);
        send(event, true);
    }

    /** An event the log and the audit trail already hold (a refused request): only sent out. */
    public void forward(SecurityEvent event) {
        send(event, false);
    }

    private void send(SecurityEvent event, boolean audit) {
        OutboundEvent outbound = OutboundEvent.of(event);
        if (outbox.isPresent() && journaled.test(event.type())) {
            try {
                outbox.get().append(outbound, clock.instant());
            } catch (IOException | RuntimeException e) {
                outboxFailures.incrementAndGet();
                LOG.error("security event {} ({}) could not be written to the webhook outbox: {}", outbound.id(), event.type(), e.toString());
            }
        }
        if (closed || !queue.offer(new Fanout(event, outbound, audit))) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 1_000 == 0) {
                LOG.warn("security events: the audit and stream queue is full; {} events not audited nor streamed so far", count);
            }
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Fanout next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    drainQuietly();
                    return;
                }
                continue;
            }
            handle(next);
        }
    }

    private void drainQuietly() {
        Fanout next;
        while ((next = queue.poll()) != null) {
            handle(next);
        }
    }

    private void handle(Fanout next) {
        if (next.audit()) {
            try {
                auditTrail.append(SecurityEventRecords.auditEvent(next.event()));
            } catch (RuntimeException e) {
                auditFailures.incrementAndGet();
                LOG.error("security event {} ({}) could not be kept in the audit trail: {}", next.outbound().id(), next.event().type(),
                        e.getMessage());
            }
        }
        stream.publish(next.outbound());
    }

    public SecurityEventStream stream() {
        return stream;
    }

    /** Events neither audited nor streamed because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the outbox could not take (a full or read-only disk). */
    public long outboxFailures() {
        return outboxFailures.get();
    }

    /** Events the audit trail could not take. */
    public long auditFailures() {
        return auditFailures.get();
    }

    /** Audits and streams what is queued, then stops; call it before the audit trail closes. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
