package io.bulwark.config;

import io.bulwark.testing.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code anomaly} keys of bulwark.yaml: the behaviour detector on by default, its knobs, and the keys left to other readers. */
class AnomalyConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        MinimalConfig.placeholders(dir);
    }

    private Path write(String anomaly) throws IOException {
        return Files.writeString(dir.resolve("bulwark.yaml"), MinimalConfig.YAML + anomaly);
    }

    private AnomalyConfig load(String anomaly) throws IOException {
        return ConfigLoader.load(write(anomaly), Map.of()).anomaly();
    }

    private void refused(String anomaly, String path, String problem, String fix) throws IOException {
        Path file = write(anomaly);
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertThat(error.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).contains(fix);
    }

    @Test
    void onAndObservingWhenNothingIsSaid() throws IOException {
        AnomalyConfig anomaly = load("");
        assertThat(anomaly).isEqualTo(AnomalyConfig.defaults());
        assertThat(anomaly.enabled()).isTrue();
        assertThat(anomaly.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyKeyIsRead() throws IOException {
        AnomalyConfig anomaly = load("""
                anomaly:
                  enabled: true
                  behaviour:
                    window: 30s
                    shingle-size: 6
                    warm-up-windows: 240
                    threshold: 3.5
                    population-threshold: 4
                    max-identities: 5000
                    persist-every: 2m
                """);
        assertThat(anomaly).isEqualTo(new AnomalyConfig(true, Duration.ofSeconds(30), 6, 240, 3.5, 4.0, 5_000, Duration.ofMinutes(2), AnomalyResponseConfig.DEFAULT));
    }

    @Test
    void switchedOff() throws IOException {
        assertThat(load("anomaly:\n  enabled: false\n").enabled()).isFalse();
    }

    @Test
    void modeAndResponsesAreReadWithTheDetectorsSettingsAndAModelIsRefusedUntilNodesLoadOne() throws IOException {
        AnomalyConfig anomaly = load("""
                anomaly:
                  mode: enforce
                  responses:
                    rules:
                      - {kinds: [behaviour.*], min-severity: high, action: throttle, rate: "10/min", duration: 15m}
                """);
        assertThat(anomaly.responses().mode()).isEqualTo(AnomalyResponseConfig.Mode.ENFORCE);
        assertThat(anomaly.responses().rules()).hasSize(1);
        assertThat(anomaly.withResponses(AnomalyResponseConfig.DEFAULT)).isEqualTo(AnomalyConfig.defaults());
        assertThat(AnomalyConfig.defaults().responses().mode()).isEqualTo(AnomalyResponseConfig.Mode.OBSERVE);
        refused("anomaly:\n  model: anomaly-models\n", "anomaly.model", "unknown key", "mode");
        refused("anomaly:\n  mode: enforcing\n", "anomaly.mode", "", "enforce");
    }

    @Test
    void aMisspelledKeyIsNamedWithItsFix() throws IOException {
        refused("anomaly:\n  behaviour:\n    shingle-sise: 4\n", "anomaly.behaviour.shingle-sise", "unknown key", "shingle-size");
        refused("anomaly:\n  enabeld: true\n", "anomaly.enabeld", "unknown key", "enabled");
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheRange() throws IOException {
        refused("anomaly:\n  behaviour:\n    window: 5s\n", "anomaly.behaviour.window", "outside the allowed range", "10s to 1h");
        refused("anomaly:\n  behaviour:\n    window: 10500ms\n", "anomaly.behaviour.window", "whole seconds", "`1m`");
        refused("anomaly:\n  behaviour:\n    shingle-size: 40\n", "anomaly.behaviour.shingle-size", "outside the allowed range", "1 to 16");
        refused("anomaly:\n  behaviour:\n    max-identities: 2\n", "anomaly.behaviour.max-identities", "outside the allowed range", "250 KB");
        refused("anomaly:\n  behaviour:\n    threshold: high\n", "anomaly.behaviour.threshold", "from 1 to 10", "standard deviations");
        refused("anomaly:\n  behaviour:\n    persist-every: 10\n", "anomaly.behaviour.persist-every", "has no unit", "5m");
        refused("anomaly:\n  enabled: \"true\"\n", "anomaly.enabled", "true or false", "without quotes");
    }
}
