package io.bulwark.demo.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BankDataTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);
    private final BankData data = BankData.generate(42L, TODAY);

    @Test
    void aliceAndBobAreCustomersWithPersonalData() {
        assertThat(data.customers()).extracting(Customer::subject).containsExactly("alice", "bob");
        for (Customer customer : data.customers()) {
            assertThat(customer.fullName()).contains(" ");
            assertThat(customer.email()).contains("@");
            assertThat(customer.phone()).matches("\\+[1-9][0-9]{6,14}");
            assertThat(customer.dateOfBirth()).isBefore(TODAY.minusYears(18));
            assertThat(customer.address().street()).isNotBlank();
        }
    }

    @Test
    void theTwoCustomersOwnDisjointAccountsThatTogetherAreAll() {
        List<Account> alices = data.accountsOf("alice");
        List<Account> bobs = data.accountsOf("bob");

        assertThat(alices).isNotEmpty().doesNotContainAnyElementsOf(bobs);
        assertThat(bobs).isNotEmpty();
        assertThat(data.accounts()).containsExactlyInAnyOrderElementsOf(concat(alices, bobs));
        Set<String> ids = new HashSet<>();
        data.accounts().forEach(a -> assertThat(ids.add(a.accountId())).as("unique id %s", a.accountId()).isTrue());
    }

    @Test
    void eachCustomerHasACurrentAccountWithAValidIbanAndACardAccountWithAValidTestPan() {
        for (Customer customer : data.customers()) {
            List<Account> owned = data.accountsOf(customer.subject());
            assertThat(owned).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AccountType.CURRENT);
                assertThat(mod97(a.iban())).as("ISO 13616 check of %s", a.iban()).isEqualTo(1);
                assertThat(a.iban()).startsWith(customer.address().country());
            });
            assertThat(owned).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AccountType.CARD);
                assertThat(a.pan()).hasSize(16).startsWith("400000");
                assertThat(luhnValid(a.pan())).as("Luhn check of the PAN").isTrue();
                assertThat(a.iban()).isNull();
                assertThat(a.cardExpiry()).isAfter(YearMonth.from(TODAY));
            });
        }
    }

    @Test
    void everyIbanAndPanPassesAnIndependentCheck() {
        for (Account account : data.accounts()) {
            if (account.iban() != null) {
                assertThat(mod97(account.iban())).isEqualTo(1);
                assertThat(account.iban()).hasSize(22); // both DE and GB IBANs are 22 characters long
            } else {
                assertThat(luhnValid(account.pan())).isTrue();
            }
        }
    }

    @Test
    void transactionsSpanAboutSixMonthsUpToToday() {
        for (Account account : data.accounts()) {
            List<Transaction> transactions = data.transactions(account.accountId());
            // Savings see a transfer a month; current and card accounts several movements a week.
            assertThat(transactions).hasSizeGreaterThan(account.type() == AccountType.SAVINGS ? 6 : 60);
            LocalDate newest = transactions.getFirst().bookingDate();
            LocalDate oldest = transactions.getLast().bookingDate();
            assertThat(newest).isAfterOrEqualTo(TODAY.minusDays(31)).isBeforeOrEqualTo(TODAY);
            assertThat(oldest).isAfterOrEqualTo(TODAY.minusMonths(6)).isBefore(TODAY.minusMonths(5));
            assertThat(ChronoUnit.DAYS.between(oldest, newest)).isGreaterThan(150);
            assertThat(transactions).isSortedAccordingTo((a, b) -> b.bookingDate().compareTo(a.bookingDate()));
            assertThat(transactions).allSatisfy(t -> {
                assertThat(t.accountId()).isEqualTo(account.accountId());
                assertThat(t.amount().currency()).isEqualTo(account.currency());
                assertThat(t.amount().amount().scale()).isEqualTo(2);
                assertThat(t.amount().amount().signum()).isNotZero();
            });
        }
    }

    @Test
    void onlyTheLastTwoDaysHavePendingTransactions() {
        List<Transaction> all = data.accounts().stream().flatMap(a -> data.transactions(a.accountId()).stream()).toList();
        assertThat(all).filteredOn(t -> t.status() == BookingStatus.PENDING)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.bookingDate()).isAfterOrEqualTo(TODAY.minusDays(1)));
    }

    @Test
    void sameSeedAndDayGiveTheSameBankAndAnotherSeedAnother() {
        BankData again = BankData.generate(42L, TODAY);
        BankData other = BankData.generate(43L, TODAY);

        assertThat(again.customers()).isEqualTo(data.customers());
        assertThat(again.accounts()).isEqualTo(data.accounts());
        for (Account account : data.accounts()) {
            assertThat(again.transactions(account.accountId())).isEqualTo(data.transactions(account.accountId()));
            assertThat(again.balances(account)).isEqualTo(data.balances(account));
        }
        assertThat(other.accounts()).extracting(Account::accountId)
                .doesNotContainAnyElementsOf(data.accounts().stream().map(Account::accountId).toList());
    }

    @Test
    void availableBalanceIsBookedPlusPendingPlusCreditLimit() {
        for (Account account : data.accounts()) {
            BigDecimal booked = amount(data.balances(account), BalanceType.BOOKED);
            BigDecimal available = amount(data.balances(account), BalanceType.AVAILABLE);
            BigDecimal pending = data.transactions(account.accountId()).stream()
                    .filter(t -> t.status() == BookingStatus.PENDING)
                    .map(t -> t.amount().amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal limit = account.creditLimit() == null ? BigDecimal.ZERO : account.creditLimit().amount();
            assertThat(available).isEqualByComparingTo(booked.add(pending).add(limit));
            assertThat(available.signum()).as("demo customers live within their means").isPositive();
        }
    }

    @Test
    void anAcceptedPaymentHoldsBackItsAmountAndGetsAnUnguessableId() {
        Account current = currentAccountOf("alice");
        BigDecimal before = amount(data.balances(current), BalanceType.AVAILABLE);

        PaymentOutcome outcome = data.submitPayment("alice", order(current, "25.50"));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Accepted.class);
        Payment payment = ((PaymentOutcome.Accepted) outcome).payment();
        assertThat(payment.paymentId().version()).as("random (version 4) UUID").isEqualTo(4);
        assertThat(data.payment(payment.paymentId())).contains(payment);
        assertThat(amount(data.balances(current), BalanceType.AVAILABLE))
                .isEqualByComparingTo(before.subtract(new BigDecimal("25.50")));
        assertThat(amount(data.balances(current), BalanceType.BOOKED))
                .isEqualByComparingTo(amount(BankData.generate(42L, TODAY).balances(current), BalanceType.BOOKED));
    }

    @Test
    void paymentsFromSomeoneElsesCardOrForeignCurrencyAccountsAreRefused() {
        Account alicesCurrent = currentAccountOf("alice");
        Account alicesCard = data.accountsOf("alice").stream().filter(a -> a.type() == AccountType.CARD).findFirst().orElseThrow();

        assertThat(data.submitPayment("bob", order(alicesCurrent, "1.00")))
                .isEqualTo(new PaymentOutcome.Refused(PaymentRefusal.UNKNOWN_DEBTOR_ACCOUNT));
        assertThat(data.submitPayment("alice", new PaymentOrder(alicesCard.accountId(),
                new Money(new BigDecimal("1.00"), "EUR"), "GB82WEST12345698765432", "Carol", null)))
                .isEqualTo(new PaymentOutcome.Refused(PaymentRefusal.NOT_A_TRANSFER_ACCOUNT));
        assertThat(data.submitPayment("alice", new PaymentOrder(alicesCurrent.accountId(),
                new Money(new BigDecimal("1.00"), "GBP"), "GB82WEST12345698765432", "Carol", null)))
                .isEqualTo(new PaymentOutcome.Refused(PaymentRefusal.CURRENCY_MISMATCH));
        assertThat(data.submitPayment("alice", new PaymentOrder(alicesCurrent.accountId(),
                new Money(new BigDecimal("1.00"), "EUR"), alicesCurrent.iban(), "Alice", null)))
                .isEqualTo(new PaymentOutcome.Refused(PaymentRefusal.SAME_ACCOUNT));
    }

    @Test
    void concurrentPaymentsNeverSpendMoreThanIsAvailable() throws Exception {
        Account current = currentAccountOf("bob");
        BigDecimal available = amount(data.balances(current), BalanceType.AVAILABLE);
        // Each payment takes a tenth of the available balance (rounded up), so at most nine can be accepted.
        BigDecimal tenth = available.divide(BigDecimal.TEN, 2, RoundingMode.UP);
        List<Future<PaymentOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                outcomes.add(pool.submit(() -> data.submitPayment("bob", order(current, tenth.toPlainString()))));
            }
        }
        long accepted = 0;
        for (Future<PaymentOutcome> outcome : outcomes) {
            accepted += outcome.get() instanceof PaymentOutcome.Accepted ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(9);
        assertThat(amount(data.balances(current), BalanceType.AVAILABLE).signum()).isNotNegative();
    }

    @Test
    void ibanAndCardNumberChecksAgreeWithPublishedExamples() {
        assertThat(Iban.isValid("DE89370400440532013000")).isTrue();
        assertThat(Iban.isValid("GB82WEST12345698765432")).isTrue();
        assertThat(Iban.isValid("GB82WEST12345698765433")).isFalse();
        assertThat(Iban.isValid("gb82west12345698765432")).isFalse();
        assertThat(Iban.of("DE", "370400440532013000")).isEqualTo("DE89370400440532013000");
        assertThat(CardNumber.isValid("4111111111111111")).isTrue();
        assertThat(CardNumber.isValid("4111111111111112")).isFalse();
        assertThat(CardNumber.withCheckDigit("400000000000000")).isEqualTo("4000000000000002");
    }

    private Account currentAccountOf(String subject) {
        return data.accountsOf(subject).stream().filter(a -> a.type() == AccountType.CURRENT).findFirst().orElseThrow();
    }

    private static PaymentOrder order(Account debtor, String amount) {
        return new PaymentOrder(debtor.accountId(), new Money(new BigDecimal(amount), debtor.currency()),
                "GB82WEST12345698765432", "Carol Jones", "Invoice 2026-031");
    }

    private static BigDecimal amount(List<Balance> balances, BalanceType type) {
        return balances.stream().filter(b -> b.type() == type).findFirst().orElseThrow().amount().amount();
    }

    /** ISO 13616 check, done independently of {@link Iban}: rearrange, letters to numbers, remainder mod 97. */
    private static int mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        rearranged.chars().forEach(c -> digits.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf((char) c)));
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    }

    /** Luhn check, done independently of {@link CardNumber}. */
    private static boolean luhnValid(String pan) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = pan.length() - 1; i >= 0; i--) {
            int d = pan.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
