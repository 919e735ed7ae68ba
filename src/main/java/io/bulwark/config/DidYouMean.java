package io.bulwark.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known name closest to a misspelt one, so that an error can say "did you mean `gateway`?". */
final class DidYouMean {

    private DidYouMean() {
    }

    /** A fix for an unknown {@code given}: the closest known name if one is near, and always the list of allowed names. */
    static String fix(String given, Collection<String> known) {
        String allowed = "allowed here: " + String.join(", ", known);
        return closest(given, known).map(name -> "did you mean `" + name + "`? (" + allowed + ")").orElse(allowed);
    }

    /** The known name within a small edit distance of {@code given} (case and {@code _}/{@code -} slips count little). */
    static Optional<String> closest(String given, Collection<String> known) {
        String typed = normalise(given);
        // About one slip in three characters catches real typos; short names get one slip, so that
        // `url` is not "corrected" to `tls`.
        int limit = Math.max(1, typed.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int distance = distance(typed, normalise(name));
            if (distance <= limit && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance, two rows at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
