package io.bulwark.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands decision events to one {@link DecisionListener} on a virtual thread of its own, through a bounded queue.
 * {@link #offer} never blocks the request that calls it: when the queue is full the event is dropped and counted,
 * and an exception from the listener is logged and counted, never passed back.
 */
public final class DecisionDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionDispatcher.class);
    // A listener that falls behind is named in the log at its first drop, then once per this many, not once per request.
    private static final long DROP_LOG_EVERY = 1_000;
    /** How long an idle listener's thread sleeps before it looks at its queue again. */
    static final Duration IDLE_WAIT = Duration.ofMillis(5);

    private final DecisionListener listener;
    private final BlockingQueue<AuditEvent> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param listener the listener this dispatcher alone calls
     * @param capacity how many events may wait for it before new ones are dropped
     */
    public DecisionDispatcher(DecisionListener listener, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a decision queue holds at least one event, not " + capacity);
        }
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name("bulwark-decisions-" + listener.name()).start(this::run);
    }

    /** Queues {@code event} for the listener without waiting; a full queue (or a closed dispatcher) drops it. */
    public void offer(AuditEvent event) {
        if (closed || !queue.offer(event)) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % DROP_LOG_EVERY == 0) {
                LOG.warn("decision listener {} is behind: {} events dropped so far", listener.name(), count);
            }
        }
    }

    private void run() {
        while (!closed) {
            AuditEvent event = queue.poll();
            if (event == null) {
                // Polling, not take(): an offer then never wakes this thread, which would cost each request a
                // thread hand-off per listener (bench/hand-off.sh: about 0.03 ms of CPU each). An event waits at most
                // IDLE_WAIT for its listener instead.
                try {
                    Thread.sleep(IDLE_WAIT);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try {
                listener.onDecision(event);
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("decision listener {} failed on request {}", listener.name(), event.requestId(), e);
            }
        }
    }

    public String listenerName() {
        return listener.name();
    }

    /** Events the listener took without throwing. */
    public long delivered() {
        return delivered.get();
    }

    /** Events dropped because the queue was full (or the dispatcher closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Events on which the listener threw. */
    public long failed() {
        return failed.get();
    }

    /** Stops delivering; events still queued are discarded. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
