package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.config.AnomalyConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

/**
 * Detectors on real stores driven minute by minute with a hand-moved clock: each minute's events spread over the
 * detectors as a load balancer would, then every detector's round at 5 s past the minute (its share left in the store)
 * and at 20 s (the closed window scored), as their 5-second rounds would in time.
 */
final class DetectorRig implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final AnomalyConfig CONFIG = new AnomalyConfig(true, Duration.ofMinutes(1), 4, 20, 3.0, 3.5, 100, Duration.ofMinutes(5), io.bulwark.config.AnomalyResponseConfig.DEFAULT);

    final MutableClock clock = new MutableClock(START);
    final List<AnomalyAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    final List<BehaviourDetector> detectors = new ArrayList<>();
    private long minute;

    BehaviourDetector add(JdbcStore store, String node) {
        BehaviourDetector detector = new BehaviourDetector(CONFIG, store.behaviourModels(), store.behaviourWindows(), store.behaviourLeases(),
                List.of(alerts::add), clock, node);
        detectors.add(detector);
        return detector;
    }

    /** Runs {@code minutes} of alice's and bob's ordinary traffic under partner-app. */
    void normal(int minutes) {
        for (int i = 0; i < minutes; i++) {
            run(normalEvents(minute));
        }
    }

    /** Runs one minute of ordinary traffic plus alice walking {@code accounts} account ids not hers. */
    void enumeration(int accounts) {
        List<AuditEvent> events = normalEvents(minute);
        Random random = new Random(minute);
        for (int i = 0; i < accounts; i++) {
            events.add(event(minute, random, "alice", "getAccount", Map.of("accountId", "victim-" + i), 404, "198.51.100.7"));
        }
        run(events);
    }

    private void run(List<AuditEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            detectors.get(i % detectors.size()).onDecision(events.get(i));
        }
        Instant end = START.plus(Duration.ofMinutes(minute + 1));
        clock.advance(Duration.between(clock.instant(), end.plusSeconds(5)));
        detectors.forEach(BehaviourDetector::tick);
        clock.advance(Duration.ofSeconds(15));
        detectors.forEach(BehaviourDetector::tick);
        minute++;
    }

    List<AuditEvent> normalEvents(long at) {
        Random random = new Random(at);
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
            events.add(event(at, random, "alice", "getAccount", Map.of("accountId", "acc-a" + random.nextInt(2)), 200, "198.51.100.7"));
        }
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            events.add(event(at, random, "bob", random.nextBoolean() ? "getBalances" : "getAccount", Map.of("accountId", "acc-b1"), 200,
                    "198.51.100.9"));
        }
        return events;
    }

    static AuditEvent event(long minute, Random random, String subject, String operation, Map<String, String> objects, int status,
                            String address) {
        return new AuditEvent(START.plus(Duration.ofMinutes(minute)).plusMillis(random.nextInt(59_000)), UUID.randomUUID().toString(),
                status < 400 ? AuditDecision.ALLOWED : AuditDecision.REFUSED, status < 400 ? null : "not_found", null, status, "GET",
                "/bank/v1/accounts", "bank", operation, objects, subject, "partner-app", address, 100, status < 400 ? 1_200 : 200, 4_000,
                OptionalLong.empty());
    }

    List<AnomalyAlert> alertsFor(String id) {
        synchronized (alerts) {
            return alerts.stream().filter(alert -> alert.subject().id().equals(id)).toList();
        }
    }

    @Override
    public void close() {
        detectors.forEach(BehaviourDetector::close);
    }
}
