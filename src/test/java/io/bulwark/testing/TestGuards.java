package io.bulwark.testing;

import io.bulwark.config.AuthenticationGuardConfig.FailureRule;
import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.InMemoryFailureCounters;

import java.time.Duration;
import java.time.InstantSource;

/** The brute-force guard for tests of one component, counting in memory; its security events are dropped. */
public final class TestGuards {

    private static final FailureRule FAR_OFF = new FailureRule(1_000, Duration.ofSeconds(1), Duration.ofSeconds(30), 10_000,
            Duration.ofMinutes(30));

    private TestGuards() {
    }

    /** A guard with the default delays and lockouts, as production configures it. */
    public static AuthenticationGuard defaults(InstantSource clock) {
        return new AuthenticationGuard(new InMemoryFailureCounters(), AuthenticationGuardConfig.defaults(), event -> { }, clock);
    }

    /**
     * A guard that counts but delays only after a thousand failures: for tests of the protocol's own refusals, which send
     * many wrong credentials from one address and would otherwise be answered by the guard instead.
     */
    public static AuthenticationGuard farOff(InstantSource clock) {
        return new AuthenticationGuard(new InMemoryFailureCounters(),
                new AuthenticationGuardConfig(FAR_OFF, FAR_OFF, FAR_OFF, Duration.ofHours(1), 1_000, 1_000), event -> { }, clock);
    }
}
