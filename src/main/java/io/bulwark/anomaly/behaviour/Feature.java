package io.bulwark.anomaly.behaviour;

/**
 * The features of one identity's window, in the forest's order. Counts enter the forest as {@code log1p}, shares and
 * the time-of-day deviation scaled to 0..2, so that no feature's scale drowns the others' (RCF cuts dimensions in
 * proportion to their range, Guha et al. 2016 §3).
 */
public enum Feature {
    RATE("behaviour.rate", "requests", true),
    ERRORS("behaviour.errors", "answers 401/403/404/429", true),
    ERROR_SHARE("behaviour.errors", "share of 401/403/404/429 answers (shrunk: errors / (requests + 4))", false),
    OBJECTS("behaviour.objects", "distinct objects", true),
    OPERATIONS("behaviour.operations", "distinct operations", true),
    BYTES("behaviour.bytes", "bytes out", true),
    PAYMENTS("behaviour.payments", "payments", true),
    NEW_ADDRESSES("behaviour.new-network", "source addresses never seen for this identity", true),
    NEW_NETWORKS("behaviour.new-network", "networks (/24, /48) never seen for this identity", true),
    TIME_OF_DAY("behaviour.time-of-day", "time-of-day deviation (0 usual hour, 1 an hour never active)", false),
    REFUSALS("behaviour.refusals", "other refusals (validation, limits, consent)", true);

    private static final double NETWORK_WEIGHT = 2.5;

    /** How many features a window has. */
    public static final int COUNT = values().length;

    private final String kind;
    private final String description;
    private final boolean count;

    Feature(String kind, String description, boolean count) {
        this.kind = kind;
        this.description = description;
        this.count = count;
    }

    /** Every alert kind the behaviour detector can raise. */
    public static java.util.Set<String> kinds() {
        return java.util.Arrays.stream(values()).map(Feature::kind).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The alert kind when this feature dominates. */
    public String kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** The raw value as the forest sees it. */
    double transform(double raw) {
        if (this == BYTES) {
            return Math.log1p(raw / 1024);
        }
        if (this == NEW_NETWORKS) {
            // Weighted: one network never seen is as telling as a rate several times the usual, and only one dimension says it.
            return NETWORK_WEIGHT * Math.log1p(raw);
        }
        return count ? Math.log1p(raw) : 2 * raw;
    }

    /** The raw value of a transformed one, for the reasons' "usual" figures. */
    double untransform(double transformed) {
        if (this == BYTES) {
            return Math.expm1(transformed) * 1024;
        }
        if (this == NEW_NETWORKS) {
            return Math.expm1(transformed / NETWORK_WEIGHT);
        }
        return count ? Math.expm1(transformed) : transformed / 2;
    }

    /** How far above its usual high a value must be to count as beyond it, on the transformed scale. */
    double margin() {
        if (this == NEW_ADDRESSES || this == NEW_NETWORKS) {
            // One address or network never seen before is already beyond an identity that had none new.
            return 0.5;
        }
        if (this == TIME_OF_DAY) {
            // 0.4 on its own scale: an hour well away from the identity's habits, not its edge.
            return 0.8;
        }
        // log1p scale: 0.7 is about twice the usual count; the error share: 0.2 is 0.1 on its own scale.
        return count ? 0.7 : 0.2;
    }

    /** The feature's name in reasons, such as {@code objects}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
