package io.bulwark.demo.traffic;

import io.bulwark.demo.bank.Iban;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Who makes the traffic: the partner clients and the users they act for. */
public record Population(List<ClientProfile> clients, List<UserProfile> users) {

    private static final String[] PARTNER_NAMES = {"Northwind Money", "Lumen Budget", "Quickpay Wallet", "Atlas Aggregation",
            "Harbor Finance", "Pennywise", "Crescent Pay", "Ledgerly", "Fjord Savings Coach", "Mosaic Money", "Orbit Accounts",
            "Tally Home", "Bright Bills", "Kestrel Pay", "Meridian Wealth", "Sparrow Budget", "Vantage Aggregator", "Willow Pay",
            "Cobalt Insights", "Summit Money"};
    private static final String[] AGENTS = {"okhttp/4.12.0", "Apache-HttpClient/5.3.1 (Java/21.0.4)", "python-httpx/0.27.0",
            "Go-http-client/2.0", "axios/1.7.2", "Java-http-client/21.0.3"};

    /** Payees many users share: landlords, utilities, shops and subscriptions, with their usual references. */
    private static final Object[][] COMMON_PAYEES = {
            {"Hausverwaltung Becker GmbH", Payee.Category.RENT, "Miete"},
            {"Wohnbau Nord eG", Payee.Category.RENT, "Rent"},
            {"Stadtwerke München", Payee.Category.UTILITY, "Abschlag Strom"},
            {"Vattenfall Europe Sales", Payee.Category.UTILITY, "Customer 4471-22"},
            {"Telekom Deutschland", Payee.Category.UTILITY, "Rechnung"},
            {"Thames Water Utilities", Payee.Category.UTILITY, "Water bill"},
            {"REWE Markt GmbH", Payee.Category.SHOP, null},
            {"Bäckerei Müller", Payee.Category.SHOP, null},
            {"Zalando SE", Payee.Category.SHOP, "Order"},
            {"IKEA Deutschland", Payee.Category.SHOP, null},
            {"Spotify AB", Payee.Category.SUBSCRIPTION, "Premium"},
            {"Netflix International B.V.", Payee.Category.SUBSCRIPTION, null},
            {"Fitnessstudio Aktiv", Payee.Category.SUBSCRIPTION, "Mitgliedsbeitrag"},
            {"Allianz Versicherungs-AG", Payee.Category.UTILITY, "Police 88213"}};
    private static final String[] FIRST_NAMES = {"Anna", "Lukas", "Sofia", "Jonas", "Emma", "Noah", "Mia", "Elias", "Léa",
            "Mateo", "Zoë", "Björn", "Chloé", "Oliver", "Amélie", "Piotr", "Ines", "Kenji", "Aisha", "Tomás"};
    private static final String[] LAST_NAMES = {"Schmidt", "Novak", "García", "Rossi", "Dubois", "Jansen", "Kowalski", "Smith",
            "Nielsen", "Ferreira", "Weber", "O'Brien", "Yılmaz", "Andersson", "Moreau", "Hoffmann"};
    private static final String[] COUNTRIES = {"DE", "DE", "DE", "FR", "NL", "AT", "ES", "IT"};

