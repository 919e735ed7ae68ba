package io.bulwark.demo.traffic;

import java.util.random.RandomGenerator;

/**
 * When in the day a person uses a banking app: quiet at night, a morning rise, a lunchtime peak and the evening's higher
 * one (the shape retail banking apps publish for their sessions), shifted by a person's own habit.
 *
 * @param shiftHours how much later (or earlier, negative) than the typical person this one's day runs
 */
public record DailyCycle(double shiftHours) {

    /** Relative activity by hour of the day, 0-23; the highest is 1. */
    private static final double[] TYPICAL = {
            0.06, 0.03, 0.02, 0.02, 0.03, 0.06, 0.18, 0.40, 0.62, 0.66, 0.64, 0.70,
            0.86, 0.78, 0.62, 0.58, 0.60, 0.68, 0.82, 0.94, 1.00, 0.84, 0.52, 0.22};

    public DailyCycle {
        if (!Double.isFinite(shiftHours) || Math.abs(shiftHours) > 12) {
            throw new IllegalArgumentException("a daily cycle's shift is at most 12 hours, not " + shiftHours);
        }
    }

    /** Relative activity (0 to 1) at {@code secondOfDay}, interpolated between the hours. */
    public double intensity(double secondOfDay) {
        double hour = ((secondOfDay / 3600.0 - shiftHours) % 24 + 24) % 24;
        int low = (int) Math.floor(hour);
        double fraction = hour - low;
        return TYPICAL[low] * (1 - fraction) + TYPICAL[(low + 1) % 24] * fraction;
    }

    /** A second of the day drawn with probability proportional to {@link #intensity} (rejection sampling). */
    public double sampleSecondOfDay(RandomGenerator random) {
        while (true) {
            double second = random.nextDouble(86_400);
            if (random.nextDouble() < intensity(second)) {
                return second;
            }
        }
    }
}
