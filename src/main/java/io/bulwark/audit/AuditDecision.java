package io.bulwark.audit;

import java.util.Locale;

/** What the gateway decided about a request. */
public enum AuditDecision {
    /** Forwarded, and the upstream's answer passed on. */
    ALLOWED,
    /** Refused by a policy step, or the upstream's answer withheld. */
    REFUSED,
    /** The gateway failed while handling it. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
