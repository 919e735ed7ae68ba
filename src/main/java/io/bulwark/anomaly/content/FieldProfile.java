package io.bulwark.anomaly.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one field's normal values look like: length, character classes, character distribution, structures, its small
 * set of values when it has one, and how deeply its values were encoded. Novelties are priced with the Good-Turing
 * estimate ({@link Tally}: the share of values whose symbol, structure or value was seen only once), so a free-text
 * field tolerates new structures and an enumeration does not. Bounded: at most {@value #MAX_SHAPES} structures and {@value #MAX_VALUES} value hashes.
 * Not thread-safe: {@link ContentDetector} guards it.
 */
final class FieldProfile {

    static final int MAX_SHAPES = 32;
    static final int MAX_VALUES = 48;
    /** Above this surprise a feature's evidence counts no more: one wild field must not drown everything else. */
    static final double MAX_SURPRISE = 20;
    private static final ThreadLocal<boolean[]> SEEN = ThreadLocal.withInitial(() -> new boolean[CharacterClasses.SYMBOLS]);
    private static final ThreadLocal<int[]> DISTINCT = ThreadLocal.withInitial(() -> new int[CharacterClasses.SYMBOLS]);
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[256]);
    /** Values shorter than this say little about a character distribution (Kruegel and Vigna test long values only). */
    static final int MIN_DISTRIBUTION_LENGTH = 8;
    /** The Kruegel and Vigna bins of the sorted character frequencies: 0, 1-3, 4-6, 7-11, 12-15, 16-255. */
    private static final int[] BIN_END = {1, 4, 7, 12, 16, 256};

    long count;
    double lengthMean;
    double lengthM2;
    int lengthMin = Integer.MAX_VALUE;
    int lengthMax;
    /** In how many values each symbol occurred, and how many symbols occurred in exactly one value. */
    final int[] symbolValues = new int[CharacterClasses.SYMBOLS];
    long symbolSingletons;
    final Tally<String> shapes = new Tally<>(MAX_SHAPES);
    final Tally<Long> values = new Tally<>(MAX_VALUES);
    int maxDepth;
    long novelDepthEvents;
    final double[] distribution = new double[BIN_END.length];
    long distributionCount;
    /** Training values tested against the distribution, and the largest chi-square among them. */
    long chiCount;
    double chiMax;

    /** Learns one value (decoded), with its value hash (or 0 when the field's values must not be kept). */
    void learn(ValueDecoding.Decoded value, long valueHash) {
        String text = value.text();
        count++;
        int length = text.length();
        double delta = length - lengthMean;
        lengthMean += delta / count;
        lengthM2 += delta * (length - lengthMean);
        lengthMin = Math.min(lengthMin, length);
        lengthMax = Math.max(lengthMax, length);
        boolean[] seen = SEEN.get();
        int[] distinct = DISTINCT.get();
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int sym = CharacterClasses.symbol(text.charAt(i));
            if (!seen[sym]) {
                seen[sym] = true;
                distinct[n++] = sym;
            }
        }
        for (int i = 0; i < n; i++) {
            int sym = distinct[i];
            seen[sym] = false;
            if (symbolValues[sym] == 0) {
                symbolSingletons++;
            } else if (symbolValues[sym] == 1) {
                symbolSingletons--;
            }
            symbolValues[sym]++;
        }
        shapes.add(CharacterClasses.shape(text));
        if (valueHash == 0) {
            // A credential's values are never kept, not even hashed: the field is no enumeration.
            values.restore(null);
        } else if (!ordinal(text)) {
            values.add(valueHash);
        }
        if (value.depth() > maxDepth) {
            maxDepth = value.depth();
            novelDepthEvents++;
        }
        if (length >= MIN_DISTRIBUTION_LENGTH && distributionCount >= ContentModel.MIN_EVIDENCE) {
            // The chi-square of training values against the distribution so far: its largest is the field's normal tail.
            chiMax = Math.max(chiMax, chiSquare(text));
            chiCount++;
        }
        if (length > 0) {
            double[] bins = bins(text);
            for (int i = 0; i < bins.length; i++) {
                distribution[i] += bins[i];
            }
            distributionCount++;
        }
    }

    /** Adds this value's contributions under {@code field} to {@code out}; features not in {@code enabled} stay silent. */
    void score(String field, ValueDecoding.Decoded value, long valueHash, Set<Feature> enabled, List<Contribution> out) {
        String text = value.text();
        int length = text.length();
        if (enabled.contains(Feature.LENGTH) && (length > lengthMax || length < lengthMin)) {
            double variance = count > 1 ? lengthM2 / (count - 1) : 0;
            double regularized = variance + 1 + 0.01 * lengthMean * lengthMean;
            double distance = Math.abs(length - lengthMean);
            double p = distance == 0 ? 1 : Math.min(1, regularized / (distance * distance));
            add(out, field, Feature.LENGTH, -Math.log(p), length > lengthMax
                    ? String.format(Locale.ROOT, "length %d where at most %d was seen", length, lengthMax)
                    : String.format(Locale.ROOT, "length %d where at least %d was seen", length, lengthMin));
        }
        if (enabled.contains(Feature.CHARACTERS)) {
            List<Integer> unseen = new ArrayList<>();
            for (int i = 0; i < text.length() && unseen.size() < 8; i++) {
                int s = CharacterClasses.symbol(text.charAt(i));
                if (symbolValues[s] == 0 && !unseen.contains(s)) {
                    unseen.add(s);
                }
            }
            if (!unseen.isEmpty()) {
                double surprise = -Math.log((symbolSingletons + 1.0) / (count + 2.0)) + 0.5 * (unseen.size() - 1);
                StringBuilder names = new StringBuilder();
                for (int s : unseen) {
                    names.append(names.isEmpty() ? "" : ", ").append(CharacterClasses.describe(s));
                }
                add(out, field, Feature.CHARACTERS, surprise, "characters never seen in this field (" + names + ")");
            }
        }
        if (enabled.contains(Feature.DISTRIBUTION) && length >= MIN_DISTRIBUTION_LENGTH && chiCount >= ContentModel.MIN_EVIDENCE) {
            // Kruegel and Vigna §4.2 turn the chi-square into a p-value with 5 degrees of freedom; measured, that flags normal
            // free text far too often (docs/ANOMALY.md). Here the tail is the field's own: a chi-square above every one seen
            // in training has chance 1/(n+1) for exchangeable values, discounted by how far above it is.
            double chi = chiSquare(text);
            // A margin over the largest seen: a field with one constant value has chi-square ~0 and float noise above it.
            double bound = 1.2 * chiMax + 2;
            if (chi > bound) {
                double p = (1.0 / (chiCount + 1)) * (bound / chi);
                add(out, field, Feature.DISTRIBUTION, -Math.log(Math.max(p, 1e-12)),
                        String.format(Locale.ROOT, "character distribution unlike this field's (chi-square %.0f where at most %.0f was seen)", chi, chiMax));
            }
        }
        if (enabled.contains(Feature.STRUCTURE) && !shapes.overflowed() && !shapes.contains(CharacterClasses.shape(text))) {
            add(out, field, Feature.STRUCTURE, shapes.noveltySurprise(count),
                    String.format(Locale.ROOT, "a structure never seen in this field (%d known)", shapes.size()));
        }
        if (enabled.contains(Feature.ENUMERATION) && !values.overflowed() && valueHash != 0 && !ordinal(text)
                && !values.contains(valueHash)) {
            add(out, field, Feature.ENUMERATION, values.noveltySurprise(count),
                    String.format(Locale.ROOT, "a value outside the %d values seen", values.size()));
        }
        if (enabled.contains(Feature.ENCODING) && value.depth() > maxDepth) {
            add(out, field, Feature.ENCODING, -Math.log((novelDepthEvents + 1.0) / (count + 2.0)),
                    String.format(Locale.ROOT, "encoded %d times over where at most %d was seen", value.depth(), maxDepth));
        }
    }

    /**
     * Whether a value reads as a point on a scale (a number, an amount, a date, a time: digits with separators), whose
     * next value is new by nature: tomorrow's date, a larger page number. Kruegel and Vigna's token finder (§4.4) is for
     * categories; on such a field a week of traffic sees a handful of dates, and every later one would be "outside the
     * values seen". Its length and structure are still checked.
     */
    static boolean ordinal(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ("-:./+,TZ ".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    private static void add(List<Contribution> out, String field, Feature feature, double surprise, String reason) {
        if (surprise > 0.05) {
            out.add(new Contribution(field, feature, Math.min(surprise, MAX_SURPRISE), reason));
        }
    }

    /** The value's sorted relative character frequencies, summed into the six bins (only the characters present are sorted). */
    private static double[] bins(String text) {
        int[] counts = COUNTS.get();
        int[] present = new int[Math.min(256, text.length())];
        int distinct = 0;
        for (int i = 0; i < text.length(); i++) {
            int c = text.charAt(i) & 0xff;
            if (counts[c]++ == 0) {
                present[distinct++] = c;
            }
        }
        int[] sorted = new int[distinct];
        for (int i = 0; i < distinct; i++) {
            sorted[i] = counts[present[i]];
            counts[present[i]] = 0;
        }
        Arrays.sort(sorted);
        double[] bins = new double[BIN_END.length];
        int bin = 0;
        for (int rank = 0; rank < distinct; rank++) {
            while (rank >= BIN_END[bin]) {
                bin++;
            }
            bins[bin] += sorted[distinct - 1 - rank] / (double) text.length();
        }
        return bins;
    }

    private double chiSquare(String text) {
        double[] observed = bins(text);
        int length = text.length();
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = Math.max(distribution[i] / distributionCount, 1e-3) * length;
            double o = observed[i] * length;
            chi += (o - expected) * (o - expected) / expected;
        }
        return chi;
    }

    /** The profile as its file form. */
    Snapshot snapshot() {
        return new Snapshot(count, lengthMean, lengthM2, count == 0 ? 0 : lengthMin, lengthMax, symbolValues.clone(), shapes.counts(),
                Tally.hexCounts(values), maxDepth, novelDepthEvents, distribution.clone(), distributionCount, chiCount, chiMax);
    }

    static FieldProfile restore(Snapshot s) {
        FieldProfile p = new FieldProfile();
        p.count = s.count();
        p.lengthMean = s.lengthMean();
        p.lengthM2 = s.lengthM2();
        p.lengthMin = s.count() == 0 ? Integer.MAX_VALUE : s.lengthMin();
        p.lengthMax = s.lengthMax();
        if (s.symbolValues() != null && s.symbolValues().length == CharacterClasses.SYMBOLS) {
            System.arraycopy(s.symbolValues(), 0, p.symbolValues, 0, CharacterClasses.SYMBOLS);
            for (int c : p.symbolValues) {
                if (c == 1) {
                    p.symbolSingletons++;
                }
            }
        }
        p.shapes.restore(s.shapes());
        Tally.restoreHex(p.values, s.values());
        p.maxDepth = s.maxDepth();
        p.novelDepthEvents = s.novelDepthEvents();
        if (s.distribution() != null && s.distribution().length == p.distribution.length) {
            System.arraycopy(s.distribution(), 0, p.distribution, 0, p.distribution.length);
        }
        p.distributionCount = s.distributionCount();
        p.chiCount = s.chiCount();
        p.chiMax = s.chiMax();
        return p;
    }

    /**
     * The file form of a profile (docs/ANOMALY.md, "Model file"): {@code symbolValues[s]} is how many values held symbol
     * {@code s}; {@code shapes} and {@code values} count each structure and value and are null once the field had more
     * than the cap; {@code values} are keyed by salted 64-bit hashes, never the values.
     */
    record Snapshot(long count, double lengthMean, double lengthM2, int lengthMin, int lengthMax, int[] symbolValues,
                    Map<String, Integer> shapes, Map<String, Integer> values, int maxDepth, long novelDepthEvents,
                    double[] distribution, long distributionCount,
                    long chiCount, double chiMax) {
    }
}
