package io.bulwark.config;

import java.time.Duration;

/**
 * Reads {@code anomaly}: whether the behaviour detector runs and, under {@code anomaly.behaviour}, its windows, forests
 * and memory bound; {@code mode} and {@code responses} through {@link AnomalyResponseReader}.
 */
final class AnomalyReader {

    private AnomalyReader() {
    }

    static AnomalyConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return AnomalyConfig.defaults();
        }
        // No `model` yet: the content detector runs offline only (bulwark anomaly learn|score, docs/ANOMALY.md), so the key
        // is refused as unknown rather than accepted and ignored.
        node.map("enabled", "behaviour", "mode", "responses");
        AnomalyResponseConfig responses = AnomalyResponseReader.read(node.get("mode"), node.get("responses"));
        return behaviour(node).withResponses(responses);
    }

    private static AnomalyConfig behaviour(ConfigNode node) {
        boolean enabled = node.get("enabled").isAbsent() || node.get("enabled").bool();
        ConfigNode behaviour = node.get("behaviour");
        if (behaviour.isAbsent()) {
            AnomalyConfig defaults = AnomalyConfig.defaults();
            return enabled ? defaults : AnomalyConfig.off();
        }
        behaviour.map("window", "shingle-size", "warm-up-windows", "threshold", "population-threshold", "max-identities",
                "persist-every");
        Duration window = Durations.read(behaviour.get("window"), AnomalyConfig.DEFAULT_WINDOW, Duration.ofSeconds(10),
                Duration.ofHours(1), "features are counted per window; shorter windows see bursts sooner but cost more scoring");
        if (window.toMillis() % 1_000 != 0) {
            throw behaviour.get("window").error("must be whole seconds", "write the window in seconds or minutes, for example `1m`");
        }
        int shingle = Numbers.readInt(behaviour.get("shingle-size"), AnomalyConfig.DEFAULT_SHINGLE_SIZE, 1, 16,
                "each point spans this many windows: more sees slower changes, but every point costs more");
        int warmUp = Numbers.readInt(behaviour.get("warm-up-windows"), AnomalyConfig.DEFAULT_WARM_UP_WINDOWS, 16, 100_000,
                "an identity's own forest judges it only after this many active windows; the population's does before");
        double threshold = zFactor(behaviour.get("threshold"), AnomalyConfig.DEFAULT_THRESHOLD);
        double population = zFactor(behaviour.get("population-threshold"), AnomalyConfig.DEFAULT_POPULATION_THRESHOLD);
        int identities = Numbers.readInt(behaviour.get("max-identities"), AnomalyConfig.DEFAULT_MAX_IDENTITIES, 10, 1_000_000,
                "each identity with a forest takes about 250 KB of memory (docs/ANOMALY.md); the rest wait in the store");
        Duration persist = Durations.read(behaviour.get("persist-every"), AnomalyConfig.DEFAULT_PERSIST_EVERY, Duration.ofSeconds(10),
                Duration.ofHours(1), "state learned since the last save is lost when a node dies; every save writes each active identity's forest");
        return new AnomalyConfig(enabled, window, shingle, warmUp, threshold, population, identities, persist, AnomalyResponseConfig.DEFAULT);
    }

    private static double zFactor(ConfigNode node, double fallback) {
        if (node.isAbsent()) {
            return fallback;
        }
        double value = node.raw().isNumber() ? node.raw().doubleValue() : Double.NaN;
        if (!(value >= 1 && value <= 10)) {
            throw node.error("must be a number from 1 to 10", "write how many standard deviations above its usual score a window "
                    + "must be to alert, for example `" + fallback + "` (the default); higher alerts less");
        }
        return value;
    }
}
