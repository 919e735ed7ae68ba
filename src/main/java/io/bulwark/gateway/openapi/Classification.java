package io.bulwark.gateway.openapi;

import java.util.Locale;
import java.util.Optional;

/**
 * The data class of a field, from its {@code x-bulwark-classification}: what decides who may see it
 * when a response leaves the gateway.
 */
public enum Classification {
    /** Anyone the operation admits may see it. */
    PUBLIC,
    /** Identifiers and bookkeeping. */
    INTERNAL,
    /** Data about a person (GDPR Art. 4(1) personal data). */
    PERSONAL,
    /** Account numbers, amounts, transaction details. */
    FINANCIAL,
    /** Cardholder data (PCI DSS): a PAN the caller may not see is masked to its last four digits. */
    PCI,
    /** Credentials and keys: never leaves the gateway, whatever the token holds. */
    SECRET;

    /** The name as written in documents, for example {@code personal}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The classification named {@code label} ({@code public}, {@code internal}, …), if there is one. */
    public static Optional<Classification> parse(String label) {
        for (Classification value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
