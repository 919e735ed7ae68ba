package io.bulwark.demo.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The requests of each attack kind, placed after the scenario's quiet days, each attack on a victim of its own. The
 * statuses are what the gateway's rules answer (404 for another's object, 400 for a broken parameter, 201 for a payment
 * the rules cannot tell from a real one): the attacks are the ones rules alone do not stop.
 */
final class AttackTraffic {

    /** What one attack is before its requests are numbered. */
    record Draft(String id, AttackKind kind, String clientId, String subject, List<String> sources, List<String> targets,
                 List<PlannedRequest> requests) {
    }

    private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final String[] LEAKED_PASSWORDS = {"123456", "qwerty123", "Passw0rd!", "iloveyou", "Summer2024", "letmein1",
            "Football1", "Welcome1!", "monkey123", "Dragon2023"};
    private static final String[] MULES = {"Global Trade Services Ltd", "K. Ivanova", "Fast Crypto Exchange OÜ", "M. Rahimi",
            "Consulting Partners SRL"};

    private final TrafficScenario scenario;
    private final Population population;
    private final Set<String> usedSubjects = new HashSet<>();
    private final Set<String> usedClients = new HashSet<>();

    private AttackTraffic(TrafficScenario scenario) {
        this.scenario = scenario;
        this.population = scenario.population();
    }

    /** Every attack of the scenario, in kind order, each with its requests. */
    static List<Draft> generate(TrafficScenario scenario) {
        AttackTraffic attacks = new AttackTraffic(scenario);
        List<Draft> drafts = new ArrayList<>();
        int n = 0;
        for (AttackKind kind : AttackKind.values()) {
            if (!scenario.attacks().contains(kind)) {
                continue;
            }
            for (int i = 0; i < scenario.attacksPerKind(); i++) {
                RandomGenerator random = Seeds.random(scenario.seed(), "attack:" + kind.label() + ":" + i);
                drafts.add(attacks.attack(kind, "attack-" + ++n, random));
            }
        }
        return drafts;
    }

    private Draft attack(AttackKind kind, String id, RandomGenerator random) {
        return switch (kind) {
            case CREDENTIAL_STUFFING -> stuffing(id, random);
            case PASSWORD_SPRAYING -> spraying(id, random);
            case BOLA_ENUMERATION -> bola(id, random);
            case BULK_SCRAPING -> scraping(id, random);
            case TOKEN_REPLAY -> replay(id, random);
            case COMPROMISED_CLIENT -> compromised(id, random);
            case PAYMENT_FRAUD -> fraud(id, random);
            case CONTENT_INJECTION -> injection(id, random);
            case SLOW_PROBING -> probing(id, random);
        };
    }

