package io.bulwark.anomaly.behaviour;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Synthetic decision events of a bank's API traffic, seeded and deterministic: partner clients whose users open short
 * sessions in their own daily hours, from their own addresses, reading their own accounts and now and then paying; and
 * machine clients polling around the clock with a daily swing. Attacks ({@link Attack}) are injected on chosen identities
 * with their labels, for the tests and for {@code bench/anomaly-behaviour.sh}.
 */
public final class BehaviourTraffic {

    /** The attack patterns, each named for what it looks like in decision events. */
    public enum Attack {
        /** Stolen tokens replayed without their DPoP key: a burst of 401s under one client, from new addresses. */
        CREDENTIAL_STUFFING,
        /** A user walking account ids that are not theirs (BOLA): many distinct objects, mostly 404/403. */
        BOLA_ENUMERATION,
        /** A client pulling every transaction page it can: high rate, many objects, many bytes, all allowed. */
        SCRAPING,
        /** A user's token replayed from a network the user never used, at an ordinary pace. */
        TOKEN_REPLAY_NEW_NETWORK,
        /** A machine client's credentials used by someone else: other operations, payments, other addresses. */
        COMPROMISED_CLIENT,
        /** A user making payment after payment. */
        PAYMENT_BURST,
        /** A user trying one foreign account id a minute for an hour: the low-and-slow variant of enumeration. */
        SLOW_PROBING
    }

    /** One identity of the population. */
    public record Member(String clientId, String subject, int startHour, int endHour, String address, String[] accounts, boolean machine,
                         double rate) {
    }

    /** An attack placed on a member from a minute on for some minutes. */
    public record Injection(Attack attack, Member victim, long fromMinute, int minutes) {
        public boolean covers(long minute) {
            return minute >= fromMinute && minute < fromMinute + minutes;
        }
    }

    public static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    private static final String[] USER_OPERATIONS = {"listAccounts", "getAccount", "getBalances", "getTransactions"};
    private static final String[] MACHINE_OPERATIONS = {"listAccounts", "getBalances"};

    private final List<Member> members = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private final long seed;

    /**
     * @param clients partner clients, each with {@code usersPerClient} users
     * @param machines machine clients polling without a user
     */
    public BehaviourTraffic(long seed, int clients, int usersPerClient, int machines) {
        this.seed = seed;
        Random random = new Random(seed);
        for (int c = 0; c < clients; c++) {
            for (int u = 0; u < usersPerClient; u++) {
                int start = 6 + random.nextInt(5);
                String[] accounts = new String[1 + random.nextInt(3)];
                for (int a = 0; a < accounts.length; a++) {
                    accounts[a] = "acc-" + c + "-" + u + "-" + a;
                }
                members.add(new Member("partner-" + c, "user-" + c + "-" + u, start, start + 8 + random.nextInt(6),
                        "198.51." + (c * 16 + u % 16) + "." + (10 + random.nextInt(200)), accounts, false, 0.02 + random.nextDouble() * 0.03));
            }
        }
        for (int m = 0; m < machines; m++) {
            members.add(new Member("machine-" + m, null, 0, 24, "10.20." + m + ".5", new String[] {"acc-m-" + m}, true,
                    2 + random.nextInt(8)));
        }
    }

    public List<Member> members() {
        return members;
    }

    public List<Injection> injections() {
        return injections;
    }

    public Injection inject(Attack attack, Member victim, long fromMinute, int minutes) {
        Injection injection = new Injection(attack, victim, fromMinute, minutes);
        injections.add(injection);
        return injection;
    }

    public static Instant minuteStart(long minute) {
        return EPOCH.plus(Duration.ofMinutes(minute));
    }

