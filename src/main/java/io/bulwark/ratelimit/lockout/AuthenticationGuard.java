package io.bulwark.ratelimit.lockout;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.AuthenticationGuardConfig.FailureRule;
import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Guards every credential check: call {@link #check} before it, then {@link #failed} or {@link #succeeded} after.
 * Failures are counted per source address and per identity: a user's password, a user's second factor (apart from
 * the password, so that a password success does not reset it), and a client per address it is claimed from. After
 * {@code delay-after} failures each further attempt must wait, the wait doubling each time (NIST SP 800-63B §5.2.2
 * throttling); at {@code max-failures} the key is locked out (PCI DSS 4.0.1 §8.3.4). Existing and unknown identities
 * are treated alike, so nothing here reveals which exist.
 */
public final class AuthenticationGuard {

    private final FailureCounters counters;
    private final AuthenticationGuardConfig config;
    private final SecurityEventSink events;
    private final InstantSource clock;

    /**
     * The second factor's daily cap: the per-lockout rule re-arms after each lockout, so without it a holder of the password
     * could try some 240 codes a day for ever. NIST SP 800-63B §5.2.2 caps consecutive failed attempts at 100; 20 wrong
     * codes within a day (counted since the last failure, never cleared by a right code) lock the second factor for a day.
     */
    static final int SECOND_FACTOR_DAILY_FAILURES = 20;
    static final Duration SECOND_FACTOR_DAY = Duration.ofDays(1);
    private static final FailureRule SECOND_FACTOR_DAILY = new FailureRule(SECOND_FACTOR_DAILY_FAILURES, Duration.ofSeconds(1),
            Duration.ofSeconds(1), SECOND_FACTOR_DAILY_FAILURES, SECOND_FACTOR_DAY);

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
        Verdict byIdentity = verdict(counters.state(identityKey(attempt)), rule(attempt.kind()), now);
        if (attempt.kind() == Attempt.Kind.SECOND_FACTOR) {
            byIdentity = stricter(byIdentity, verdict(counters.state(FailureKeys.secondFactorDay(attempt.identity())), SECOND_FACTOR_DAILY, now));
        }
        return stricter(byAddress, byIdentity);
    }

    /** The security event of each failed client authentication (10.2.1.4). */
    public static final String CLIENT_AUTHENTICATION_FAILED = "client_authentication_failed";

    /** Counts a failed credential check; raises security events for lockouts and for attacks spread over identities or addresses. */
    public void failed(Attempt attempt, String requestId) {
        Instant now = clock.instant();
        if (attempt.kind() == Attempt.Kind.CLIENT) {
            // PCI DSS v4.0 10.2.1.4: every invalid logical access attempt is recorded; users' own are raised by LoginAttempts.
            raise(CLIENT_AUTHENTICATION_FAILED, attempt, requestId, Map.of());
        }
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
        FailureRule rule = rule(attempt.kind());
        FailureState byIdentity = counters.recordFailure(identityKey(attempt), now, window, rule.maxFailures(), rule.lockout());
        if (byIdentity.failures() == rule.maxFailures()) {
            raise("authentication_lockout", attempt, requestId, Map.of("locked", locked(attempt.kind()),
                    "until", byIdentity.lockedUntil().toString()));
        }
        if (attempt.kind() == Attempt.Kind.SECOND_FACTOR) {
            FailureState day = counters.recordFailure(FailureKeys.secondFactorDay(attempt.identity()), now, SECOND_FACTOR_DAY,
                    SECOND_FACTOR_DAILY_FAILURES, SECOND_FACTOR_DAY);
            if (day.failures() == SECOND_FACTOR_DAILY_FAILURES) {
                raise("authentication_lockout", attempt, requestId, Map.of("locked", "second_factor_day", "until", day.lockedUntil().toString()));
            }
            // Only a holder of the user's password gets here: the second factor's own lockouts are the alarm.
            return;
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

    /**
     * A successful check: the count of what was checked starts again (a password success leaves the second factor's
     * count as it is; the address's count stays too: one good account must not launder a spray).
     */
    public void succeeded(Attempt attempt) {
        if (!attempt.identity().isEmpty()) {
            counters.clear(identityKey(attempt));
        }
    }

    /**
     * The counter an identity's failures go to. A client authenticates with a private key or a certificate, which
     * cannot be guessed, so failures claimed in its name are counted per address they come from: anyone could claim
     * them, and a count per client id would let anyone lock the client out. A user's password (PCI DSS 4.0.1 §8.3.4)
     * and second factor are counted per user, from wherever they fail.
     */
    private static String identityKey(Attempt attempt) {
        return attempt.kind() == Attempt.Kind.CLIENT
                ? FailureKeys.identityFrom(attempt.kind(), attempt.identity(), attempt.sourceIp())
                : FailureKeys.identity(attempt.kind(), attempt.identity());
    }

    private FailureRule rule(Attempt.Kind kind) {
        return kind == Attempt.Kind.SECOND_FACTOR ? config.secondFactor() : config.identity();
    }

    /** What a lockout event says was locked. */
    private static String locked(Attempt.Kind kind) {
        return kind == Attempt.Kind.CLIENT ? "client_from_source_ip" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The verdict that makes the caller wait longer ({@code second} when both allow). */
    private static Verdict stricter(Verdict first, Verdict second) {
        if (second.allowed()) {
            return first;
        }
        return first.allowed() || second.retryAfter().compareTo(first.retryAfter()) > 0 ? second : first;
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
        events.record(new SecurityEvent(clock.instant(), type, requestId == null ? io.bulwark.audit.RequestIds.next() : requestId,
                attempt.sourceIp(), details));
    }
}