    /** About 240 leaked pairs in 12 minutes from 40 addresses of a botnet, at one popular app's sign-in page. */
    private Draft stuffing(String id, RandomGenerator random) {
        ClientProfile app = appClients().getFirst();
        Instant at = start(random, Duration.ofMinutes(12));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sources.add("192.0.2." + (10 + i));
        }
        List<String> usernames = new ArrayList<>();
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            // Some leaked pairs name real customers; not with a handful of users, whose accounts the lockout would close.
            String username = random.nextDouble() < 0.15 && population.users().size() > 20 ? randomUser(random).subject()
                    : "user" + (1000 + random.nextInt(90_000)) + "@mail.example";
            usernames.add(username);
            requests.add(RequestShapes.signIn(at, app.clientId(), sources.get(i % sources.size()), BROWSER, username,
                    LEAKED_PASSWORDS[random.nextInt(LEAKED_PASSWORDS.length)], 400, id));
            at = at.plusMillis(1_000 + random.nextInt(4_000));
        }
        return new Draft(id, AttackKind.CREDENTIAL_STUFFING, app.clientId(), null, sources, distinct(usernames), requests);
    }

    /** Two common passwords against up to 60 of the bank's usernames, one try each, over about two hours from three addresses. */
    private Draft spraying(String id, RandomGenerator random) {
        ClientProfile app = appClients().get(Math.min(1, appClients().size() - 1));
        Instant at = start(random, Duration.ofHours(2));
        List<String> sources = List.of("198.51.100.20", "198.51.100.21", "198.51.100.22");
        List<String> usernames = population.users().stream().map(UserProfile::subject).limit(60).toList();
        List<PlannedRequest> requests = new ArrayList<>();
        int i = 0;
        for (String password : List.of("Winter2026!", "Januar2026")) {
            for (String username : usernames) {
                requests.add(RequestShapes.signIn(at, app.clientId(), sources.get(i++ % sources.size()), BROWSER, username, password, 400, id));
                at = at.plusMillis(30_000 + random.nextInt(60_000));
            }
        }
        return new Draft(id, AttackKind.PASSWORD_SPRAYING, app.clientId(), null, sources, usernames, requests);
    }

    /** 150 reads of account ids that are not the user's, near their own and at random, one every one to three seconds. */
    private Draft bola(String id, RandomGenerator random) {
        UserProfile user = victimUser(random);
        ClientProfile client = clientOf(user, random);
        Instant at = start(random, Duration.ofMinutes(6));
        List<PlannedRequest> requests = new ArrayList<>();
        String own = user.accounts().getFirst().accountId();
        long tail = Long.parseLong(own.substring(16), 16);
        for (int i = 1; i <= 150; i++) {
            String foreign = i % 3 == 0 ? Population.hexId(random) : own.substring(0, 16) + String.format("%08x", (tail + i) & 0xFFFFFFFFL);
            boolean balances = i % 5 == 0;
            requests.add(RequestShapes.call(random, at, client, user.subject(), balances ? BankOperation.GET_BALANCES : BankOperation.GET_ACCOUNT,
                    "/accounts/" + foreign + (balances ? "/balances" : ""), null, 404, id));
            at = at.plusMillis(1_000 + random.nextInt(2_000));
        }
        return new Draft(id, AttackKind.BOLA_ENUMERATION, client.clientId(), user.subject(), List.of(client.egressAddress()), List.of(), requests);
    }

    /** A client exporting every user it acts for: each account's balances and every transaction page at the largest size, back to back. */
    private Draft scraping(String id, RandomGenerator random) {
        ClientProfile client = victimClient(random);
        List<UserProfile> users = population.usersByClient().get(client.clientId());
        Instant at = start(random, Duration.ofMinutes(15));
        List<PlannedRequest> requests = new ArrayList<>();
        for (UserProfile user : users.subList(0, Math.min(users.size(), 40))) {
            requests.add(RequestShapes.call(random, at, client, user.subject(), BankOperation.LIST_ACCOUNTS, "/accounts", null, 200, id));
            for (BankAccountRef account : user.accounts()) {
                at = at.plusMillis(80 + random.nextInt(150));
                requests.add(RequestShapes.call(random, at, client, user.subject(), BankOperation.GET_ACCOUNT,
                        RequestShapes.accountPath(account), null, 200, id));
                for (int page = 1; page <= 12; page++) {
                    at = at.plusMillis(80 + random.nextInt(150));
                    requests.add(RequestShapes.call(random, at, client, user.subject(), BankOperation.LIST_TRANSACTIONS,
                            RequestShapes.transactionsPath(account, page, 100, "2020-01-01"), null, 200, id));
                }
            }
        }
        return new Draft(id, AttackKind.BULK_SCRAPING, client.clientId(), null, List.of(client.egressAddress()), List.of(), requests);
    }

    /** One user's token from a network the client never used, with another program, at night: 40 reads in a quarter of an hour. */
    private Draft replay(String id, RandomGenerator random) {
        UserProfile user = victimUser(random);
        ClientProfile client = clientOf(user, random);
        String source = "198.51.100." + (60 + random.nextInt(20));
        Instant at = night(random, Duration.ofMinutes(15));
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BankAccountRef account = user.accounts().get(i % user.accounts().size());
            BankOperation operation = i % 4 == 0 ? BankOperation.LIST_ACCOUNTS : i % 4 == 1 ? BankOperation.GET_BALANCES
                    : BankOperation.LIST_TRANSACTIONS;
            String path = switch (operation) {
                case LIST_ACCOUNTS -> "/accounts";
                case GET_BALANCES -> RequestShapes.accountPath(account) + "/balances";
                default -> RequestShapes.transactionsPath(account, 1 + i % 3, 100, null);
            };
            requests.add(RequestShapes.call(random, at, client, user.subject(), source, "curl/8.5.0", operation, operation.method(),
                    path, null, 200, id));
            at = at.plusMillis(5_000 + random.nextInt(40_000));
        }
        return new Draft(id, AttackKind.TOKEN_REPLAY, client.clientId(), user.subject(), List.of(source), List.of(), requests);
    }

    /**
     * A client taken over for three hours at night: from a new address and its own, every user's accounts and transactions
     * at the largest page size, and payments to a mule account that no consent covers (refused, 403).
     */
    private Draft compromised(String id, RandomGenerator random) {
        ClientProfile client = victimClient(random);
        List<UserProfile> users = population.usersByClient().get(client.clientId());
        String intruder = "198.51.100." + (140 + random.nextInt(20));
        String mule = Population.iban(random);
        Instant at = night(random, Duration.ofHours(3));
        Instant end = at.plus(Duration.ofHours(3));
        List<PlannedRequest> requests = new ArrayList<>();
        int i = 0;
        while (at.isBefore(end)) {
            UserProfile user = users.get(random.nextInt(users.size()));
            BankAccountRef account = user.accounts().get(random.nextInt(user.accounts().size()));
            String source = random.nextBoolean() ? intruder : client.egressAddress();
            PlannedRequest request = switch (i++ % 5) {
                case 0 -> RequestShapes.call(random, at, client, user.subject(), source, client.userAgent(), BankOperation.LIST_ACCOUNTS,
                        "GET", "/accounts", null, 200, id);
                case 1, 2 -> RequestShapes.call(random, at, client, user.subject(), source, client.userAgent(),
                        BankOperation.LIST_TRANSACTIONS, "GET", RequestShapes.transactionsPath(account, 1 + random.nextInt(4), 100, null), null, 200, id);
                case 3 -> RequestShapes.call(random, at, client, user.subject(), source, client.userAgent(), BankOperation.GET_BALANCES,
                        "GET", RequestShapes.accountPath(account) + "/balances", null, 200, id);
                default -> RequestShapes.call(random, at, client, user.subject(), source, client.userAgent(), BankOperation.INITIATE_PAYMENT,
                        "POST", "/payments", RequestShapes.paymentBody(user.payingAccount(), RequestShapes.amount(random, 150_000, 900_000), mule,
                                MULES[random.nextInt(MULES.length)], "Refund"), 403, id);
            };
            requests.add(request);
            at = at.plusMillis(2_000 + random.nextInt(10_000));
        }
        return new Draft(id, AttackKind.COMPROMISED_CLIENT, client.clientId(), null, List.of(intruder, client.egressAddress()), List.of(), requests);
    }

    /** Twelve payments in about eight minutes to payees the user never paid, for amounts near the top of their means. */
    private Draft fraud(String id, RandomGenerator random) {
        UserProfile user = victimUser(random);
        ClientProfile client = clientOf(user, random);
        Instant at = start(random, Duration.ofMinutes(10));
        List<String> mules = List.of(Population.iban(random), Population.iban(random), Population.iban(random));
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = RequestShapes.paymentBody(user.payingAccount(), RequestShapes.amount(random, 90_000, 490_000),
                    mules.get(i % mules.size()), MULES[i % mules.size()], i % 2 == 0 ? "Refund" : null);
            requests.add(RequestShapes.call(random, at, client, user.subject(), BankOperation.INITIATE_PAYMENT, "/payments", body,
                    i < 9 ? 201 : 422, id));
            at = at.plusMillis(20_000 + random.nextInt(30_000));
        }
        return new Draft(id, AttackKind.PAYMENT_FRAUD, client.clientId(), user.subject(), List.of(client.egressAddress()), List.of(), requests);
    }

    /** Eight payments over about an hour, each with one attack string in the payee's name or the reference, otherwise ordinary. */
    private Draft injection(String id, RandomGenerator random) {
        UserProfile user = victimUser(random);
        ClientProfile client = clientOf(user, random);
        Instant at = start(random, Duration.ofHours(1));
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Payee payee = user.payees().get(random.nextInt(user.payees().size()));
            boolean inName = i % 2 == 0;
            String name = inName ? InjectionStrings.CREDITOR_NAMES.get(i % InjectionStrings.CREDITOR_NAMES.size()) : payee.name();
            String reference = inName ? payee.reference() : InjectionStrings.REFERENCES.get(i % InjectionStrings.REFERENCES.size());
            String body = RequestShapes.paymentBody(user.payingAccount(), RequestShapes.amount(random, 500, 5_000), payee.iban(), name, reference);
            requests.add(RequestShapes.call(random, at, client, user.subject(), BankOperation.INITIATE_PAYMENT, "/payments", body, 201, id));
            at = at.plusMillis(240_000 + random.nextInt(360_000));
        }
        return new Draft(id, AttackKind.CONTENT_INJECTION, client.clientId(), user.subject(), List.of(client.egressAddress()), List.of(), requests);
    }

    /** Sixteen probes for routes, methods and parameters outside the contract, one every 20 to 45 minutes. */
    private Draft probing(String id, RandomGenerator random) {
        UserProfile user = victimUser(random);
        ClientProfile client = clientOf(user, random);
        String own = user.accounts().getFirst().accountId();
        Object[][] probes = {
                {"GET", "/admin/users", 404}, {"GET", "/accounts/" + own + "/transactions?pageSize=1000", 400},
                {"DELETE", "/payments/" + RequestShapes.uuid(random), 404}, {"GET", "/internal/metrics", 404},
                {"GET", "/accounts/..%2f..%2fadmin", 404}, {"PUT", "/accounts/" + own, 404},
                {"GET", "/accounts/" + own + "/transactions?page=0", 400}, {"GET", "/v2/accounts", 404},
                {"GET", "/accounts/" + own + "/statements", 404}, {"GET", "/payments/not-a-uuid", 400},
                {"GET", "/accounts/" + own + "/transactions?fromBookingDate=yesterday", 400}, {"PATCH", "/payments", 404},
                {"GET", "/accounts/%27%20OR%201=1--", 400}, {"GET", "/.env", 404},
                {"GET", "/accounts/" + own + "/transactions?pageSize=all", 400},
                {"GET", "/swagger.json", 404}};
        Instant at = start(random, Duration.ofHours(9));
        List<PlannedRequest> requests = new ArrayList<>();
        for (Object[] probe : probes) {
            requests.add(RequestShapes.call(random, at, client, user.subject(), client.egressAddress(), client.userAgent(), null,
                    (String) probe[0], (String) probe[1], null, (int) probe[2], id));
            at = at.plusSeconds(1_200 + random.nextInt(1_500));
        }
        return new Draft(id, AttackKind.SLOW_PROBING, client.clientId(), user.subject(), List.of(client.egressAddress()), List.of(), requests);
    }

    /** A start after the quiet days that leaves {@code duration} before the end (or the earliest start when none does). */
    private Instant start(RandomGenerator random, Duration duration) {
        long room = Duration.between(scenario.attacksFrom(), scenario.end().minus(duration)).toMillis();
        return scenario.attacksFrom().plusMillis(room > 0 ? random.nextLong(room) : 0);
    }

    /** As {@link #start}, moved to between 01:00 and 04:00 UTC of its day when that is still inside the attack period. */
    private Instant night(RandomGenerator random, Duration duration) {
        Instant start = start(random, duration);
        Instant night = start.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofMinutes(60 + random.nextInt(180)));
        return !night.isBefore(scenario.attacksFrom()) && !night.plus(duration).isAfter(scenario.end()) ? night : start;
    }

    private List<ClientProfile> appClients() {
        List<ClientProfile> apps = population.clients().stream().filter(c -> c.kind().actsForUsers())
                .filter(c -> !population.usersByClient().get(c.clientId()).isEmpty()).toList();
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("no partner app has users, so no attack can use one");
        }
        return apps;
    }

    /** A user with at least one app, not the victim of an earlier attack while others remain. */
    private UserProfile victimUser(RandomGenerator random) {
        List<UserProfile> candidates = population.users().stream().filter(u -> !u.clientIds().isEmpty()).toList();
        List<UserProfile> fresh = candidates.stream().filter(u -> !usedSubjects.contains(u.subject())).toList();
        List<UserProfile> pool = fresh.isEmpty() ? candidates : fresh;
        UserProfile user = pool.get(random.nextInt(pool.size()));
        usedSubjects.add(user.subject());
        return user;
    }

    private UserProfile randomUser(RandomGenerator random) {
        return population.users().get(random.nextInt(population.users().size()));
    }

    private ClientProfile clientOf(UserProfile user, RandomGenerator random) {
        return population.client(user.clientIds().get(random.nextInt(user.clientIds().size()))).orElseThrow();
    }

    /** An app with users, not taken over in an earlier attack while others remain. */
    private ClientProfile victimClient(RandomGenerator random) {
        List<ClientProfile> apps = appClients();
        List<ClientProfile> fresh = apps.stream().filter(c -> !usedClients.contains(c.clientId())).toList();
        List<ClientProfile> pool = fresh.isEmpty() ? apps : fresh;
        ClientProfile client = pool.get(random.nextInt(pool.size()));
        usedClients.add(client.clientId());
        return client;
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().toList();
    }
}
