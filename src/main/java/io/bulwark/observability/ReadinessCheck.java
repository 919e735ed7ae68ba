package io.bulwark.observability;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One named readiness check. The probe may block (a query, a PING); {@link ReadinessChecks} runs it on a virtual thread of
 * its own under a deadline, and an exception it throws is a {@code fail} naming the exception's message.
 *
 * @param name  the check's name in the answer ({@code store}, {@code redis}, {@code upstreams}, {@code jwks})
 * @param probe what it runs
 */
public record ReadinessCheck(String name, Callable<CheckResult> probe) {

    public ReadinessCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
    }
}
