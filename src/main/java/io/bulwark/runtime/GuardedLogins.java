package io.bulwark.runtime;

import io.bulwark.oauth.users.LoginAttempt;
import io.bulwark.oauth.users.LoginGuard;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;

/**
 * Puts user sign-in behind the same {@link AuthenticationGuard} as client authentication:
 * failures counted per user name and per address, progressive delay, lockout (PCI DSS 8.3.4).
 * Second-factor failures have a count of their own, which only a right code (or an operator) clears:
 * a right password must not buy a guesser of TOTP codes fresh attempts.
 */
final class GuardedLogins implements LoginGuard {

    private final AuthenticationGuard guard;

    GuardedLogins(AuthenticationGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean admits(LoginAttempt attempt) {
        return guard.check(attemptOf(attempt)).allowed();
    }

    @Override
    public void failed(LoginAttempt attempt) {
        guard.failed(attemptOf(attempt), attempt.requestId());
    }

    @Override
    public void succeeded(LoginAttempt attempt) {
        guard.succeeded(attemptOf(attempt));
    }

    private static Attempt attemptOf(LoginAttempt attempt) {
        return attempt.factor() == LoginAttempt.Factor.TOTP
                ? Attempt.secondFactor(attempt.username(), attempt.remoteAddress())
                : Attempt.user(attempt.username(), attempt.remoteAddress());
    }
}
