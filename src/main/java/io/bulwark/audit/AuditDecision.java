package io.bulwark.audit;

import java.util.Locale;

/** What the gateway decided about a request. */
public enum AuditDecision {
    /** Forwarded, and the upstream's answer passed on. */
    ALLOWED,
    /** Refused by a policy step, or the upstream's answer withheld. */
    REFUSED,
    /** The gateway failed while handling it. */
    FAILED,
    /**
     * Not a request: a security event kept in the chain (a lockout, a key rotation, a reload, a chain alarm); its
     * {@code reason} is the event type and its {@code objects} the event's details.
     */
    SECURITY_EVENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
