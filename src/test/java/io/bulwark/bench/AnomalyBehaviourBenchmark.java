package io.bulwark.bench;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.anomaly.behaviour.BehaviourReplay;
import io.bulwark.anomaly.behaviour.BehaviourScorer;
import io.bulwark.anomaly.behaviour.BehaviourTraffic;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Attack;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Injection;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Member;
import io.bulwark.anomaly.behaviour.Identity;
import io.bulwark.anomaly.behaviour.WindowCounts;
import io.bulwark.config.AnomalyConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The behaviour detector on labelled synthetic traffic (bench/anomaly-behaviour.sh, docs/ANOMALY.md): partner
 * clients with users on daily cycles and machine clients polling around the clock, replayed minute by minute through the
 * scorer; each attack pattern injected on its own victim after the warm-up days. Prints, per attack, whether it was
 * detected, the minutes from its first event to the end of the window that raised the alert and the alert's kind; the
 * false alarms per identity-day on normal traffic; the scoring cost per event and per window against counting alone
 * (the baseline, measured in the same run); and the memory of an identity's state.
 *
 * Options: -Dseed=N -Dclients=N -Dusers=N -Dmachines=N -Ddays=N -Dwarmup.days=N -Dwarmup.windows=N.
 */
public final class AnomalyBehaviourBenchmark {

    private static final long DAY = 1_440;
    /** An alert for the victim (or its client) up to this many minutes after the attack ends still counts as detecting it. */
    private static final long LATE = 30;

    private AnomalyBehaviourBenchmark() {
    }

