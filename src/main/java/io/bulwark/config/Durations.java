package io.bulwark.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 90d} or ISO-8601 such as {@code PT5M}, within bounds. */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String FORMATS = "write a number with a unit: `30s`, `5m`, `1h`, `90d` (also `ms`), or ISO-8601 such as `PT5M`";

    private Durations() {
    }

    /**
     * The duration at {@code node}, or {@code fallback} when it is absent.
     *
     * @param why added to the fix when the value is out of bounds, saying why the bounds exist
     */
    static Duration read(ConfigNode node, Duration fallback, Duration min, Duration max, String why) {
        if (node.isAbsent()) {
            return fallback;
        }
        if (node.raw().isNumber()) {
            throw node.error("has no unit", FORMATS);
        }
        String text = node.text().strip();
        Duration duration = parse(text);
        if (duration == null) {
            throw node.error("`" + text + "` is not a duration", FORMATS);
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw node.error("`" + text + "` is outside the allowed range " + show(min) + " to " + show(max),
                    "use a duration from " + show(min) + " to " + show(max) + (fallback == null ? "" : " (default " + show(fallback) + ")")
                            + "; " + why);
        }
        return duration;
    }

    /** The duration written in {@code text}, or null if it is in neither accepted form. */
    public static Duration parse(String text) {
        Matcher shortForm = SHORT_FORM.matcher(text);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** A duration in the short form an operator writes, such as {@code 5m}. */
    public static String show(Duration duration) {
        if (duration.toMillis() % 86_400_000 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + "m";
        }
        if (duration.toMillis() % 1_000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
