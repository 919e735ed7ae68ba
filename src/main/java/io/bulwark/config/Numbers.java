package io.bulwark.config;

/** Reads whole numbers within bounds; strings and fractions are refused rather than converted, so nothing is guessed. */
final class Numbers {

    private Numbers() {
    }

    /**
     * The whole number at {@code node}, or {@code fallback} when it is absent.
     *
     * @param why added to the fix when the value is out of bounds, saying why the bounds exist
     */
    static long read(ConfigNode node, long fallback, long min, long max, String why) {
        if (node.isAbsent()) {
            return fallback;
        }
        if (!node.raw().isIntegralNumber() || !node.raw().canConvertToLong()) {
            throw node.error("must be a whole number", "write digits only, for example `" + fallback + "`");
        }
        long value = node.raw().longValue();
        if (value < min || value > max) {
            throw node.error("`" + value + "` is outside the allowed range " + min + " to " + max,
                    "use a number from " + min + " to " + max + " (default " + fallback + "); " + why);
        }
        return value;
    }

    /** As {@link #read}, for values that fit an int. */
    static int readInt(ConfigNode node, int fallback, int min, int max, String why) {
        return (int) read(node, fallback, min, max, why);
    }
}
