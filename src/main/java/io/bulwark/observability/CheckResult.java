package io.bulwark.observability;

import java.util.Objects;

/**
 * What one readiness check found: {@code pass}, {@code warn} (serving, with a concern an operator should see) or
 * {@code fail}, and a line saying why (never a secret: names, counts, ages and states only).
 */
public record CheckResult(Status status, String detail) {

    /** The statuses of draft-inadarei-api-health-check §3.1, in their JSON spelling. */
    public enum Status {
        PASS, WARN, FAIL;

        /** As written in the answer: {@code pass}, {@code warn}, {@code fail}. */
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static CheckResult pass(String detail) {
        return new CheckResult(Status.PASS, detail);
    }

    public static CheckResult warn(String detail) {
        return new CheckResult(Status.WARN, detail);
    }

    public static CheckResult fail(String detail) {
        return new CheckResult(Status.FAIL, detail);
    }
}
