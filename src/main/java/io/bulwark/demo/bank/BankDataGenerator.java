package io.bulwark.demo.bank;

import java.time.DayOfWeek;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Builds the demo bank: each persona's accounts and about six months of their history, all from one seed. */
final class BankDataGenerator {

    static final int HISTORY_MONTHS = 6;
    /** Visa's published test range: numbers that pass the Luhn check but can never be a real card. */
    static final String TEST_BIN = "400000";
    private static final String CARD_SERVICES = "Bulwark Demo Bank Card Services";
    private static final String BANK = "Bulwark Demo Bank";

    private final RandomGenerator random;
    private final LocalDate today;
    private final LocalDate firstDay;
    private final List<Account> accounts = new ArrayList<>();
    private final Map<String, List<Transaction>> history = new LinkedHashMap<>();
    private final Map<String, Money> openingBalances = new HashMap<>();

    BankDataGenerator(long seed, LocalDate today) {
        // A named algorithm rather than java.util.Random's default: the same seed gives the same bank on every JDK.
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.today = today;
        this.firstDay = today.minusMonths(HISTORY_MONTHS);
    }

    BankData generate(InstantSource clock) {
        for (Persona persona : Persona.ALL) {
            Account current = open(persona, AccountType.CURRENT, "Current Account", between(1_200_00, 3_000_00));
            Account savings = persona.banking().saver()
                    ? open(persona, AccountType.SAVINGS, "Instant Saver", between(5_000_00, 12_000_00)) : null;
            Account card = open(persona, AccountType.CARD, "Visa Credit Card", 0);
            bookHistory(persona, current, savings, card);
        }
        Map<String, List<Transaction>> newestFirst = new LinkedHashMap<>();
        history.forEach((accountId, list) -> newestFirst.put(accountId, newestFirst(list)));
        List<Customer> customers = Persona.ALL.stream().map(Persona::customer).toList();
        return new BankData(today, customers, accounts, newestFirst, openingBalances, clock);
    }

    private Account open(Persona persona, AccountType type, String name, long openingCents) {
        Persona.Banking banking = persona.banking();
        String id = opaqueId();
        String owner = persona.customer().subject();
        LocalDate openedOn = firstDay.minusDays(between(400, 3_000));
        Account account = type == AccountType.CARD
                ? new Account(id, owner, type, name, banking.currency(), openedOn, null, null,
                        CardNumber.withCheckDigit(TEST_BIN + digits(9)),
                        YearMonth.from(today).plusMonths(between(12, 48)),
                        Money.ofCents(banking.creditLimitCents(), banking.currency()))
                : new Account(id, owner, type, name, banking.currency(), openedOn,
                        Iban.of(banking.ibanCountry(), banking.bankCode() + digits(banking.accountNumberDigits())),
                        banking.bic(), null, null, null);
        accounts.add(account);
        history.put(id, new ArrayList<>());
        openingBalances.put(id, Money.ofCents(openingCents, banking.currency()));
        return account;
    }

    /** Walks day by day through the history window, booking what such a customer's month brings. */
    private void bookHistory(Persona persona, Account current, Account savings, Account card) {
        String name = persona.customer().fullName();
        Persona.Budget budget = persona.budget();
        Map<YearMonth, Long> cardSpend = new HashMap<>();
        for (LocalDate day = firstDay; !day.isAfter(today); day = day.plusDays(1)) {
            String month = monthName(YearMonth.from(day));
            int dayOfMonth = day.getDayOfMonth();
            if (dayOfMonth == 1) {
                pay(current, day, budget.landlord(), budget.rentCents(), "Rent " + month);
            }
            long owed = cardSpend.getOrDefault(YearMonth.from(day).minusMonths(1), 0L);
            if (dayOfMonth == 5 && owed > 0) {
                String description = "Credit card repayment " + monthName(YearMonth.from(day).minusMonths(1));
                pay(current, day, CARD_SERVICES, owed, description);
                receive(card, day, name, owed, description);
            }
            if (dayOfMonth == 15) {
                pay(current, day, budget.utility(), between(60_00, 140_00), "Energy bill " + month);
            }
            if (dayOfMonth == 20) {
                pay(current, day, budget.mobileOperator(), budget.mobileCents(), "Mobile contract " + month);
            }
            if (day.equals(payday(YearMonth.from(day)))) {
                receive(current, day, budget.employer(), budget.salaryCents(), "Salary " + month);
            }
            if (savings != null && dayOfMonth == 26) {
                pay(current, day, name, 250_00, "Monthly savings transfer");
                receive(savings, day, name, 250_00, "Monthly savings transfer");
            }
            if (savings != null && day.equals(YearMonth.from(day).atEndOfMonth()) && day.getMonthValue() % 3 == 0) {
                receive(savings, day, BANK, between(8_00, 25_00), "Interest " + month);
            }
            if (random.nextInt(3) == 0) {
                purchase(current, day, pick(budget.shops()), between(8_00, 95_00), "Contactless card payment");
            }
            if (random.nextBoolean()) {
                long spent = between(4_50, 120_00);
                purchase(card, day, pick(budget.merchants()), spent, "Card purchase");
                cardSpend.merge(YearMonth.from(day), spent, Long::sum);
            }
        }
    }

    private void pay(Account account, LocalDate day, String creditor, long cents, String description) {
        book(account, BookingStatus.BOOKED, day, day, Money.ofCents(-cents, account.currency()), creditor, null, description);
    }

    private void receive(Account account, LocalDate day, String debtor, long cents, String description) {
        book(account, BookingStatus.BOOKED, day, day, Money.ofCents(cents, account.currency()), null, debtor, description);
    }

    private void purchase(Account account, LocalDate day, String merchant, long cents, String description) {
        // Purchases of the last two days are not booked yet, as at a real bank; card purchases take value the
        // day before they are booked.
        BookingStatus status = day.isBefore(today.minusDays(1)) ? BookingStatus.BOOKED : BookingStatus.PENDING;
        LocalDate valueDate = account.type() == AccountType.CARD ? day.minusDays(1) : day;
        book(account, status, day, valueDate, Money.ofCents(-cents, account.currency()), merchant, null, description);
    }

    private void book(Account account, BookingStatus status, LocalDate day, LocalDate valueDate, Money amount,
                      String creditor, String debtor, String description) {
        history.get(account.accountId()).add(new Transaction(
                opaqueId(), account.accountId(), status, day, valueDate, amount, creditor, debtor, description));
    }

    private static List<Transaction> newestFirst(List<Transaction> chronological) {
        List<Transaction> sorted = new ArrayList<>(chronological);
        sorted.sort(Comparator.comparing(Transaction::bookingDate)); // stable: same-day order is kept
        Collections.reverse(sorted);
        return List.copyOf(sorted);
    }

    /** Salary is paid on the 25th, or the Friday before when the 25th falls on a weekend. */
    private static LocalDate payday(YearMonth month) {
        LocalDate day = month.atDay(25);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.minusDays(1);
        }
        return day;
    }

    private static String monthName(YearMonth month) {
        return month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
    }

    /** 24 lower-case hex digits: identifiers that say nothing about order or owner. */
    private String opaqueId() {
        return String.format("%016x%08x", random.nextLong(), random.nextInt() & 0xffffffffL);
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private long between(long fromInclusive, long toInclusive) {
        return random.nextLong(fromInclusive, toInclusive + 1);
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
