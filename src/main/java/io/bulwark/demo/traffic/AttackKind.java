package io.bulwark.demo.traffic;

import java.util.Locale;

/**
 * The attacks the traffic injects (docs/ANOMALY.md), each labelled with its kind's {@link #label()}. Which
 * detector is meant to see each is a note for the benchmark, not a rule: any alert on the attack's actor counts.
 */
public enum AttackKind {
    /** Leaked username and password pairs tried at the sign-in page from many addresses. */
    CREDENTIAL_STUFFING,
    /** One or two common passwords tried against many usernames, slowly. */
    PASSWORD_SPRAYING,
    /** A user's token walking account ids that are not theirs (OWASP API1:2023, BOLA). */
    BOLA_ENUMERATION,
    /** A client pulling every page of every account at the largest page size, far faster than its users read. */
    BULK_SCRAPING,
    /** A user's token (and its DPoP key, stolen with the device) used from a network the client never called from. */
    TOKEN_REPLAY,
    /** A partner client taken over: at night, from a new address, every user's data and payments. */
    COMPROMISED_CLIENT,
    /** A burst of payments to new payees, with amounts near what the account holds. */
    PAYMENT_FRAUD,
    /** SQL, script, command and path strings in payment free-text fields that the schema and consent rules allow. */
    CONTENT_INJECTION,
    /** Undeclared routes, odd parameters and methods, one every half hour or so, over hours. */
    SLOW_PROBING;

    /** The label in files and reports: the name in lower case, such as {@code bola_enumeration}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this label. */
    public static AttackKind fromLabel(String label) {
        for (AttackKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown attack kind `" + label + "`; the kinds are "
                + java.util.Arrays.stream(values()).map(AttackKind::label).toList());
    }
}
