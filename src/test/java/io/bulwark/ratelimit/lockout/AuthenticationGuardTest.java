package io.bulwark.ratelimit.lockout;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.AuthenticationGuardConfig;
import io.bulwark.store.InMemoryFailureCounters;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<SecurityEvent> events = new ArrayList<>();
    private final InMemoryFailureCounters counters = new InMemoryFailureCounters();
    private final AuthenticationGuard guard = new AuthenticationGuard(counters, AuthenticationGuardConfig.defaults(), events::add, clock);

    /** Fails once, then waits out whatever delay the guard asks for; returns the delay asked after this failure. */
    private Verdict failThenCheck(Attempt attempt) {
        assertThat(guard.check(attempt).allowed()).isTrue();
        guard.failed(attempt, "r");
        return guard.check(attempt);
    }

    @Test
    void delaysProgressivelyAfterThreeFailuresThenLocksOutAUserAtTenForThirtyMinutes() {
        Attempt attempt = Attempt.user("alice", "192.0.2.1");
        List<String> verdicts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Verdict after = failThenCheck(attempt);
            verdicts.add(after.allowed() ? "allowed" : after.reason() + " " + after.retryAfterSeconds() + "s");
            if (!after.allowed() && after.reason().equals("delayed")) {
                clock.advance(after.retryAfter());
            }
        }
        // NIST SP 800-63B §5.2.2 throttling: 1 s after the 3rd failure, doubling, capped at 30 s;
        // PCI DSS 4.0.1 §8.3.4: locked after the 10th for 30 minutes.
        assertThat(verdicts).containsExactly("allowed", "allowed", "delayed 1s", "delayed 2s", "delayed 4s", "delayed 8s",
                "delayed 16s", "delayed 30s", "delayed 30s", "locked 1800s");
        assertThat(events).extracting(SecurityEvent::type).containsExactly("authentication_lockout");
        assertThat(events.getFirst().details()).containsEntry("kind", "user").containsEntry("identity", "alice");

        clock.advance(Duration.ofMinutes(29));
        assertThat(guard.check(attempt).reason()).isEqualTo("locked");
        assertThat(guard.check(Attempt.user("alice", "198.51.100.9")).reason()).as("locked from every address").isEqualTo("locked");
        clock.advance(Duration.ofMinutes(1));
        assertThat(guard.check(attempt).allowed()).isTrue();
    }

    @Test
    void anUnknownIdentityIsTreatedExactlyLikeAKnownOne() {
        // The guard never asks whether an identity exists: "nobody" is counted and locked as "alice" is.
        for (String identity : List.of("alice", "nobody")) {
            for (int i = 0; i < 10; i++) {
                guard.failed(Attempt.user(identity, "192.0.2." + i), "r");
            }
        }
        Verdict known = guard.check(Attempt.user("alice", "203.0.113.1"));
        Verdict unknown = guard.check(Attempt.user("nobody", "203.0.113.1"));
        assertThat(unknown).isEqualTo(known);
        assertThat(known.reason()).isEqualTo("locked");
    }

    @Test
    void successStartsTheIdentitysCountAgainButNotTheAddresss() {
        Attempt attempt = Attempt.client("partner", "192.0.2.1");
        guard.failed(attempt, "r");
        guard.failed(attempt, "r");
        guard.succeeded(attempt);
        guard.failed(attempt, "r");
        guard.failed(attempt, "r");
        assertThat(guard.check(attempt).allowed()).as("2 failures since the success: no delay yet").isTrue();
        assertThat(counters.state(FailureKeys.sourceIp("192.0.2.1")).failures()).isEqualTo(4);
    }

    @Test
    void failuresClaimedForAClientFromManyAddressesNeverLockItOutButRaiseTheAlarm() {
        // Anyone can claim a client id; its keys cannot be guessed. Ten failures from ten addresses lock nothing...
        for (int i = 1; i <= 10; i++) {
            guard.failed(Attempt.client("partner", "203.0.113." + i), "r" + i);
        }
        assertThat(guard.check(Attempt.client("partner", "198.51.100.1"))).isEqualTo(Verdict.ALLOWED);
        assertThat(guard.check(Attempt.client("partner", "203.0.113.1"))).as("one failure from there: no delay yet").isEqualTo(Verdict.ALLOWED);
        // ...but they are seen as the distributed attack they are, and each failure is recorded (PCI DSS v4.0 10.2.1.4).
        assertThat(events).extracting(SecurityEvent::type).filteredOn(type -> !type.equals(AuthenticationGuard.CLIENT_AUTHENTICATION_FAILED))
                .containsExactly("distributed_brute_force_suspected");
        assertThat(events).filteredOn(e -> e.type().equals(AuthenticationGuard.CLIENT_AUTHENTICATION_FAILED)).hasSize(10)
                .allSatisfy(e -> assertThat(e.details()).containsEntry("kind", "client").containsEntry("identity", "partner"));
        assertThat(events.stream().filter(e -> e.type().equals(AuthenticationGuard.CLIENT_AUTHENTICATION_FAILED)).map(SecurityEvent::requestId))
                .startsWith("r1", "r2");
    }

    @Test
    void aClientIdClaimedFromOneAddressIsDelayedThenLockedThereOnly() {
        Attempt fromAttacker = Attempt.client("partner", "203.0.113.66");
        Verdict last = Verdict.ALLOWED;
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(31));
            assertThat(guard.check(fromAttacker).allowed()).isTrue();
            guard.failed(fromAttacker, "r" + i);
            last = guard.check(fromAttacker);
        }
        assertThat(last.reason()).isEqualTo("locked");
        assertThat(last.retryAfterSeconds()).isEqualTo(1800);
        assertThat(events).filteredOn(e -> e.type().equals("authentication_lockout")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("locked", "client_from_source_ip").containsEntry("identity", "partner"));
        assertThat(guard.check(Attempt.client("partner", "192.0.2.1"))).as("the client elsewhere").isEqualTo(Verdict.ALLOWED);
        assertThat(guard.check(Attempt.user("alice", "203.0.113.66"))).as("other identities from the address").isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void secondFactorFailuresHaveTheirOwnCountWhichARightPasswordDoesNotClear() {
        Attempt password = Attempt.user("alice", "192.0.2.1");
        Attempt code = Attempt.secondFactor("alice", "192.0.2.1");
        List<String> verdicts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            // The attacker knows the password: each round signs in afresh, then guesses a code.
            guard.succeeded(password);
            Verdict after = failThenCheck(code);
            verdicts.add(after.allowed() ? "allowed" : after.reason() + " " + after.retryAfterSeconds() + "s");
            if (!after.allowed() && after.reason().equals("delayed")) {
                clock.advance(after.retryAfter());
            }
        }
        assertThat(verdicts).containsExactly("allowed", "allowed", "delayed 1s", "delayed 2s", "locked 1800s");
        assertThat(guard.check(password)).as("the password step is not refused").isEqualTo(Verdict.ALLOWED);
        assertThat(guard.check(Attempt.secondFactor("alice", "198.51.100.9")).reason()).as("from every address").isEqualTo("locked");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("authentication_lockout");
            assertThat(e.details()).containsEntry("locked", "second_factor").containsEntry("identity", "alice");
        });

        clock.advance(Duration.ofMinutes(30));
        assertThat(guard.check(code).allowed()).isTrue();
        guard.failed(code, "r");
        guard.succeeded(code);
        assertThat(counters.state(FailureKeys.identity(Attempt.Kind.SECOND_FACTOR, "alice"))).as("a right code clears it")
                .isEqualTo(io.bulwark.store.FailureState.NONE);
    }

    @Test
    void theSecondFactorLocksForADayAfterTwentyWrongCodesWhateverTheLockoutsBetween() {
        Attempt code = Attempt.secondFactor("alice", "192.0.2.1");
        int tried = 0;
        // Four rounds of five wrong codes, each round waiting out its delays and its 30-minute lockout: 20 guesses.
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 5; i++) {
                Verdict before = guard.check(code);
                if (!before.allowed()) {
                    clock.advance(before.retryAfter());
                }
                assertThat(guard.check(code).allowed()).as("round %d, code %d", round, i).isTrue();
                guard.failed(code, "r");
                tried++;
            }
            if (round < 3) {
                clock.advance(Duration.ofMinutes(30));
            }
        }
        assertThat(tried).isEqualTo(20);
        Verdict locked = guard.check(code);
        assertThat(locked.reason()).isEqualTo("locked");
        assertThat(locked.retryAfter()).isEqualTo(Duration.ofDays(1));
        clock.advance(Duration.ofMinutes(30));
        assertThat(guard.check(code).reason()).as("the 30-minute lockout is over, the day's is not").isEqualTo("locked");
        assertThat(events).filteredOn(e -> "second_factor_day".equals(e.details().get("locked"))).hasSize(1);
        guard.succeeded(code);
        assertThat(guard.check(code).reason()).as("a right code (a stolen session's) does not lift it").isEqualTo("locked");
        clock.advance(Duration.ofDays(1));
        assertThat(guard.check(code).allowed()).isTrue();
    }

    @Test
    void manyIdentitiesFailingFromOneAddressIsCredentialStuffing() {
        for (int i = 1; i <= 6; i++) {
            guard.failed(Attempt.user("user" + i, "203.0.113.7"), "r" + i);
        }
        assertThat(events).extracting(SecurityEvent::type).containsExactly("credential_stuffing_suspected");
        assertThat(events.getFirst().remoteAddress()).isEqualTo("203.0.113.7");
        assertThat(events.getFirst().details()).containsEntry("distinct_identities", "5");
    }

    @Test
    void oneIdentityFailingFromManyAddressesIsADistributedAttack() {
        for (int i = 1; i <= 6; i++) {
            guard.failed(Attempt.user("alice", "203.0.113." + i), "r" + i);
            clock.advance(Duration.ofSeconds(60));
        }
        assertThat(events).extracting(SecurityEvent::type).contains("distributed_brute_force_suspected");
        assertThat(events.stream().filter(e -> e.type().equals("distributed_brute_force_suspected")).findFirst().orElseThrow().details())
                .containsEntry("identity", "alice").containsEntry("distinct_addresses", "5");
    }

    @Test
    void oneAddressIsSlowedAndLockedOutToo() {
        // Spraying: each identity fails once, so only the address's count grows.
        Verdict last = Verdict.ALLOWED;
        for (int i = 0; i < 100; i++) {
            guard.failed(Attempt.user("user" + i, "203.0.113.9"), "r");
            last = guard.check(Attempt.user("someone-else", "203.0.113.9"));
            if (!last.allowed() && last.reason().equals("delayed")) {
                clock.advance(last.retryAfter());
            }
        }
        assertThat(last.reason()).isEqualTo("locked");
        assertThat(guard.check(Attempt.user("fresh", "198.51.100.1")).allowed()).as("other addresses are not affected").isTrue();
    }

    @Test
    void theDelayDoublesUpToItsCap() {
        var rule = AuthenticationGuardConfig.defaults().identity();
        assertThat(AuthenticationGuard.delay(3, rule)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AuthenticationGuard.delay(7, rule)).isEqualTo(Duration.ofSeconds(16));
        assertThat(AuthenticationGuard.delay(8, rule)).isEqualTo(Duration.ofSeconds(30));
        assertThat(AuthenticationGuard.delay(1000, rule)).isEqualTo(Duration.ofSeconds(30));
    }
}
