package io.bulwark.bench;

import io.bulwark.demo.traffic.Attack;
import io.bulwark.demo.traffic.AttackKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches detector alerts to labelled attacks. An alert belongs to an attack when it names one of the attack's requests
 * ({@code request_id}), or when it names the attack's actor (its client; its user, or a username a sign-in attack tried)
 * and arrived between the attack's first request and {@code grace} after its last. An attack is detected when an alert
 * belongs to it; the time to detect is from its first request to the first such alert's arrival. An alert that belongs
 * to no attack is a false alarm, counted per client-day of traffic.
 */
final class AlertMatching {

    /** One attack's outcome. */
    record Outcome(Attack attack, Optional<ObservedAlert> firstAlert, int alerts) {

        boolean detected() {
            return firstAlert.isPresent();
        }

        Optional<Duration> timeToDetect() {
            return firstAlert.map(alert -> Duration.between(attack.start(), alert.receivedAt()));
        }
    }

    /** The whole result: each attack's outcome, the false alarms, and the normal traffic they are counted over. */
    record Result(List<Outcome> outcomes, List<ObservedAlert> falseAlarms, int alertCount, double clientDays) {

        double falseAlarmsPerClientDay() {
            return clientDays > 0 ? falseAlarms.size() / clientDays : 0;
        }

        /** Per kind: attacks, detected, and the median time to detect of the detected ones. */
        Map<AttackKind, List<Outcome>> byKind() {
            Map<AttackKind, List<Outcome>> byKind = new EnumMap<>(AttackKind.class);
            outcomes.forEach(o -> byKind.computeIfAbsent(o.attack().kind(), k -> new ArrayList<>()).add(o));
            return byKind;
        }

        /** The report as lines of text. */
        List<String> report() {
            List<String> lines = new ArrayList<>();
            if (alertCount == 0) {
                lines.add("no detector alerts: no anomaly_detected event arrived on the stream (are the detectors attached to the node?)");
            }
            lines.add(String.format(Locale.ROOT, "%-20s %7s %8s  %s", "attack kind", "attacks", "detected", "time to detect (first request to alert)"));
            for (Map.Entry<AttackKind, List<Outcome>> entry : byKind().entrySet()) {
                List<Outcome> outcomes = entry.getValue();
                List<Duration> times = outcomes.stream().flatMap(o -> o.timeToDetect().stream()).sorted().toList();
                String time = times.isEmpty() ? "-" : times.size() == 1 ? seconds(times.getFirst())
                        : "median " + seconds(times.get(times.size() / 2)) + " (" + seconds(times.getFirst()) + ".." + seconds(times.getLast()) + ")";
                lines.add(String.format(Locale.ROOT, "%-20s %7d %8d  %s", entry.getKey().label(), outcomes.size(), times.size(), time));
            }
            long detected = outcomes.stream().filter(Outcome::detected).count();
            lines.add(String.format(Locale.ROOT, "detected %d of %d attacks; %d alerts, %d of them false alarms over %.1f client-days: %.3f per client-day",
                    detected, outcomes.size(), alertCount, falseAlarms.size(), clientDays, falseAlarmsPerClientDay()));
            return lines;
        }

        private static String seconds(Duration duration) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
    }

    private AlertMatching() {
    }

    /**
     * @param clientDays the normal traffic the false alarms are counted over: partner clients times simulated days
     * @param grace      how long after an attack's last request an alert on its actor still counts for it
     */
    static Result match(List<Attack> attacks, List<ObservedAlert> alerts, double clientDays, Duration grace) {
        List<ObservedAlert> ordered = new ArrayList<>(alerts);
        ordered.sort(Comparator.comparing(ObservedAlert::receivedAt));
        Map<Attack, List<ObservedAlert>> belonging = new LinkedHashMap<>();
        attacks.forEach(a -> belonging.put(a, new ArrayList<>()));
        List<ObservedAlert> falseAlarms = new ArrayList<>();
        for (ObservedAlert alert : ordered) {
            boolean matched = false;
            for (Attack attack : attacks) {
                if (belongsTo(alert, attack, grace)) {
                    belonging.get(attack).add(alert);
                    matched = true;
                }
            }
            if (!matched) {
                falseAlarms.add(alert);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        belonging.forEach((attack, own) -> outcomes.add(new Outcome(attack, own.stream().findFirst(), own.size())));
        return new Result(outcomes, falseAlarms, alerts.size(), clientDays);
    }

    static boolean belongsTo(ObservedAlert alert, Attack attack, Duration grace) {
        if (alert.requestId() != null && Set.copyOf(attack.requestIds()).contains(alert.requestId())) {
            return true;
        }
        if (alert.receivedAt().isBefore(attack.start()) || alert.receivedAt().isAfter(attack.end().plus(grace))) {
            return false;
        }
        return switch (alert.subjectKind()) {
            case "client" -> alert.subject().equals(attack.clientId());
            case "user" -> alert.subject().equals(attack.subject()) || attack.targets().contains(alert.subject());
            default -> false;
        };
    }
}
