package io.bulwark.ratelimit.lockout;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.config.AuthenticationGuardConfig.FailureRule;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Guards every credential check: call {@link #check} before it, then {@link #failed} or {@link #succeeded} after.
 * Failures are counted per claimed identity and per source address. After {@code delay-after} failures each further
 * attempt must wait, the wait doubling each time (NIST SP 800-63B §5.2.2 throttling); at {@code max-failures} the key
 * is locked out (PCI DSS 4.0.1 §8.3.4). Existing and unknown identities are treated alike, so nothing here reveals
 * which exist.
 */
public final class AuthenticationGuard {

    private final FailureCounters counters;
    private final AuthenticationGuardConfig config;
    private final SecurityEventSink events;
    private final InstantSource clock;

    public AuthenticationGuard(FailureCounters counters, AuthenticationGuardConfig config, SecurityEventSink events, InstantSource clock) {
        this.counters = counters;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    /** Whether {@code attempt} may be checked now; a refused attempt is not checked and not counted. */
    public Verdict check(Attempt attempt) {
        Instant now = clock.instant();
        Verdict byAddress = verdict(counters.state(FailureKeys.sourceIp(attempt.sourceIp())), config.sourceIp(), now);
        if (attempt.identity().isEmpty()) {
            return byAddress;
        }
        Verdict byIdentity = verdict(counters.state(FailureKeys.identity(attempt.kind(), attempt.identity())), config.identity(), now);
        if (!byIdentity.allowed() && (byAddress.allowed() || byIdentity.retryAfter().compareTo(byAddress.retryAfter()) > 0)) {
            return byIdentity;
        }
        return byAddress;
    }

    /** Counts a failed credential check; raises security events for lockouts and for attacks spread over identities or addresses. */
    public void failed(Attempt attempt, String requestId) {
        Instant now = clock.instant();
        Duration window = config.failureWindow();
        FailureRule ipRule = config.sourceIp();
        FailureState byAddress = counters.recordFailure(FailureKeys.sourceIp(attempt.sourceIp()), now, window, ipRule.maxFailures(),
                ipRule.lockout());
        if (byAddress.failures() == ipRule.maxFailures()) {
            raise("authentication_lockout", attempt, requestId, Map.of("locked", "source_ip", "until", byAddress.lockedUntil().toString()));
        }
        if (attempt.identity().isEmpty()) {
            return;
        }
        FailureRule rule = config.identity();
        FailureState byIdentity = counters.recordFailure(FailureKeys.identity(attempt.kind(), attempt.identity()), now, window,
                rule.maxFailures(), rule.lockout());
        if (byIdentity.failures() == rule.maxFailures()) {
            raise("authentication_lockout", attempt, requestId, Map.of("locked", attempt.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "until", byIdentity.lockedUntil().toString()));
        }
        // Credential stuffing: many identities failing from one address. Raised once, when the count reaches the threshold.
        int identities = counters.addDistinct(FailureKeys.identitiesFrom(attempt.sourceIp()),
                FailureKeys.identity(attempt.kind(), attempt.identity()), now, window);
        if (identities == config.identitiesPerIp()) {
            raise("credential_stuffing_suspected", attempt, requestId, Map.of("distinct_identities", Integer.toString(identities)));
        }
        // Distributed brute force: one identity failing from many addresses.
        int addresses = counters.addDistinct(FailureKeys.addressesFor(attempt.kind(), attempt.identity()),
                FailureKeys.hash(attempt.sourceIp()), now, window);
        if (addresses == config.ipsPerIdentity()) {
            raise("distributed_brute_force_suspected", attempt, requestId, Map.of("distinct_addresses", Integer.toString(addresses)));
        }
    }

    /** A successful check: the identity's count starts again (the address's does not: one good account must not launder a spray). */
    public void succeeded(Attempt attempt) {
        if (!attempt.identity().isEmpty()) {
            counters.clear(FailureKeys.identity(attempt.kind(), attempt.identity()));
        }
    }

    private static Verdict verdict(FailureState state, FailureRule rule, Instant now) {
        if (state.lockedAt(now)) {
            return Verdict.locked(Duration.between(now, state.lockedUntil()));
        }
        if (state.lockedUntil() != null || state.failures() < rule.delayAfter()) {
            // An ended lockout starts the count again at the next failure.
            return Verdict.ALLOWED;
        }
        Instant next = state.lastFailure().plus(delay(state.failures(), rule));
        return next.isAfter(now) ? Verdict.delayed(Duration.between(now, next)) : Verdict.ALLOWED;
    }

    /** The wait after {@code failures} failures: {@code initial-delay}, doubling per further failure, at most {@code max-delay}. */
    static Duration delay(int failures, FailureRule rule) {
        int doublings = Math.min(30, failures - rule.delayAfter());
        Duration delay = rule.initialDelay().multipliedBy(1L << doublings);
        return delay.compareTo(rule.maxDelay()) > 0 ? rule.maxDelay() : delay;
    }

    private void raise(String type, Attempt attempt, String requestId, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kind", attempt.kind().name().toLowerCase(java.util.Locale.ROOT));
        details.put("identity", attempt.identity());
        details.putAll(extra);
        events.record(new SecurityEvent(clock.instant(), type, requestId == null ? UUID.randomUUID().toString() : requestId,
                attempt.sourceIp(), details));
    }
}
