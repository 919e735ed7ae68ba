package io.bulwark.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code anomaly}: the behaviour detector (docs/ANOMALY.md, "Behaviour detector"). On by default: it only observes and
 * raises {@code anomaly_detected} security events; what is done about an alert is {@code anomaly.mode} and
 * {@code anomaly.responses}, read apart.
 *
 * @param enabled             whether the behaviour detector runs on this node
 * @param window              the length of one behaviour window (features are counted per identity per window)
 * @param shingleSize         how many consecutive windows one point of the forest spans
 * @param warmUpWindows       active windows an identity needs before its own forest scores it (the population's until then)
 * @param threshold           the z-factor of an identity's own forest's threshold (higher alerts less)
 * @param populationThreshold the z-factor of the population forests, which judge identities still warming up
 * @param maxIdentities       identities whose state a node keeps in memory; the least recently active beyond it go to the store
 * @param persistEvery        how often the state of the identities a node scores is saved to the store
 * @param responses           what is done about alerts ({@code anomaly.mode}, {@code anomaly.responses}), whichever detector raised them
 */
public record AnomalyConfig(boolean enabled, Duration window, int shingleSize, int warmUpWindows, double threshold,
                            double populationThreshold, int maxIdentities, Duration persistEvery, AnomalyResponseConfig responses) {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_SHINGLE_SIZE = 4;
    public static final int DEFAULT_WARM_UP_WINDOWS = 120;
    public static final double DEFAULT_THRESHOLD = 3.0;
    public static final double DEFAULT_POPULATION_THRESHOLD = 3.5;
    public static final int DEFAULT_MAX_IDENTITIES = 1_000;
    public static final Duration DEFAULT_PERSIST_EVERY = Duration.ofMinutes(5);

    public AnomalyConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(persistEvery, "persistEvery");
        Objects.requireNonNull(responses, "responses");
        if (window.toSeconds() < 1 || shingleSize < 1 || warmUpWindows < 1 || maxIdentities < 1) {
            throw new IllegalArgumentException("window, shingle size, warm-up windows and identities must be positive");
        }
        if (!(threshold > 0) || !(populationThreshold > 0)) {
            throw new IllegalArgumentException("thresholds must be positive");
        }
    }

    /** What a file without {@code anomaly} gets: the behaviour detector on, observing. */
    public static AnomalyConfig defaults() {
        return new AnomalyConfig(true, DEFAULT_WINDOW, DEFAULT_SHINGLE_SIZE, DEFAULT_WARM_UP_WINDOWS, DEFAULT_THRESHOLD,
                DEFAULT_POPULATION_THRESHOLD, DEFAULT_MAX_IDENTITIES, DEFAULT_PERSIST_EVERY, AnomalyResponseConfig.DEFAULT);
    }

    /** These settings with {@code responses} in place of their own. */
    public AnomalyConfig withResponses(AnomalyResponseConfig responses) {
        return new AnomalyConfig(enabled, window, shingleSize, warmUpWindows, threshold, populationThreshold, maxIdentities, persistEvery,
                responses);
    }

    /** The detector off. */
    public static AnomalyConfig off() {
        AnomalyConfig defaults = defaults();
        return new AnomalyConfig(false, defaults.window, defaults.shingleSize, defaults.warmUpWindows, defaults.threshold,
                defaults.populationThreshold, defaults.maxIdentities, defaults.persistEvery, defaults.responses);
    }
}
