package io.bulwark.observability;

import io.bulwark.ratelimit.Decision;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every rate-limit decision by the policy (quota) it was made for, admitted or refused, around the node's
 * {@link RateLimiter}: one counter increment per bucket charged, so it may sit on the request path.
 */
public final class RateLimitDecisionMetrics implements RateLimiter, AutoCloseable {

    private final RateLimiter limiter;
    private final MeterRegistry registry;
    private final LabelValues policies = new LabelValues(500);
    // On the request path: the counter is looked up by policy and outcome in one map read, without building its id.
    private final Map<String, Counter> admitted = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public RateLimitDecisionMetrics(RateLimiter limiter, MeterRegistry registry) {
        this.limiter = limiter;
        this.registry = registry;
    }

    @Override
    public Decision tryConsume(Quota quota, String key) {
        Decision decision = limiter.tryConsume(quota, key);
        (decision.admitted() ? admitted : refused).computeIfAbsent(quota.name(), name -> counter(name, decision.admitted())).increment();
        return decision;
    }

    private Counter counter(String policy, boolean admits) {
        // The quota as configured names the policy; the bucket key (an address, a client) never becomes a label.
        return Counter.builder("bulwark.rate.limit.decisions").description("Rate-limit decisions by policy: admitted or refused")
                .tags("policy", policies.of(Optional.of(policy)), "decision", admits ? "admitted" : "refused").register(registry);
    }

    @Override
    public void close() throws Exception {
        if (limiter instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