    public static void main(String[] args) {
        long seed = Long.getLong("seed", 42);
        int clients = Integer.getInteger("clients", 4);
        int users = Integer.getInteger("users", 10);
        int machines = Integer.getInteger("machines", 4);
        int days = Integer.getInteger("days", 6);
        int warmUpDays = Integer.getInteger("warmup.days", 3);
        AnomalyConfig defaults = AnomalyConfig.defaults();
        AnomalyConfig config = new AnomalyConfig(true, defaults.window(), defaults.shingleSize(),
                Integer.getInteger("warmup.windows", defaults.warmUpWindows()), defaults.threshold(), defaults.populationThreshold(),
                defaults.maxIdentities(), defaults.persistEvery(), defaults.responses());
        BehaviourTraffic traffic = new BehaviourTraffic(seed, clients, users, machines);
        List<Member> partnerUsers = traffic.members().stream().filter(m -> !m.machine()).toList();
        List<Member> machineClients = traffic.members().stream().filter(Member::machine).toList();
        long evaluated = warmUpDays * DAY;
        // Each attack on a victim of its own, on the evaluation days, inside the victim's hours.
        List<Injection> injections = new ArrayList<>();
        long day = evaluated + DAY;
        injections.add(traffic.inject(Attack.CREDENTIAL_STUFFING, victim(partnerUsers, 0, users), day + 10 * 60 + 17, 10));
        injections.add(traffic.inject(Attack.BOLA_ENUMERATION, victim(partnerUsers, 1, users), day + (victim(partnerUsers, 1, users).startHour() + 2) * 60 + 5, 5));
        injections.add(traffic.inject(Attack.SCRAPING, victim(partnerUsers, 2, users), day + (victim(partnerUsers, 2, users).startHour() + 3) * 60 + 11, 10));
        injections.add(traffic.inject(Attack.TOKEN_REPLAY_NEW_NETWORK, victim(partnerUsers, 3, users), day + (victim(partnerUsers, 3, users).startHour() + 1) * 60 + 40, 5));
        injections.add(traffic.inject(Attack.COMPROMISED_CLIENT, machineClients.get(0), day + DAY / 2 + 20, 10));
        injections.add(traffic.inject(Attack.PAYMENT_BURST, victim(partnerUsers, 4, users), day + (victim(partnerUsers, 4, users).startHour() + 4) * 60 + 2, 3));
        injections.add(traffic.inject(Attack.SLOW_PROBING, victim(partnerUsers, 5, users), day + (victim(partnerUsers, 5, users).startHour() + 1) * 60, 60));

        System.out.printf(Locale.ROOT, "behaviour detector on synthetic traffic: seed %d, %d partner clients x %d users, %d machine clients, "
                        + "%d days (%d of warm-up), window %s, shingle %d, own forest after %d windows%n", seed, clients, users, machines, days,
                warmUpDays, config.window(), config.shingleSize(), config.warmUpWindows());
        BehaviourReplay.MemoryModels models = new BehaviourReplay.MemoryModels();
        long started = System.nanoTime();
        BehaviourReplay replay = new BehaviourReplay(traffic, config, models);
        for (int d = 0; d < days; d++) {
            replay.run(d * DAY, (d + 1) * DAY);
            System.out.printf(Locale.ROOT, "  day %d replayed: %d events, %d alerts so far, %.0f s%n", d + 1, replay.events(), replay.raised().size(),
                    (System.nanoTime() - started) / 1e9);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf(Locale.ROOT, "%n%-26s %-9s %-18s %-22s %s%n", "attack", "detected", "minutes to alert", "kind", "first reason");
        List<BehaviourReplay.Raised> attributed = new ArrayList<>();
        int detected = 0;
        for (Injection injection : injections) {
            Member victim = injection.victim();
            List<BehaviourReplay.Raised> hits = new ArrayList<>();
            for (String id : ids(injection, injections)) {
                hits.addAll(replay.raisedFor(id, injection.fromMinute(), injection.fromMinute() + injection.minutes() + LATE));
            }
            attributed.addAll(hits);
            Optional<BehaviourReplay.Raised> first = hits.stream().min((a, b) -> Long.compare(a.minute(), b.minute()));
            detected += first.isPresent() ? 1 : 0;
            System.out.printf(Locale.ROOT, "%-26s %-9s %-18s %-22s %s%n", injection.attack().name().toLowerCase(Locale.ROOT),
                    first.isPresent() ? "yes" : "no",
                    first.map(r -> String.valueOf(r.minute() + 1 - injection.fromMinute())).orElse("-"),
                    first.map(r -> r.alert().kind() + "/" + r.alert().severity().name().toLowerCase(Locale.ROOT)).orElse("-"),
                    first.map(r -> r.alert().reasons().getFirst()).orElse("-"));
        }
        // False alarms: every other alert raised on the evaluation days, per identity-day of normal traffic.
        List<BehaviourReplay.Raised> falseAlarms = replay.raised().stream()
                .filter(r -> r.minute() >= evaluated && !attributed.contains(r)).toList();
        long identities = traffic.members().size() + clients;
        double identityDays = identities * (double) (days - warmUpDays);
        System.out.printf(Locale.ROOT, "%ndetected %d of %d attacks; false alarms on normal traffic: %d in %.0f identity-days = %.3f per identity-day%n",
                detected, injections.size(), falseAlarms.size(), identityDays, falseAlarms.size() / identityDays);
        Map<String, Integer> byKind = new TreeMap<>();
        falseAlarms.forEach(r -> byKind.merge(r.alert().kind(), 1, Integer::sum));
        System.out.println("false alarms by kind: " + byKind);
        falseAlarms.stream().limit(5).forEach(r -> System.out.println("  e.g. " + r.alert().subject().id() + " at minute " + r.minute() % DAY
                + ": " + r.alert().reasons()));
        System.out.printf(Locale.ROOT, "alerts during warm-up days (population forests, not counted above): %d%n",
                replay.raised().stream().filter(r -> r.minute() < evaluated).count());

        System.out.printf(Locale.ROOT, "%ncost: %d events, %d identity-windows scored in %.1f s (wall, load average %s)%n", replay.events(),
                replay.windows(), seconds, loadAverage());
        double countingPerEvent = replay.countingNanos() / 1e3 / replay.events();
        double scoringPerEvent = replay.scoringNanos() / 1e3 / replay.events();
        System.out.printf(Locale.ROOT, "counting alone (baseline): %.2f µs/event; scoring: %.1f µs/event, %.0f µs/identity-window; "
                        + "ratio scoring/counting %.0f%n", countingPerEvent, scoringPerEvent, replay.scoringNanos() / 1e3 / replay.windows(),
                scoringPerEvent / countingPerEvent);
        memory(config);
    }

    /** The {@code i}th victim: users of different clients where there are enough clients, never the same user twice. */
    private static Member victim(List<Member> users, int i, int perClient) {
        return users.get((i * perClient + i) % users.size());
    }

    private static List<String> ids(Injection injection, List<Injection> all) {
        Member victim = injection.victim();
        if (injection.attack() == Attack.CREDENTIAL_STUFFING || victim.machine()) {
            return List.of(victim.clientId());
        }
        // A user's attack shows in its client's windows too; an alert there detects it as well, unless another attack on
        // the same client runs at the same time (the alert could be that one's).
        boolean shared = all.stream().anyMatch(other -> other != injection && other.victim().clientId().equals(victim.clientId())
                && other.fromMinute() < injection.fromMinute() + injection.minutes() + LATE
                && injection.fromMinute() < other.fromMinute() + other.minutes() + LATE);
        return shared ? List.of(victim.subject()) : List.of(victim.subject(), victim.clientId());
    }

    /** Heap and stored bytes per identity with its own forest: identities warmed up in a fresh scorer, measured by GC'd heap. */
    private static void memory(AnomalyConfig config) {
        int count = Integer.getInteger("memory.identities", 200);
        BehaviourReplay.MemoryModels models = new BehaviourReplay.MemoryModels();
        AnomalyConfig big = new AnomalyConfig(true, config.window(), config.shingleSize(), config.warmUpWindows(), config.threshold(),
                config.populationThreshold(), count * 2, config.persistEvery(), config.responses());
        long before = usedHeap();
        BehaviourScorer scorer = new BehaviourScorer(big, models);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < count; i++) {
            Identity identity = new Identity(Subject.Kind.USER, "memory-" + i);
            for (long w = 0; w < config.warmUpWindows() + 10; w++) {
                WindowCounts counts = new WindowCounts();
                for (int r = 0, n = 1 + random.nextInt(5); r < n; r++) {
                    counts.add(new io.bulwark.audit.AuditEvent(BehaviourTraffic.minuteStart(w), "r", io.bulwark.audit.AuditDecision.ALLOWED,
                            null, null, 200, "GET", "/a", "bank", "getAccount", Map.of("accountId", "a" + random.nextInt(3)), "memory-" + i, "c",
                            "198.51.100.7", 10, 1000, 10, java.util.OptionalLong.empty()));
                }
                scorer.score(identity, 29_000_000L + w, counts);
            }
        }
        long after = usedHeap();
        scorer.saveChanged();
        double stored = models.states.entrySet().stream().filter(e -> e.getKey().startsWith("user:memory-"))
                .mapToLong(e -> e.getValue().length).average().orElse(0);
        System.out.printf(Locale.ROOT, "memory: %d identities with their own forest: %.0f KiB of heap each (with the population "
                        + "forests' share), %.0f KiB stored each; %d in memory%n", count, (after - before) / 1024.0 / count, stored / 1024,
                scorer.identitiesInMemory());
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
