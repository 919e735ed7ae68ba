package io.bulwark.demo.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to generate: the population, from when and for how long in simulated time, the seed, and the attacks.
 *
 * @param attacks        the kinds to inject, each {@code attacksPerKind} times; empty for normal traffic only
 * @param quietDays      how many simulated days at the start carry no attack, so detectors can learn first
 */
public record TrafficScenario(long seed, Population population, Instant start, int days, Set<AttackKind> attacks,
                             int attacksPerKind, int quietDays) {

    /** Monday 5 January 2026, midnight UTC: a week that starts on a weekday and holds no bank holiday. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    public TrafficScenario {
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(start, "start");
        attacks = attacks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(attacks));
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--simulated-days must be between 1 and 366, not " + days);
        }
        if (attacksPerKind < 0 || attacksPerKind > 100) {
            throw new IllegalArgumentException("attacks per kind must be between 0 and 100, not " + attacksPerKind);
        }
        if (quietDays < 0 || quietDays >= days && !attacks.isEmpty() && attacksPerKind > 0 && days > 1) {
            throw new IllegalArgumentException("the quiet days (" + quietDays + ") must leave at least one of the " + days
                    + " simulated days for attacks");
        }
    }

    /** Every attack kind once, the first half of the period quiet (at least one day when there are two or more). */
    public static TrafficScenario withAllAttacks(long seed, Population population, Instant start, int days) {
        return new TrafficScenario(seed, population, start, days, EnumSet.allOf(AttackKind.class), 1, Math.max(days / 2, days > 1 ? 1 : 0));
    }

    /** When the simulated period ends. */
    public Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    /** When attacks may begin: after the quiet days, or half-way through a one-day period. */
    public Instant attacksFrom() {
        return days == 1 ? start.plus(Duration.ofHours(12)) : start.plus(Duration.ofDays(quietDays));
    }
}
