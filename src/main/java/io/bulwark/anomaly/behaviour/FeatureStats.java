package io.bulwark.anomaly.behaviour;

/**
 * What is usual for each feature, on the forest's scale: a moving mean and variance and a slowly decaying high (the
 * "at most N were usual" of the reasons), over active windows only. Mutable; its owner serializes access.
 */
final class FeatureStats {

    // About the last 100 active windows for the mean; the high halves in about 700.
    private static final double ALPHA = 0.01;
    private static final double HIGH_DECAY = 0.999;

    final double[] mean;
    final double[] variance;
    final double[] high;
    long windows;

    FeatureStats() {
        this(new double[Feature.COUNT], new double[Feature.COUNT], new double[Feature.COUNT], 0);
    }

    FeatureStats(double[] mean, double[] variance, double[] high, long windows) {
        this.mean = mean;
        this.variance = variance;
        this.high = high;
        this.windows = windows;
    }

    void learn(double[] point) {
        windows++;
        double alpha = Math.max(ALPHA, 1.0 / windows);
        for (int i = 0; i < point.length; i++) {
            double delta = point[i] - mean[i];
            mean[i] += alpha * delta;
            variance[i] = (1 - alpha) * (variance[i] + alpha * delta * delta);
            high[i] = Math.max(point[i], high[i] * HIGH_DECAY);
        }
    }

    /** The identity's own usual high for {@code feature}: the decayed maximum. */
    double ownHigh(Feature feature) {
        return high[feature.ordinal()];
    }

    /** A population's usual high: mean plus three standard deviations (its maximum is the busiest identity's). */
    double populationHigh(Feature feature) {
        int i = feature.ordinal();
        return mean[i] + 3 * Math.sqrt(variance[i]);
    }
}
