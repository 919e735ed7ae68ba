package io.bulwark.config;

import io.bulwark.config.AuthenticationGuardConfig.FailureRule;
import java.time.Duration;

/** Reads {@code authentication-guard}: progressive delay and lockout per identity, per second factor and per source IP. */
final class AuthenticationGuardReader {

    /** PCI DSS 4.0.1 §8.3.4: lock out after not more than 10 invalid attempts... */
    private static final int PCI_MAX_FAILURES = 10;
    /** ...for at least 30 minutes or until the identity is confirmed. */
    private static final Duration PCI_MIN_LOCKOUT = Duration.ofMinutes(30);

    private AuthenticationGuardReader() {
    }

    static AuthenticationGuardConfig read(ConfigNode node) {
        AuthenticationGuardConfig d = AuthenticationGuardConfig.defaults();
        if (node.isAbsent()) {
            return d;
        }
        node.map("identity", "second-factor", "source-ip", "failure-window", "identities-per-ip", "ips-per-identity");
        FailureRule identity = rule(node.get("identity"), d.identity(), true);
        FailureRule secondFactor = rule(node.get("second-factor"), d.secondFactor(), true);
        FailureRule sourceIp = rule(node.get("source-ip"), d.sourceIp(), false);
        Duration window = Durations.read(node.get("failure-window"), d.failureWindow(), Duration.ofMinutes(1), Duration.ofDays(1),
                "failures further apart than this are not counted together");
        int identitiesPerIp = Numbers.readInt(node.get("identities-per-ip"), d.identitiesPerIp(), 2, 10_000,
                "so many different users or clients failing from one address look like credential stuffing");
        int ipsPerIdentity = Numbers.readInt(node.get("ips-per-identity"), d.ipsPerIdentity(), 2, 10_000,
                "so many addresses failing for one user or client look like a distributed brute-force attack");
        return new AuthenticationGuardConfig(identity, secondFactor, sourceIp, window, identitiesPerIp, ipsPerIdentity);
    }

    private static FailureRule rule(ConfigNode node, FailureRule d, boolean pci) {
        if (node.isAbsent()) {
            return d;
        }
        node.map("delay-after", "initial-delay", "max-delay", "max-failures", "lockout");
        int maxFailures = Numbers.readInt(node.get("max-failures"), d.maxFailures(), 1, pci ? PCI_MAX_FAILURES : 100_000,
                pci ? "PCI DSS 4.0.1 §8.3.4 requires a lockout after not more than 10 invalid attempts"
                        : "a source address is locked out after this many failures");
        int delayAfter = Numbers.readInt(node.get("delay-after"), Math.min(d.delayAfter(), maxFailures), 1, maxFailures,
                "the delay must start before the lockout (`max-failures`)");
        Duration initial = Durations.read(node.get("initial-delay"), d.initialDelay(), Duration.ofMillis(100), Duration.ofMinutes(10),
                "the first wait after `delay-after` failures; it doubles with each further one");
        Duration max = Durations.read(node.get("max-delay"), d.maxDelay().compareTo(initial) < 0 ? initial : d.maxDelay(), initial,
                Duration.ofHours(1), "the longest wait between attempts (at least `initial-delay`)");
        Duration lockout = Durations.read(node.get("lockout"), d.lockout(), pci ? PCI_MIN_LOCKOUT : Duration.ofMinutes(1),
                Duration.ofDays(7), pci ? "PCI DSS 4.0.1 §8.3.4 requires a lockout of at least 30 minutes"
                        : "how long a source address stays locked out");
        return new FailureRule(delayAfter, initial, max, maxFailures, lockout);
    }
}
