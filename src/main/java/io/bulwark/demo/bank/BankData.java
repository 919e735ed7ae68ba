package io.bulwark.demo.bank;

import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The demo bank's customers, accounts and transaction history, generated deterministically from a seed,
 * plus the payments accepted since start-up. Thread-safe: the generated data never changes and the
 * payment ledger serializes its own updates.
 */
public final class BankData {

    private final LocalDate today;
    private final Map<String, Customer> customers;
    private final Map<String, Account> accounts;
    private final Map<String, List<Transaction>> transactions;
    private final Map<String, Money> openingBalances;
    private final PaymentLedger ledger = new PaymentLedger();
    private final InstantSource clock;

    BankData(LocalDate today, List<Customer> customers, List<Account> accounts,
             Map<String, List<Transaction>> transactions, Map<String, Money> openingBalances, InstantSource clock) {
        this.today = Objects.requireNonNull(today, "today");
        this.customers = index(customers, Customer::subject);
        this.accounts = index(accounts, Account::accountId);
        this.transactions = Map.copyOf(transactions);
        this.openingBalances = Map.copyOf(openingBalances);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The demo bank for {@code seed}, with about six months of history up to {@code today}. The same seed
     * and day always give the same customers, accounts, identifiers and transactions.
     */
    public static BankData generate(long seed, LocalDate today) {
        return new BankDataGenerator(seed, today).generate(InstantSource.system());
    }

    /** The day the history ends; balances are as of this day. */
    public LocalDate today() {
        return today;
    }

    /** Every customer, in a stable order. */
    public List<Customer> customers() {
        return List.copyOf(customers.values());
    }

    /** The customer whose subject id is {@code subject}, if any. */
    public Optional<Customer> customer(String subject) {
        return Optional.ofNullable(customers.get(subject));
    }

    /** Every account, in a stable order. */
    public List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    /** The accounts {@code subject} owns. */
    public List<Account> accountsOf(String subject) {
        return accounts.values().stream().filter(a -> a.ownerSubject().equals(subject)).toList();
    }

    /** The account {@code accountId}, if any. */
    public Optional<Account> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    /** The owner of {@code account}. */
    public Customer ownerOf(Account account) {
        return customers.get(account.ownerSubject());
    }

    /** The transactions of {@code accountId}, newest first; empty for an unknown account. */
    public List<Transaction> transactions(String accountId) {
        return transactions.getOrDefault(accountId, List.of());
    }

    /** The booked and available balances of {@code account} as of {@link #today()}. */
    public List<Balance> balances(Account account) {
        Money reserved = new Money(ledger.reserved(account.accountId()), account.currency());
        return List.of(
                new Balance(BalanceType.BOOKED, bookedBalance(account), today),
                new Balance(BalanceType.AVAILABLE, availableBeforePayments(account).minus(reserved), today));
    }

    /** Checks {@code order} from the customer {@code initiator} against their accounts and funds, and stores it if accepted. */
    public PaymentOutcome submitPayment(String initiator, PaymentOrder order) {
        Optional<Account> found = account(order.debtorAccountId()).filter(a -> a.ownerSubject().equals(initiator));
        if (found.isEmpty()) {
            return new PaymentOutcome.Refused(PaymentRefusal.UNKNOWN_DEBTOR_ACCOUNT);
        }
        Account debtor = found.get();
        if (!debtor.canSendCreditTransfers()) {
            return new PaymentOutcome.Refused(PaymentRefusal.NOT_A_TRANSFER_ACCOUNT);
        }
        if (!debtor.currency().equals(order.instructedAmount().currency())) {
            return new PaymentOutcome.Refused(PaymentRefusal.CURRENCY_MISMATCH);
        }
        if (debtor.iban().equals(order.creditorIban())) {
            return new PaymentOutcome.Refused(PaymentRefusal.SAME_ACCOUNT);
        }
        // A random UUID: payment ids must not be guessable, whatever the ownership checks in front of them.
        Payment payment = new Payment(UUID.randomUUID(), initiator, order, debtor.iban(),
                PaymentStatus.ACCEPTED_SETTLEMENT_IN_PROCESS, clock.instant());
        return ledger.recordIfCovered(payment, availableBeforePayments(debtor))
                ? new PaymentOutcome.Accepted(payment)
                : new PaymentOutcome.Refused(PaymentRefusal.INSUFFICIENT_FUNDS);
    }

    /** The payment {@code paymentId}, if one was accepted. */
    public Optional<Payment> payment(UUID paymentId) {
        return ledger.find(paymentId);
    }

    private Money bookedBalance(Account account) {
        Money booked = openingBalances.get(account.accountId());
        for (Transaction t : transactions(account.accountId())) {
            if (t.status() == BookingStatus.BOOKED) {
                booked = booked.plus(t.amount());
            }
        }
        return booked;
    }

    /** Booked balance plus pending transactions and any credit limit; payments in process still to subtract. */
    private Money availableBeforePayments(Account account) {
        Money available = bookedBalance(account);
        for (Transaction t : transactions(account.accountId())) {
            if (t.status() == BookingStatus.PENDING) {
                available = available.plus(t.amount());
            }
        }
        return account.creditLimit() == null ? available : available.plus(account.creditLimit());
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> byKey = new LinkedHashMap<>();
        for (T item : items) {
            if (byKey.put(key.apply(item), item) != null) {
                throw new IllegalArgumentException("duplicate key " + key.apply(item));
            }
        }
        return Collections.unmodifiableMap(byKey);
    }
}
