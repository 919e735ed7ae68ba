package io.bulwark.oauth.users;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every login check through one class: outcomes, the guard seam, security events, TOTP replay, equal timing. */
class LoginAttemptsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final RecordingGuard guard = new RecordingGuard();
    private JdbcStore store;
    private LoginAttempts attempts;
    private byte[] secret;

    @BeforeEach
    void setUp() {
        store = JdbcStore.embedded(dir, clock);
        AesGcmKeySealer sealer = new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key")));
        PasswordHasher hasher = new PasswordHasher();
        secret = Totp.newSecret();
        new UserAccounts(store.users(), hasher, sealer, clock).ensure("alice", "alice", "Alice", "s3cret-pass", secret);
        new UserAccounts(store.users(), hasher, sealer, clock).ensure("carol", "carol", "Carol", "other-pass", null);
        attempts = new LoginAttempts(store.users(), hasher, sealer, guard, events::add, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static LoginAttempt password(String username) {
        return new LoginAttempt(username, "203.0.113.7", "req-1", LoginAttempt.Factor.PASSWORD);
    }

    private static LoginAttempt totp(String username) {
        return new LoginAttempt(username, "203.0.113.7", "req-2", LoginAttempt.Factor.TOTP);
    }

    @Test
    void theRightPasswordSignsInAndTheGuardHearsOfIt() {
        LoginOutcome outcome = attempts.password(password("alice"), "s3cret-pass");

        assertThat(outcome).isInstanceOfSatisfying(LoginOutcome.Accepted.class, a -> assertThat(a.user().subject()).isEqualTo("alice"));
        assertThat(guard.calls).containsExactly("admits alice PASSWORD", "succeeded alice PASSWORD");
        assertThat(events).isEmpty();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRejectedAlikeAndRecorded() {
        assertThat(attempts.password(password("alice"), "guess")).isInstanceOf(LoginOutcome.Rejected.class);
        assertThat(attempts.password(password("mallory"), "guess")).isInstanceOf(LoginOutcome.Rejected.class);

        assertThat(guard.calls).containsExactly("admits alice PASSWORD", "failed alice PASSWORD",
                "admits mallory PASSWORD", "failed mallory PASSWORD");
        assertThat(events).extracting(SecurityEvent::type).containsExactly("login_failed", "login_failed");
        assertThat(events).extracting(e -> e.details().get("reason")).containsExactly("wrong_password", "unknown_user");
        assertThat(events.getFirst().remoteAddress()).isEqualTo("203.0.113.7");
        assertThat(events.toString()).doesNotContain("guess");
    }

    @Test
    void aDisabledUserCannotSignIn() {
        User alice = store.users().find("alice").orElseThrow();
        store.users().save(new User(alice.username(), alice.subject(), alice.displayName(), alice.passwordHash(),
                alice.sealedTotpSecret(), true, alice.createdAt()));

        assertThat(attempts.password(password("alice"), "s3cret-pass")).isInstanceOf(LoginOutcome.Rejected.class);
    }

    @Test
    void whenTheGuardRefusesNothingIsCheckedAtAll() {
        guard.admit = false;

        assertThat(attempts.password(password("alice"), "s3cret-pass")).isInstanceOf(LoginOutcome.Blocked.class);
        assertThat(attempts.secondFactor(totp("alice"), store.users().find("alice").orElseThrow(),
                Totp.code(secret, Totp.step(clock.instant())))).isInstanceOf(LoginOutcome.Blocked.class);
        assertThat(guard.calls).containsExactly("admits alice PASSWORD", "admits alice TOTP");
        assertThat(events).extracting(SecurityEvent::type).containsExactly("login_blocked", "login_blocked");
        // The code was not spent: the guard's refusal came first.
        assertThat(store.users().useTotpStep("alice", Totp.step(clock.instant()))).isTrue();
    }

    @Test
    void aTotpCodeWorksOnceAndTheNextStepsCodeAfterIt() {
        User alice = store.users().find("alice").orElseThrow();
        String code = Totp.code(secret, Totp.step(clock.instant()));

        assertThat(attempts.secondFactor(totp("alice"), alice, code)).isInstanceOf(LoginOutcome.Accepted.class);
        assertThat(attempts.secondFactor(totp("alice"), alice, code)).isInstanceOf(LoginOutcome.Rejected.class);
        assertThat(events).extracting(e -> e.details().get("reason")).containsExactly("code_replayed");
        // An older code still inside the window is refused too: steps only move forward.
        assertThat(attempts.secondFactor(totp("alice"), alice, Totp.code(secret, Totp.step(clock.instant()) - 1)))
                .isInstanceOf(LoginOutcome.Rejected.class);

        clock.advance(Duration.ofSeconds(30));
        assertThat(attempts.secondFactor(totp("alice"), alice, Totp.code(secret, Totp.step(clock.instant()))))
                .isInstanceOf(LoginOutcome.Accepted.class);
    }

    @Test
    void aWrongCodeOrAUserWithoutSecondFactorIsRejected() {
        User alice = store.users().find("alice").orElseThrow();
        String wrong = Totp.code(secret, Totp.step(clock.instant()) + 5);

        assertThat(attempts.secondFactor(totp("alice"), alice, wrong)).isInstanceOf(LoginOutcome.Rejected.class);
        assertThat(attempts.secondFactor(totp("carol"), store.users().find("carol").orElseThrow(), "123456"))
                .isInstanceOf(LoginOutcome.Rejected.class);
        assertThat(events).extracting(SecurityEvent::type).containsOnly("second_factor_failed");
        assertThat(events).extracting(e -> e.details().get("reason")).containsExactly("wrong_code", "no_second_factor");
    }

    @Test
    void theTotpSecretIsSealedAtRestUnderTheUsersOwnContext() {
        User alice = store.users().find("alice").orElseThrow();

        assertThat(alice.sealedTotpSecret()).startsWith("v1:").doesNotContain(Base32.encode(secret));
        assertThat(alice.passwordHash()).startsWith("$argon2id$").doesNotContain("s3cret-pass");
        // Copied onto another user, the sealed secret does not open: their second factor fails closed.
        User carol = store.users().find("carol").orElseThrow();
        User forged = new User(carol.username(), carol.subject(), carol.displayName(), carol.passwordHash(),
                alice.sealedTotpSecret(), false, carol.createdAt());
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                attempts.secondFactor(totp("carol"), forged, Totp.code(secret, Totp.step(clock.instant()))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ensuringAnUnchangedUserKeepsItsReplayState() {
        User alice = store.users().find("alice").orElseThrow();
        long step = Totp.step(clock.instant());
        assertThat(store.users().useTotpStep("alice", step)).isTrue();

        User again = new UserAccounts(store.users(), new PasswordHasher(),
                new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key"))), clock)
                .ensure("alice", "alice", "Alice", "s3cret-pass", secret);

        assertThat(again).isEqualTo(alice);
        assertThat(store.users().useTotpStep("alice", step)).isFalse();
    }

    /** A guard that records what it was told and admits as the test says. */
    private static final class RecordingGuard implements LoginGuard {
        final List<String> calls = new ArrayList<>();
        volatile boolean admit = true;

        @Override
        public boolean admits(LoginAttempt attempt) {
            calls.add("admits " + attempt.username() + " " + attempt.factor());
            return admit;
        }

        @Override
        public void failed(LoginAttempt attempt) {
            calls.add("failed " + attempt.username() + " " + attempt.factor());
        }

        @Override
        public void succeeded(LoginAttempt attempt) {
            calls.add("succeeded " + attempt.username() + " " + attempt.factor());
        }
    }
}
