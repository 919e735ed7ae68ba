package io.bulwark.demo.traffic;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The normal traffic of a population: users opening their apps along their daily cycle (accounts, balances, a page or
 * three of transactions, now and then a payment and its status), aggregators refreshing each user's accounts on their
 * own schedule, and machine clients reading the catalogue around the clock.
 */
final class NormalTraffic {

    private static final double WEEKEND = 0.75;
    private static final double PAYMENT_REFUSED = 0.03;

    private NormalTraffic() {
    }

    static List<PlannedRequest> generate(TrafficScenario scenario) {
        Population population = scenario.population();
        List<PlannedRequest> requests = new ArrayList<>();
        for (UserProfile user : population.users()) {
            RandomGenerator random = Seeds.random(scenario.seed(), "user:" + user.subject());
            for (int day = 0; day < scenario.days(); day++) {
                Instant dayStart = scenario.start().plus(Duration.ofDays(day));
                double weekday = weekend(dayStart) ? WEEKEND : 1;
                for (String clientId : user.clientIds()) {
                    ClientProfile client = population.client(clientId).orElseThrow(
                            () -> new IllegalArgumentException("user " + user.subject() + " uses an unknown client " + clientId));
                    int sessions = poisson(random, client.kind().sessionsPerUserDay * user.activity() * weekday);
                    for (int s = 0; s < sessions; s++) {
                        Instant at = dayStart.plusMillis((long) (user.cycle().sampleSecondOfDay(random) * 1000));
                        session(random, at, client, user, requests);
                    }
                    syncs(random, dayStart, client, user, requests);
                }
            }
        }
        for (ClientProfile client : population.clients()) {
            if (!client.kind().actsForUsers()) {
                catalogue(Seeds.random(scenario.seed(), "client:" + client.clientId()), scenario, client, requests);
            }
        }
        requests.removeIf(r -> !r.time().isBefore(scenario.end()));
        return requests;
    }

    /** A user opening the app: what they look at, and sometimes a payment. */
    static void session(RandomGenerator random, Instant start, ClientProfile client, UserProfile user, List<PlannedRequest> out) {
        Clock clock = new Clock(start);
        String sub = user.subject();
        out.add(RequestShapes.call(random, clock.now(), client, sub, BankOperation.LIST_ACCOUNTS, "/accounts", null, 200, null));
        for (BankAccountRef account : user.accounts()) {
            if (random.nextDouble() < 0.7) {
                out.add(RequestShapes.call(random, clock.think(random), client, sub, BankOperation.GET_BALANCES,
                        RequestShapes.accountPath(account) + "/balances", null, 200, null));
            }
        }
        if (random.nextDouble() < 0.1) {
            BankAccountRef account = user.accounts().get(random.nextInt(user.accounts().size()));
            out.add(RequestShapes.call(random, clock.think(random), client, sub, BankOperation.GET_ACCOUNT,
                    RequestShapes.accountPath(account), null, 200, null));
        }
        if (client.kind().transactionPages > 0 && random.nextDouble() < 0.55) {
            BankAccountRef account = user.accounts().get(random.nextInt(user.accounts().size()));
            int pages = Math.min(account.transactionPages(), 1 + (random.nextDouble() < 0.4 ? random.nextInt(client.kind().transactionPages) : 0));
            for (int page = 1; page <= pages; page++) {
                out.add(RequestShapes.call(random, clock.think(random), client, sub, BankOperation.LIST_TRANSACTIONS,
                        RequestShapes.transactionsPath(account, page, 50, null), null, 200, null));
            }
        }
        if (random.nextDouble() < 0.03) {
            out.add(RequestShapes.call(random, clock.think(random), client, sub, BankOperation.LIST_PRODUCTS, "/products", null, 200, null));
        }
        if (random.nextDouble() < client.kind().paymentShare && !user.payees().isEmpty()) {
            Payee payee = user.payees().get(random.nextInt(user.payees().size()));
            String reference = payee.reference() != null ? payee.reference()
                    : random.nextDouble() < 0.3 ? "Invoice " + (10_000 + random.nextInt(90_000)) : null;
            String body = RequestShapes.paymentBody(user.payingAccount(),
                    RequestShapes.amount(random, payee.category().minCents, payee.category().maxCents), payee.iban(), payee.name(), reference);
            boolean refused = random.nextDouble() < PAYMENT_REFUSED;
            // Reading and confirming a payment takes a person longer than a click.
            clock.advance(Duration.ofSeconds(8 + random.nextInt(40)));
            out.add(RequestShapes.call(random, clock.now(), client, sub, BankOperation.INITIATE_PAYMENT, "/payments", body,
                    refused ? 422 : 201, null));
            if (!refused) {
                out.add(RequestShapes.call(random, clock.think(random), client, sub, BankOperation.GET_PAYMENT,
                        "/payments/" + RequestShapes.uuid(random), null, 200, null));
            }
        }
    }

    /** An aggregator's background refresh of one user, at the same hours every day (its scheduler's), a few minutes apart. */
    private static void syncs(RandomGenerator random, Instant dayStart, ClientProfile client, UserProfile user, List<PlannedRequest> out) {
        int perDay = client.kind().syncsPerDay;
        if (perDay == 0) {
            return;
        }
        long offset = Math.floorMod(client.clientId().hashCode(), 3600);
        String yesterday = LocalDate.ofInstant(dayStart, ZoneOffset.UTC).minusDays(1).toString();
        for (int i = 0; i < perDay; i++) {
            Clock clock = new Clock(dayStart.plusSeconds(offset + (long) i * 86_400 / perDay + random.nextInt(900)));
            out.add(RequestShapes.call(random, clock.now(), client, user.subject(), BankOperation.LIST_ACCOUNTS, "/accounts", null, 200, null));
            for (BankAccountRef account : user.accounts()) {
                out.add(RequestShapes.call(random, clock.machine(random), client, user.subject(), BankOperation.GET_BALANCES,
                        RequestShapes.accountPath(account) + "/balances", null, 200, null));
                out.add(RequestShapes.call(random, clock.machine(random), client, user.subject(), BankOperation.LIST_TRANSACTIONS,
                        RequestShapes.transactionsPath(account, 1, 100, yesterday), null, 200, null));
            }
        }
    }

    /** A machine client reading the product catalogue every quarter of an hour or so, day and night. */
    private static void catalogue(RandomGenerator random, TrafficScenario scenario, ClientProfile client, List<PlannedRequest> out) {
        Instant at = scenario.start().plusSeconds(random.nextInt(900));
        while (at.isBefore(scenario.end())) {
            out.add(RequestShapes.call(random, at, client, null, BankOperation.LIST_PRODUCTS, "/products", null, 200, null));
            at = at.plusSeconds(600 + random.nextInt(600));
        }
    }

    static boolean weekend(Instant dayStart) {
        DayOfWeek day = LocalDate.ofInstant(dayStart, ZoneOffset.UTC).getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** A Poisson count (Knuth's method; the means here are small). */
    static int poisson(RandomGenerator random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** A session's time as it goes on: a person's pauses, or a machine's. */
    static final class Clock {
        private Instant now;

        Clock(Instant start) {
            this.now = start;
        }

        Instant now() {
            return now;
        }

        /** A person between two screens: 0.4 to 6 seconds. */
        Instant think(RandomGenerator random) {
            now = now.plusMillis(400 + random.nextInt(5_600));
            return now;
        }

        /** A machine between two calls: 50 to 400 milliseconds. */
        Instant machine(RandomGenerator random) {
            now = now.plusMillis(50 + random.nextInt(350));
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }
}
