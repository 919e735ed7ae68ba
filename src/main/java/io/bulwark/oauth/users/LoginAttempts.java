package io.bulwark.oauth.users;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.store.KeySealer;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every sign-in check goes through here: the password (Argon2id) and the TOTP second factor. Each
 * attempt is first put to the {@link LoginGuard}, and each failure is reported to it and recorded
 * as a security event, so that lockout and alerting have one place to hook into.
 */
public final class LoginAttempts {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final KeySealer sealer;
    private final LoginGuard guard;
    private final SecurityEventSink events;
    private final InstantSource clock;

    public LoginAttempts(UserRepository users, PasswordHasher hasher, KeySealer sealer, LoginGuard guard,
                         SecurityEventSink events, InstantSource clock) {
        this.users = users;
        this.hasher = hasher;
        this.sealer = sealer;
        this.guard = guard;
        this.events = events;
        this.clock = clock;
    }

    /** Checks {@code password} for the user named in {@code attempt} (a {@link LoginAttempt.Factor#PASSWORD} attempt). */
    public LoginOutcome password(LoginAttempt attempt, String password) {
        if (attempt.factor() != LoginAttempt.Factor.PASSWORD) {
            throw new IllegalArgumentException("not a password attempt");
        }
        if (!guard.admits(attempt)) {
            return blocked(attempt);
        }
        Optional<User> found = users.find(attempt.username()).filter(user -> !user.disabled());
        boolean right = found.isPresent()
                ? hasher.verify(password == null ? "" : password, found.get().passwordHash())
                // An unknown or disabled user costs a full hash too, so response time does not tell them apart.
                : hasher.verifyAgainstDummy(password == null ? "" : password);
        if (!right) {
            return rejected(attempt, found.isPresent() ? "wrong_password" : "unknown_user");
        }
        guard.succeeded(attempt);
        return new LoginOutcome.Accepted(found.get());
    }

    /**
     * Checks a TOTP {@code code} for {@code user}, who has already given the right password (a
     * {@link LoginAttempt.Factor#TOTP} attempt). A code is accepted once (RFC 6238 §5.2).
     */
    public LoginOutcome secondFactor(LoginAttempt attempt, User user, String code) {
        if (attempt.factor() != LoginAttempt.Factor.TOTP || !attempt.username().equals(user.username())) {
            throw new IllegalArgumentException("not a TOTP attempt for " + user.username());
        }
        if (!guard.admits(attempt)) {
            return blocked(attempt);
        }
        if (!user.hasSecondFactor()) {
            return rejected(attempt, "no_second_factor");
        }
        byte[] secret = Base32.decode(sealer.open(user.sealedTotpSecret(), user.totpContext()));
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        if (step.isEmpty()) {
            return rejected(attempt, "wrong_code");
        }
        // RFC 6238 §5.2: the verifier must not accept the second attempt of the same OTP.
        if (!users.useTotpStep(user.username(), step.getAsLong())) {
            return rejected(attempt, "code_replayed");
        }
        guard.succeeded(attempt);
        return new LoginOutcome.Accepted(user);
    }

    private LoginOutcome rejected(LoginAttempt attempt, String reason) {
        guard.failed(attempt);
        record(attempt, attempt.factor() == LoginAttempt.Factor.PASSWORD ? "login_failed" : "second_factor_failed", reason);
        return new LoginOutcome.Rejected();
    }

    private LoginOutcome blocked(LoginAttempt attempt) {
        record(attempt, "login_blocked", "guard_refused");
        return new LoginOutcome.Blocked();
    }

    private void record(LoginAttempt attempt, String type, String reason) {
        // The username is an identifier and goes in; the password or code never does.
        events.record(new SecurityEvent(clock.instant(), type, attempt.requestId(), attempt.remoteAddress(),
                Map.of("username", attempt.username(), "reason", reason)));
    }
}
