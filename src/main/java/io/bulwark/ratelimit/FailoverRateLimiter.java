package io.bulwark.ratelimit;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared buckets while the shared store answers; when it does not, this node's share of each limit (the limit
 * divided by the node count) in local buckets, so that the cluster as a whole still admits about the limit.
 * Each change of state is a security event; a probe brings the node back to the shared store once it answers.
 */
public final class FailoverRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRateLimiter.class);

    private final RateLimiter shared;
    private final BooleanSupplier sharedAnswers;
    private final RateLimiter local;
    private final int nodes;
    private final SecurityEventSink events;
    private final InstantSource clock;
    private final AtomicBoolean sharedUp = new AtomicBoolean(true);
    private final Map<Quota, Quota> localShares = new ConcurrentHashMap<>();
    private final ScheduledExecutorService prober;

    /**
     * @param shared        the shared buckets
     * @param sharedAnswers a cheap probe of the shared store (a PING), true when it answers
     * @param local         local buckets for the fallback
     * @param nodes         how many nodes share the load
     * @param probeInterval how often to probe while the shared store is down
     */
    public FailoverRateLimiter(RateLimiter shared, BooleanSupplier sharedAnswers, RateLimiter local, int nodes,
                               SecurityEventSink events, InstantSource clock, Duration probeInterval) {
        this.shared = shared;
        this.sharedAnswers = sharedAnswers;
        this.local = local;
        this.nodes = nodes;
        this.events = events;
        this.clock = clock;
        this.prober = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("bulwark-ratelimit-probe").factory());
        prober.scheduleWithFixedDelay(this::probe, probeInterval.toMillis(), probeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Decision tryConsume(Quota quota, String key) {
        if (sharedUp.get()) {
            try {
                return shared.tryConsume(quota, key);
            } catch (RuntimeException e) {
                markDown(e);
            }
        }
        return local.tryConsume(localShares.computeIfAbsent(quota, q -> q.dividedBy(nodes)), key);
    }

    /** True while the shared store is in use. */
    public boolean usingSharedStore() {
        return sharedUp.get();
    }

    private void markDown(RuntimeException cause) {
        if (sharedUp.compareAndSet(true, false)) {
            LOG.warn("rate-limit store unavailable, limiting locally at 1/{} of each limit: {}", nodes, cause.toString());
            events.record(new SecurityEvent(clock.instant(), "rate_limit_store_unavailable", io.bulwark.audit.RequestIds.next(), null,
                    Map.of("fallback", "local buckets at 1/" + nodes + " of each limit", "cause", cause.getClass().getSimpleName())));
        }
    }

    private void probe() {
        if (sharedUp.get()) {
            return;
        }
        boolean answers;
        try {
            answers = sharedAnswers.getAsBoolean();
        } catch (RuntimeException e) {
            answers = false;
        }
        if (answers && sharedUp.compareAndSet(false, true)) {
            LOG.info("rate-limit store answers again; limits are shared again");
            events.record(new SecurityEvent(clock.instant(), "rate_limit_store_recovered", io.bulwark.audit.RequestIds.next(), null,
                    Map.of("store", "shared buckets in use again")));
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
