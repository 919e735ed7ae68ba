package io.bulwark.demo.bank;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Payments accepted since start-up, in memory, and the amounts they hold back on each debtor account. */
final class PaymentLedger {

    private final Map<UUID, Payment> payments = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> reservedByAccount = new HashMap<>(); // guarded by this

    /**
     * Records {@code payment} if {@code available} (before this ledger's reservations) still covers it.
     * Check and reservation are one step, so two concurrent payments cannot both spend the same money.
     */
    synchronized boolean recordIfCovered(Payment payment, Money available) {
        String accountId = payment.order().debtorAccountId();
        BigDecimal amount = payment.order().instructedAmount().amount();
        BigDecimal reserved = reservedByAccount.getOrDefault(accountId, BigDecimal.ZERO);
        if (available.amount().subtract(reserved).compareTo(amount) < 0) {
            return false;
        }
        reservedByAccount.put(accountId, reserved.add(amount));
        payments.put(payment.paymentId(), payment);
        return true;
    }

    /** Sum of the payments in process from {@code accountId}. */
    synchronized BigDecimal reserved(String accountId) {
        return reservedByAccount.getOrDefault(accountId, BigDecimal.ZERO);
    }

    Optional<Payment> find(UUID paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }
}