    public Population {
        clients = List.copyOf(clients);
        users = List.copyOf(users);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("a population needs at least one partner client");
        }
        if (users.isEmpty() && clients.stream().anyMatch(c -> c.kind().actsForUsers())) {
            throw new IllegalArgumentException("partner apps act for users, and this population has none");
        }
    }

    /** The client with this id. */
    public Optional<ClientProfile> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** The users each client acts for, by client id, in the clients' order. */
    public Map<String, List<UserProfile>> usersByClient() {
        Map<String, List<UserProfile>> byClient = new LinkedHashMap<>();
        clients.forEach(c -> byClient.put(c.clientId(), new ArrayList<>()));
        for (UserProfile user : users) {
            user.clientIds().forEach(id -> byClient.get(id).add(user));
        }
        return byClient;
    }

    /**
     * {@code clientCount} partner clients (one in ten a machine client reading the catalogue, the others aggregators,
     * budgeting and payment apps) and {@code userCount} users with one to three accounts, their payees, and one to three
     * of the apps, the popular apps having more users. The same seed gives the same population.
     */
    public static Population synthetic(long seed, int clientCount, int userCount) {
        if (clientCount < 2 || clientCount > 999) {
            throw new IllegalArgumentException("--traffic-clients must be between 2 and 999, not " + clientCount);
        }
        if (userCount < 1 || userCount > 99_999) {
            throw new IllegalArgumentException("--traffic-users must be between 1 and 99999, not " + userCount);
        }
        RandomGenerator random = Seeds.random(seed, "population");
        List<ClientProfile> clients = clients(random, clientCount, "partner-");
        List<String> apps = clients.stream().filter(c -> c.kind().actsForUsers()).map(ClientProfile::clientId).toList();
        List<UserProfile> users = new ArrayList<>();
        for (int u = 1; u <= userCount; u++) {
            List<BankAccountRef> accounts = new ArrayList<>();
            accounts.add(new BankAccountRef(hexId(random), "EUR", true, 1 + random.nextInt(6)));
            if (random.nextDouble() < 0.45) {
                accounts.add(new BankAccountRef(hexId(random), "EUR", true, 1));
            }
            if (random.nextDouble() < 0.6) {
                accounts.add(new BankAccountRef(hexId(random), "EUR", false, 1 + random.nextInt(3)));
            }
            users.add(new UserProfile(String.format("user-%04d", u), accounts, payees(random), chooseApps(random, apps),
                    new DailyCycle(random.nextGaussian() * 1.5), 0.4 + random.nextExponential() * 0.8));
        }
        return new Population(clients, users);
    }

    /** Partner clients named {@code prefix01}..: the kinds in a fixed rotation, so every kind is present from four on. */
    static List<ClientProfile> clients(RandomGenerator random, int count, String prefix) {
        ClientKind[] rotation = {ClientKind.AGGREGATOR, ClientKind.PAYMENTS, ClientKind.BUDGETING, ClientKind.CATALOGUE,
                ClientKind.AGGREGATOR, ClientKind.PAYMENTS, ClientKind.BUDGETING, ClientKind.AGGREGATOR, ClientKind.PAYMENTS,
                ClientKind.BUDGETING};
        List<ClientProfile> clients = new ArrayList<>();
        for (int c = 1; c <= count; c++) {
            ClientKind kind = count == 2 ? (c == 1 ? ClientKind.AGGREGATOR : ClientKind.PAYMENTS) : rotation[(c - 1) % rotation.length];
            String name = PARTNER_NAMES[(c - 1) % PARTNER_NAMES.length] + (c > PARTNER_NAMES.length ? " " + c : "");
            clients.add(new ClientProfile(String.format("%s%02d", prefix, c), name, kind,
                    "203.0.113." + (10 + c % 240), AGENTS[random.nextInt(AGENTS.length)]));
        }
        return clients;
    }

    /** Four to nine payees: a landlord maybe, utilities, shops, subscriptions and friends. */
    static List<Payee> payees(RandomGenerator random) {
        List<Payee> payees = new ArrayList<>();
        int count = 4 + random.nextInt(6);
        boolean rent = false;
        while (payees.size() < count) {
            if (random.nextDouble() < 0.3) {
                String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
                payees.add(new Payee(name, iban(random), Payee.Category.FRIEND, random.nextBoolean() ? "Danke!" : null));
                continue;
            }
            Object[] common = COMMON_PAYEES[random.nextInt(COMMON_PAYEES.length)];
            Payee.Category category = (Payee.Category) common[1];
            if (category == Payee.Category.RENT && rent || payees.stream().anyMatch(p -> p.name().equals(common[0]))) {
                continue;
            }
            rent |= category == Payee.Category.RENT;
            // Each common payee has one IBAN for everyone: derived from its name, not drawn.
            payees.add(new Payee((String) common[0], iban(Seeds.random(((String) common[0]).hashCode(), "payee")), category,
                    (String) common[2]));
        }
        return List.copyOf(payees);
    }

    /** A valid IBAN (ISO 13616 check digits) in one of the euro countries, with a numeric BBAN of the right length. */
    static String iban(RandomGenerator random) {
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        int length = switch (country) {
            case "DE" -> 18;
            case "AT" -> 16;
            case "ES" -> 20;
            case "NL" -> 14;
            default -> 23;
        };
        StringBuilder bban = new StringBuilder();
        if (country.equals("NL")) {
            bban.append("ABNA");
            length -= 4;
        } else if (country.equals("IT")) {
            bban.append((char) ('A' + random.nextInt(26)));
            length -= 1;
        }
        for (int i = 0; i < length; i++) {
            bban.append(random.nextInt(10));
        }
        return Iban.of(country, bban.toString());
    }

    /** A demo bank account id: 24 hexadecimal digits. */
    static String hexId(RandomGenerator random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static List<String> chooseApps(RandomGenerator random, List<String> apps) {
        int count = Math.min(apps.size(), random.nextDouble() < 0.55 ? 1 : random.nextDouble() < 0.7 ? 2 : 3);
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < count) {
            // Popularity falls with the app's rank (Zipf, s = 1): the first apps have most of the users.
            double total = 0;
            for (int i = 0; i < apps.size(); i++) {
                total += 1.0 / (i + 1);
            }
            double pick = random.nextDouble(total);
            int index = 0;
            while (pick > 1.0 / (index + 1)) {
                pick -= 1.0 / (index + 1);
                index++;
            }
            String app = apps.get(Math.min(index, apps.size() - 1));
            if (!chosen.contains(app)) {
                chosen.add(app);
            }
        }
        return List.copyOf(chosen);
    }
}
