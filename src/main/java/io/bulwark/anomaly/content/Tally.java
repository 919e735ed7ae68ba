package io.bulwark.anomaly.content;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each of a bounded set of things was seen, and the Good-Turing chance that the next observation is new:
 * the share of observations whose thing was seen exactly once (Good, "The population frequencies of species and the
 * estimation of population parameters", Biometrika 40, 1953, eq. 2), smoothed as {@code (n1 + 1) / (n + 2)}. A field
 * whose every value so far came many times makes a new one very unlikely; a field of one-off values expects new ones.
 * Past {@code cap} distinct things it gives up ({@link #overflowed()}): the field is not an enumeration.
 *
 * @param <K> what is counted
 */
final class Tally<K> {

    private final int cap;
    private final Map<K, Integer> counts = new LinkedHashMap<>();
    private long singletons;
    private boolean overflowed;

    Tally(int cap) {
        this.cap = cap;
    }

    /** Counts one observation of {@code key}. */
    void add(K key) {
        if (overflowed) {
            return;
        }
        Integer seen = counts.get(key);
        if (seen == null) {
            if (counts.size() >= cap) {
                overflowed = true;
                counts.clear();
                singletons = 0;
                return;
            }
            counts.put(key, 1);
            singletons++;
        } else {
            if (seen == 1) {
                singletons--;
            }
            counts.put(key, seen + 1);
        }
    }

    boolean contains(K key) {
        return counts.containsKey(key);
    }

    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return counts.size();
    }

    /** -ln of the Good-Turing chance that an observation is new, after {@code observations} of them. */
    double noveltySurprise(long observations) {
        return -Math.log((singletons + 1.0) / (observations + 2.0));
    }

    /** The counts, for the model file (null once overflowed). */
    Map<K, Integer> counts() {
        return overflowed ? null : new LinkedHashMap<>(counts);
    }

    /** Restores the counts from the model file (null: overflowed). */
    void restore(Map<K, Integer> saved) {
        counts.clear();
        singletons = 0;
        if (saved == null) {
            overflowed = true;
            return;
        }
        overflowed = false;
        saved.entrySet().stream().limit(cap).forEach(e -> {
            counts.put(e.getKey(), e.getValue());
            if (e.getValue() == 1) {
                singletons++;
            }
        });
    }

    /** A tally of hashes as its file form: hexadecimal keys (null once overflowed). */
    static Map<String, Integer> hexCounts(Tally<Long> tally) {
        Map<Long, Integer> counts = tally.counts();
        if (counts == null) {
            return null;
        }
        Map<String, Integer> hex = new LinkedHashMap<>();
        counts.forEach((k, v) -> hex.put(Long.toHexString(k), v));
        return hex;
    }

    /** Restores a tally of hashes from {@link #hexCounts}. */
    static void restoreHex(Tally<Long> tally, Map<String, Integer> hex) {
        if (hex == null) {
            tally.restore(null);
            return;
        }
        Map<Long, Integer> counts = new LinkedHashMap<>();
        hex.forEach((k, v) -> counts.put(Long.parseUnsignedLong(k, 16), v));
        tally.restore(counts);
    }
}
