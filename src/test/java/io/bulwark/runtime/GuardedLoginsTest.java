package io.bulwark.runtime;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.oauth.users.LoginAttempt;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.InMemoryFailureCounters;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User sign-in behind the authentication guard: delay, then lockout after 10 failures for 30 minutes (PCI DSS 8.3.4);
 * the second factor counted on its own and locked after 5.
 */
class GuardedLoginsTest {

    private final MutableClock clock = MutableClock.atNow();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final GuardedLogins logins = new GuardedLogins(
            new AuthenticationGuard(new InMemoryFailureCounters(), AuthenticationGuardConfig.defaults(), events::add, clock));

    private static LoginAttempt password(String user, String ip) {
        return new LoginAttempt(user, ip, "req", LoginAttempt.Factor.PASSWORD);
    }

    private static LoginAttempt code(String user, String ip) {
        return new LoginAttempt(user, ip, "req", LoginAttempt.Factor.TOTP);
    }

    /** Fails {@code times} sign-ins for {@code user}, each once the guard admits it again. */
    private void fail(String user, int times) {
        for (int i = 0; i < times; i++) {
            while (!logins.admits(password(user, "203.0.113." + (i % 3)))) {
                clock.advance(Duration.ofSeconds(1));
            }
            logins.failed(password(user, "203.0.113." + (i % 3)));
        }
    }

    @Test
    void tenFailedSignInsLockTheUserOutForThirtyMinutesAndAnUnknownUserAlike() {
        for (String user : List.of("alice", "nobody-by-this-name")) {
            fail(user, 10);
            assertThat(logins.admits(password(user, "198.51.100.7"))).as(user + " locked, from any address").isFalse();
            clock.advance(Duration.ofMinutes(29));
            assertThat(logins.admits(password(user, "198.51.100.7"))).as(user + " still locked after 29 min").isFalse();
            clock.advance(Duration.ofMinutes(1));
            assertThat(logins.admits(password(user, "198.51.100.7"))).as(user + " after 30 min").isTrue();
        }
        assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo("authentication_lockout"));
    }

    @Test
    void aSuccessfulSignInClearsTheCount() {
        fail("bob", 5);
        logins.succeeded(password("bob", "203.0.113.1"));
        fail("bob", 9);
        // Nine failures since the success: delayed, not locked; once the delay has passed, admitted.
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.admits(password("bob", "203.0.113.1"))).isTrue();
    }

    @Test
    void wrongCodesLockTheSecondFactorAfterFiveHoweverOftenThePasswordIsRight() {
        for (int i = 0; i < 5; i++) {
            logins.succeeded(password("carol", "203.0.113.1"));
            while (!logins.admits(code("carol", "203.0.113.1"))) {
                clock.advance(Duration.ofSeconds(1));
            }
            logins.failed(code("carol", "203.0.113.1"));
        }
        logins.succeeded(password("carol", "203.0.113.1"));
        assertThat(logins.admits(password("carol", "203.0.113.1"))).as("the password counts apart").isTrue();
        clock.advance(Duration.ofMinutes(29));
        assertThat(logins.admits(code("carol", "198.51.100.7"))).as("second factor locked, from any address").isFalse();
        assertThat(events).filteredOn(e -> e.type().equals("authentication_lockout"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("locked", "second_factor"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(logins.admits(code("carol", "203.0.113.1"))).isTrue();
        logins.failed(code("carol", "203.0.113.1"));
        logins.succeeded(code("carol", "203.0.113.1"));
        logins.failed(code("carol", "203.0.113.1"));
        logins.failed(code("carol", "203.0.113.1"));
        assertThat(logins.admits(code("carol", "203.0.113.1"))).as("a right code started the count again").isTrue();
    }
}
