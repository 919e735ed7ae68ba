package io.bulwark.testing;

import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.InMemoryFailureCounters;

import java.time.InstantSource;

/** The brute-force guard as production configures it by default, counting in memory, for tests of one component. */
public final class TestGuards {

    private TestGuards() {
    }

    /** A guard with the default delays and lockouts; its security events are dropped. */
    public static AuthenticationGuard authenticationGuard(InstantSource clock) {
        return new AuthenticationGuard(new InMemoryFailureCounters(), AuthenticationGuardConfig.defaults(), event -> { }, clock);
    }
}