    /** Every decision event of minute {@code minute} (from {@link #EPOCH}), normal and injected. */
    public List<AuditEvent> minute(long minute) {
        List<AuditEvent> events = new ArrayList<>();
        int hour = (int) (minute / 60 % 24);
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + minute * 7919 + i);
            if (member.machine()) {
                // Around the clock, busier in the day.
                double lambda = member.rate() * (0.5 + 0.5 * Math.sin(Math.PI * (hour - 6) / 12.0 + 0.0001) + 0.3);
                int count = poisson(random, Math.max(0.2, lambda));
                for (int r = 0; r < count; r++) {
                    events.add(normal(member, minute, random, MACHINE_OPERATIONS));
                }
            } else if (hour >= member.startHour() && hour < Math.min(24, member.endHour()) && inSession(member, minute, i)) {
                int count = 1 + random.nextInt(6);
                for (int r = 0; r < count; r++) {
                    events.add(normal(member, minute, random, USER_OPERATIONS));
                }
                if (random.nextDouble() < 0.01) {
                    events.add(event(member.clientId(), member.subject(), minute, random, "POST", "createPayment", Map.of(), 201, 900,
                            member.address()));
                }
            }
        }
        for (Injection injection : injections) {
            if (injection.covers(minute)) {
                events.addAll(attack(injection, minute));
            }
        }
        return events;
    }

    /** Users come in sessions of a few minutes a few times in their hours (sessions start on a seeded hash of the minute). */
    private boolean inSession(Member member, long minute, int index) {
        for (int back = 0; back < 12; back++) {
            long start = minute - back;
            SplittableRandom r = new SplittableRandom(seed ^ (start * 31 + index * 1_000_033L));
            if (r.nextDouble() < member.rate() && back < 3 + r.nextInt(10)) {
                return true;
            }
        }
        return false;
    }

    private AuditEvent normal(Member member, long minute, SplittableRandom random, String[] operations) {
        String operation = operations[random.nextInt(operations.length)];
        Map<String, String> objects = operation.equals("listAccounts") ? Map.of()
                : Map.of("accountId", member.accounts()[random.nextInt(member.accounts().length)]);
        double roll = random.nextDouble();
        int status = roll < 0.005 ? 401 : roll < 0.012 ? 404 : roll < 0.015 ? 403 : 200;
        long bytes = status == 200 ? 800 + random.nextInt(operation.equals("getTransactions") ? 6_000 : 1_500) : 300;
        // Mobile users change address within their network now and then.
        String address = member.machine() || random.nextDouble() < 0.9 ? member.address()
                : member.address().substring(0, member.address().lastIndexOf('.') + 1) + (10 + random.nextInt(200));
        return event(member.clientId(), member.subject(), minute, random, "GET", operation, objects, status, bytes, address);
    }

    private List<AuditEvent> attack(Injection injection, long minute) {
        Member victim = injection.victim();
        SplittableRandom random = new SplittableRandom(seed ^ (minute * 104_729 + injection.attack().ordinal()));
        List<AuditEvent> events = new ArrayList<>();
        switch (injection.attack()) {
            case CREDENTIAL_STUFFING -> {
                for (int r = 0, n = 80 + random.nextInt(80); r < n; r++) {
                    events.add(event(victim.clientId(), null, minute, random, "GET", "getAccount",
                            Map.of("accountId", "acc-x-" + random.nextInt(50)), 401, 250, "203.0.113." + random.nextInt(250)));
                }
            }
            case BOLA_ENUMERATION -> {
                for (int r = 0, n = 60 + random.nextInt(60); r < n; r++) {
                    int id = random.nextInt(100_000);
                    events.add(event(victim.clientId(), victim.subject(), minute, random, "GET", "getAccount",
                            Map.of("accountId", "acc-" + id), random.nextDouble() < 0.8 ? 404 : 403, 300, victim.address()));
                }
            }
            case SCRAPING -> {
                for (int r = 0, n = 150 + random.nextInt(100); r < n; r++) {
                    events.add(event(victim.clientId(), victim.subject(), minute, random, "GET", "getTransactions",
                            Map.of("accountId", "acc-s-" + random.nextInt(400)), 200, 20_000 + random.nextInt(30_000), victim.address()));
                }
            }
            case TOKEN_REPLAY_NEW_NETWORK -> {
                for (int r = 0, n = 2 + random.nextInt(4); r < n; r++) {
                    events.add(event(victim.clientId(), victim.subject(), minute, random, "GET", "getTransactions",
                            Map.of("accountId", victim.accounts()[0]), 200, 3_000, "192.0.2." + (40 + random.nextInt(3))));
                }
            }
            case COMPROMISED_CLIENT -> {
                for (int r = 0, n = 15 + random.nextInt(15); r < n; r++) {
                    String operation = r % 3 == 0 ? "createPayment" : USER_OPERATIONS[random.nextInt(USER_OPERATIONS.length)];
                    events.add(event(victim.clientId(), null, minute, random, r % 3 == 0 ? "POST" : "GET", operation,
                            operation.equals("listAccounts") || operation.equals("createPayment") ? Map.of()
                                    : Map.of("accountId", "acc-" + random.nextInt(5_000)), 200, 1_500, "203.0.113.77"));
                }
            }
            case PAYMENT_BURST -> {
                for (int r = 0, n = 12 + random.nextInt(12); r < n; r++) {
                    events.add(event(victim.clientId(), victim.subject(), minute, random, "POST", "createPayment", Map.of(), 201, 900,
                            victim.address()));
                }
            }
            case SLOW_PROBING -> events.add(event(victim.clientId(), victim.subject(), minute, random, "GET", "getAccount",
                    Map.of("accountId", "acc-" + random.nextInt(100_000)), 404, 300, victim.address()));
        }
        return events;
    }

    private static AuditEvent event(String clientId, String subject, long minute, SplittableRandom random, String method, String operation,
                                    Map<String, String> objects, int status, long bytesOut, String address) {
        Instant at = minuteStart(minute).plusMillis(random.nextInt(60_000));
        boolean allowed = status < 400;
        return new AuditEvent(at, new UUID(random.nextLong(), random.nextLong()).toString(), allowed ? AuditDecision.ALLOWED : AuditDecision.REFUSED,
                allowed ? null : status == 401 ? "invalid_token" : status == 404 ? "not_found" : "forbidden", null, status, method,
                "/bank/v1/" + operation, "bank", operation, objects, subject, clientId, address, 200, bytesOut, 5_000, OptionalLong.empty());
    }

    private static int poisson(SplittableRandom random, double lambda) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
