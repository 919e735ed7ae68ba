package io.bulwark.demo.bank;

import java.time.LocalDate;
import java.util.Objects;

/** One balance of an account as of {@code referenceDate}. */
public record Balance(BalanceType type, Money amount, LocalDate referenceDate) {

    public Balance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(referenceDate, "referenceDate");
    }
}
