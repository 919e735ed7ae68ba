package io.bulwark.anomaly.behaviour;

import io.bulwark.config.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The reasons of a behaviour alert, in an operator's words: the feature, its value, and what was usual for whom. */
final class AlertReasons {

    private AlertReasons() {
    }

    static String reason(Feature feature, double value, double usual, WindowCounts counts, IdentityProfile profile, Duration window,
                         boolean own) {
        String per = "in " + Durations.show(window);
        String whose = own ? "usual for this identity" : "usual for new identities of its kind";
        return switch (feature) {
            case OBJECTS -> String.format(Locale.ROOT, "objects: %d distinct %s %s where at most %s were %s", (long) value,
                    counts.mostEnumerated() == null ? "objects" : counts.mostEnumerated() + " values", per, whole(usual), whose);
            case NEW_ADDRESSES -> String.format(Locale.ROOT, "new-network: %d source addresses never seen for this identity %s (%s)",
                    (long) value, per, String.join(", ", first(profile.newAddresses(counts))));
            case NEW_NETWORKS -> String.format(Locale.ROOT, "new-network: %d networks never seen for this identity %s (%s); it had used %d",
                    (long) value, per, String.join(", ", first(profile.newNetworks(counts))), profile.networks.size());
            case TIME_OF_DAY -> String.format(Locale.ROOT, "time-of-day: active at an hour this identity is rarely active (deviation %.2f where at most %.2f was %s)",
                    value, usual, whose);
            case ERROR_SHARE -> String.format(Locale.ROOT, "errors: %d of %d answers were 401/403/404/429 %s (share %.2f where at most %.2f was %s)",
                    counts.errors(), counts.requests, per, value, Math.min(1, usual), whose);
            case BYTES -> String.format(Locale.ROOT, "bytes: %s out %s where at most %s was %s", bytes(value), per, bytes(usual), whose);
            default -> String.format(Locale.ROOT, "%s: %d %s %s where at most %s %s", feature.label(), (long) value, feature.description(),
                    per, whole(usual), "was " + whose);
        };
    }

    /** The window's refusals by reason, most frequent first, or empty. */
    static String refusals(WindowCounts counts) {
        if (counts.refusals.isEmpty()) {
            return "";
        }
        return "refusals by reason: " + counts.refusals.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static List<String> first(List<String> values) {
        return values.subList(0, Math.min(3, values.size()));
    }

    private static String whole(double value) {
        return String.format(Locale.ROOT, "%d", Math.round(value));
    }

    private static String bytes(double value) {
        return value >= 1_048_576 ? String.format(Locale.ROOT, "%.1f MiB", value / 1_048_576)
                : String.format(Locale.ROOT, "%.0f KiB", value / 1024);
    }
}
