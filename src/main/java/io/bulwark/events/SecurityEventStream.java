package io.bulwark.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live feed of security events for operators (the management listener's {@code /events/stream}): each subscriber
 * has a bounded buffer; {@link #publish} never waits, and a subscriber whose buffer is full is dropped (and counted)
 * rather than slowing anyone down. Nothing is kept for subscribers that come later: the webhooks are the durable path.
 */
public final class SecurityEventStream {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventStream.class);

    private final int buffer;
    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();

    /** @param buffer events one subscriber may lag behind before it is dropped */
    public SecurityEventStream(int buffer) {
        if (buffer < 1) {
            throw new IllegalArgumentException("a subscriber's buffer holds at least one event, not " + buffer);
        }
        this.buffer = buffer;
    }

    /** A new subscriber to events of {@code types} (all when empty), from now on. */
    public Subscription subscribe(Set<String> types) {
        Subscription subscription = new Subscription(Set.copyOf(types), new ArrayBlockingQueue<>(buffer));
        subscriptions.add(subscription);
        return subscription;
    }

    /** Offers {@code event} to every subscriber that wants it, without waiting. */
    public void publish(OutboundEvent event) {
        published.incrementAndGet();
        for (Subscription subscription : subscriptions) {
            if (subscription.wants(event.type()) && !subscription.queue.offer(event)) {
                drop(subscription, "its buffer of " + buffer + " events is full");
            }
        }
    }

    /** Drops {@code subscription} (its reader is too slow or its connection stuck) and counts it. */
    void drop(Subscription subscription, String why) {
        if (subscriptions.remove(subscription)) {
            subscription.dropped = true;
            long count = dropped.incrementAndGet();
            LOG.warn("security event stream: a subscriber was dropped ({}); {} dropped so far", why, count);
        }
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return subscriptions.size();
    }

    /** Subscribers dropped since start for falling behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Events published since start. */
    public long published() {
        return published.get();
    }

    /** One subscriber's buffer; its reader takes events with {@link #next} and closes it when the client leaves. */
    public final class Subscription implements AutoCloseable {

        private final Set<String> types;
        private final BlockingQueue<OutboundEvent> queue;
        private volatile boolean dropped;

        private Subscription(Set<String> types, BlockingQueue<OutboundEvent> queue) {
            this.types = types;
            this.queue = queue;
        }

        private boolean wants(String type) {
            return types.isEmpty() || types.contains(type);
        }

        /** The next event, waiting at most {@code wait}; empty when none came (or this subscriber was dropped). */
        public Optional<OutboundEvent> next(Duration wait) throws InterruptedException {
            return dropped ? Optional.empty() : Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
        }

        /** True once the stream dropped this subscriber: its reader should close the connection. */
        public boolean isDropped() {
            return dropped;
        }

        /** Drops this subscriber because its connection could not take an event in time. */
        public void stalled() {
            drop(this, "its connection did not take an event in time");
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
