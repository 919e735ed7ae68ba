package io.bulwark.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Credential-stuffing and brute-force protection: failed authentications counted per identity (a user's password,
 * a client claimed from one address), per user's second factor and per source IP, slowed down progressively, then
 * locked out.
 *
 * @param identity        the rule for one user's password, and for one client claimed from one address
 * @param secondFactor    the rule for one user's TOTP codes, counted apart from the password
 * @param sourceIp        the rule for one source address
 * @param failureWindow   failures older than this (since the last one) are forgotten
 * @param identitiesPerIp distinct identities failing from one address within the window that raise a security event
 * @param ipsPerIdentity  distinct addresses failing for one identity within the window that raise a security event
 */
public record AuthenticationGuardConfig(FailureRule identity, FailureRule secondFactor, FailureRule sourceIp, Duration failureWindow,
                                        int identitiesPerIp, int ipsPerIdentity) {

    /**
     * What failures do to one key.
     *
     * @param delayAfter   failures after which each further attempt must wait
     * @param initialDelay the first wait; it doubles with each further failure
     * @param maxDelay     the longest wait
     * @param maxFailures  failures that lock the key out
     * @param lockout      how long a lockout lasts (unless unlocked by an operator)
     */
    public record FailureRule(int delayAfter, Duration initialDelay, Duration maxDelay, int maxFailures, Duration lockout) {
        public FailureRule {
            Objects.requireNonNull(initialDelay, "initialDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lockout, "lockout");
            if (maxFailures < 1 || delayAfter < 1) {
                throw new IllegalArgumentException("maxFailures and delayAfter must be at least 1");
            }
        }
    }

    public AuthenticationGuardConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(secondFactor, "secondFactor");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(failureWindow, "failureWindow");
    }

    /**
     * PCI DSS 4.0.1 §8.3.4: lockout after at most 10 failures, for at least 30 minutes. The second factor locks after
     * 5: only someone holding the password reaches it, and its code space is only 10^6 (3 codes valid at a time).
     */
    public static AuthenticationGuardConfig defaults() {
        return new AuthenticationGuardConfig(
                new FailureRule(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 10, Duration.ofMinutes(30)),
                new FailureRule(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(30)),
                new FailureRule(20, Duration.ofSeconds(1), Duration.ofSeconds(30), 100, Duration.ofMinutes(30)),
                Duration.ofHours(1), 5, 5);
    }
}
