package io.bulwark.demo.bank;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/** An amount in one ISO 4217 currency, always with two decimals; written as a decimal string, never a float. */
public record Money(BigDecimal amount, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
        }
        // UNNECESSARY: a third decimal is a caller's bug, not something to round away silently.
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** The amount of {@code cents} hundredths of {@code currency}. */
    public static Money ofCents(long cents, String currency) {
        return new Money(BigDecimal.valueOf(cents, 2), currency);
    }

    /** The sum of this and {@code other}, which must be in the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /** This amount less {@code other}, which must be in the same currency. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** The amount as a plain decimal string such as {@code "-123.45"}. */
    public String amountString() {
        return amount.toPlainString();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
