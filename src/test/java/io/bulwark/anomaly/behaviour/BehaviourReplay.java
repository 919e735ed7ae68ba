package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.audit.AuditEvent;
import io.bulwark.config.AnomalyConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds {@link BehaviourTraffic} minute by minute through a {@link BehaviourScorer}, as the detector does after the
 * window exchange, and keeps each alert with the minute it was raised for.
 */
public final class BehaviourReplay {

    /** An alert and the minute (from the traffic's epoch) of the window that raised it. */
    public record Raised(long minute, AnomalyAlert alert) {
    }

    /** A {@link BehaviourModels} in memory. */
    public static final class MemoryModels implements BehaviourModels {
        public final Map<String, byte[]> states = new ConcurrentHashMap<>();

        @Override
        public Optional<byte[]> load(String key) {
            return Optional.ofNullable(states.get(key));
        }

        @Override
        public void save(Map<String, byte[]> saved) {
            states.putAll(saved);
        }
    }

    private final BehaviourTraffic traffic;
    private final BehaviourScorer scorer;
    private final List<Raised> raised = new ArrayList<>();
    private long events;
    private long windows;
    private long countingNanos;
    private long scoringNanos;

    public BehaviourReplay(BehaviourTraffic traffic, AnomalyConfig config, BehaviourModels models) {
        this.traffic = traffic;
        this.scorer = new BehaviourScorer(config, models);
    }

    /** Replays minutes {@code from} (inclusive) to {@code to} (exclusive). */
    public BehaviourReplay run(long from, long to) {
        long epochWindow = BehaviourScorer.windowOf(BehaviourTraffic.EPOCH, java.time.Duration.ofMinutes(1));
        for (long minute = from; minute < to; minute++) {
            List<AuditEvent> minuteEvents = traffic.minute(minute);
            long started = System.nanoTime();
            Map<Identity, WindowCounts> counts = new HashMap<>();
            for (AuditEvent event : minuteEvents) {
                if (event.clientId() != null) {
                    counts.computeIfAbsent(new Identity(Subject.Kind.CLIENT, event.clientId()), i -> new WindowCounts()).add(event);
                }
                if (event.subject() != null) {
                    counts.computeIfAbsent(new Identity(Subject.Kind.USER, event.subject()), i -> new WindowCounts()).add(event);
                }
            }
            long counted = System.nanoTime();
            countingNanos += counted - started;
            events += minuteEvents.size();
            // Identities in a stable order, as the detector takes them from the exchange.
            for (Map.Entry<Identity, WindowCounts> entry : new TreeMap<>(byKey(counts)).values()) {
                windows++;
                Optional<AnomalyAlert> alert = scorer.score(entry.getKey(), epochWindow + minute, entry.getValue());
                long at = minute;
                alert.ifPresent(a -> raised.add(new Raised(at, a)));
            }
            scoringNanos += System.nanoTime() - counted;
        }
        return this;
    }

    private static Map<String, Map.Entry<Identity, WindowCounts>> byKey(Map<Identity, WindowCounts> counts) {
        Map<String, Map.Entry<Identity, WindowCounts>> byKey = new HashMap<>();
        counts.entrySet().forEach(entry -> byKey.put(entry.getKey().key(), entry));
        return byKey;
    }

    public List<Raised> raised() {
        return raised;
    }

    /** Alerts raised for {@code id} (a client id or a subject) from minute {@code from} on, before {@code to}. */
    public List<Raised> raisedFor(String id, long from, long to) {
        return raised.stream().filter(r -> r.alert().subject().id().equals(id) && r.minute() >= from && r.minute() < to).toList();
    }

    public BehaviourScorer scorer() {
        return scorer;
    }

    public long events() {
        return events;
    }

    public long windows() {
        return windows;
    }

    public long countingNanos() {
        return countingNanos;
    }

    public long scoringNanos() {
        return scoringNanos;
    }
}
