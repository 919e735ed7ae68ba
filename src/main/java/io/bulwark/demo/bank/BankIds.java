package io.bulwark.demo.bank;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The shapes of the bank's identifiers, as {@code bank-openapi.yaml} declares them. */
final class BankIds {

    /** Account ids: 24 lower-case hexadecimal digits. */
    static final Pattern ACCOUNT_ID = Pattern.compile("[0-9a-f]{24}");
    /** Payment ids: a UUID in its canonical lower-case form (UUID.fromString alone accepts "1-1-1-1-1"). */
    static final Pattern PAYMENT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private BankIds() {
    }

    static boolean isAccountId(String value) {
        return value != null && ACCOUNT_ID.matcher(value).matches();
    }

    static Optional<UUID> paymentId(String value) {
        return value != null && PAYMENT_ID.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
