package io.bulwark.config;

import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code anomaly.mode} and {@code anomaly.responses}, read directly from YAML snippets: defaults, every key, and errors that name the fix. */
class AnomalyResponseConfigTest {

    @TempDir
    Path dir;

    private Path file;

    private AnomalyResponseConfig read(String anomalySection) throws IOException {
        file = Files.writeString(dir.resolve("bulwark.yaml"), anomalySection.isEmpty() ? "other: 1\n" : anomalySection);
        ConfigNode root = ConfigNode.root(new ConfigSource(file, dir, Map.of()), YamlFile.read(file));
        ConfigNode anomaly = root.get("anomaly");
        return AnomalyResponseReader.read(anomaly.isAbsent() ? anomaly : anomaly.get("mode"), anomaly.isAbsent() ? anomaly : anomaly.get("responses"));
    }

    private ConfigException refused(String yaml, String path, String problem, String fix) {
        ConfigException error = assertThrows(ConfigException.class, () -> read(yaml));
        assertThat(error.file()).isEqualTo(file);
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).contains(fix);
        return error;
    }

    @Test
    void aNewDeploymentObservesAndRecordsEveryAlertWithTheDefaultCircuit() throws IOException {
        AnomalyResponseConfig config = read("");
        assertThat(config).isEqualTo(AnomalyResponseConfig.DEFAULT);
        assertThat(config.mode()).isEqualTo(Mode.OBSERVE);
        assertThat(config.rules()).isEmpty();
        assertThat(config.circuit().maxIdentities()).isEqualTo(10);
        assertThat(config.circuit().window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(read("anomaly:\n  mode: enforce\n").mode()).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void everyKeyIsReadInOrder() throws IOException {
        AnomalyResponseConfig config = read("""
                anomaly:
                  mode: enforce
                  responses:
                    rules:
                      - {kinds: [behaviour.*, content.field], min-severity: medium, action: throttle, duration: 15m, rate: "10/min"}
                      - kinds: content.*
                        min-severity: high
                        subjects: [user]
                        action: step-up
                      - {kinds: [behaviour.rate], subjects: [client], action: suspend, duration: 1h}
                      - {kinds: [behaviour.takeover], min-severity: high, action: revoke}
                      - {kinds: ["*"], action: alert}
                    circuit: {max-identities: 3, window: 5m}
                    allow-list:
                      clients: [monitoring-probe]
                      users: [customer-0001]
                    sweep-every: 10s
                """);
        assertThat(config.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(config.rules()).hasSize(5);
        var throttle = config.rules().getFirst();
        assertThat(throttle.kinds()).containsExactly("behaviour.*", "content.field");
        assertThat(throttle.minSeverity()).isEqualTo(Level.MEDIUM);
        assertThat(throttle.action()).isEqualTo(Action.THROTTLE);
        assertThat(throttle.duration()).contains(Duration.ofMinutes(15));
        assertThat(throttle.rate()).contains(new Rate(10, Duration.ofMinutes(1)));
        assertThat(throttle.takesKind("behaviour.rate")).isTrue();
        assertThat(throttle.takesKind("content.field")).isTrue();
        assertThat(throttle.takesKind("content.header")).isFalse();
        var stepUp = config.rules().get(1);
        assertThat(stepUp.kinds()).containsExactly("content.*");
        assertThat(stepUp.subjects()).containsExactly(SubjectKind.USER);
        assertThat(stepUp.duration()).as("the default duration").contains(Duration.ofMinutes(15));
        assertThat(config.rules().get(2).duration()).contains(Duration.ofHours(1));
        assertThat(config.rules().get(3).duration()).as("a revoke is not undone").isEmpty();
        assertThat(config.rules().get(4).takesKind("anything.at.all")).isTrue();
        assertThat(config.circuit()).isEqualTo(new AnomalyResponseConfig.Circuit(3, Duration.ofMinutes(5)));
        assertThat(config.allowClients()).isEqualTo(Set.of("monitoring-probe"));
        assertThat(config.allowUsers()).isEqualTo(Set.of("customer-0001"));
        assertThat(config.sweepEvery()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10/s|10|PT1S", "5/minute|5|PT1M", "100/h|100|PT1H", "1000/day|1000|PT24H", "3/5m|3|PT5M", "7 / 30s|7|PT30S"})
    void ratesAreWrittenAsRequestsPerWindow(String rate, long limit, Duration window) throws IOException {
        AnomalyResponseConfig config = read("""
                anomaly:
                  responses:
                    rules: [{kinds: [behaviour.rate], action: throttle, rate: "%s"}]
                """.formatted(rate));
        assertThat(config.rules().getFirst().rate()).contains(new Rate(limit, window));
    }

    @Test
    void anUnknownModeNamesTheCloseOneAndHowToMoveToEnforce() {
        refused("anomaly:\n  mode: enforcing\n", "anomaly.mode", "unknown mode `enforcing`", "did you mean `enforce`?");
        refused("anomaly:\n  mode: block\n", "anomaly.mode", "unknown mode", "watch `bulwark anomalies list` for a week");
    }

    @Test
    void anUnknownActionNamesTheAllowedOnes() {
        ConfigException error = refused("""
                anomaly:
                  responses:
                    rules: [{kinds: [behaviour.rate], action: throtle, rate: "1/s"}]
                """, "anomaly.responses.rules[0].action", "unknown action `throtle`", "did you mean `throttle`?");
        assertThat(error.fix()).contains("record, alert, throttle, step-up, suspend, revoke");
    }

    @Test
    void aThrottleWithoutARateSaysWhatToWrite() {
        refused("""
                anomaly:
                  responses:
                    rules: [{kinds: [behaviour.rate], action: throttle}]
                """, "anomaly.responses.rules[0].rate", "required key `rate` is missing", "\"10/min\"");
    }

    @Test
    void badRatesDurationsSeveritiesAndKindsAreRefusedWhereTheyAre() {
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: throttle, rate: \"ten/min\"}]\n",
                "anomaly.responses.rules[0].rate", "is not a rate", "\"10/min\"");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: throttle, rate: \"0/min\"}]\n",
                "anomaly.responses.rules[0].rate", "admits no request", "action: suspend");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: throttle, rate: \"10/fortnight\"}]\n",
                "anomaly.responses.rules[0].rate", "`fortnight` is not a window", "units");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: throttle, rate: 10}]\n",
                "anomaly.responses.rules[0].rate", "must be a string", "rate: \"10/min\"");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: suspend, duration: 15 minutes}]\n",
                "anomaly.responses.rules[0].duration", "is not a duration", "`5m`");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: suspend, duration: 90d}]\n",
                "anomaly.responses.rules[0].duration", "outside the allowed range 1m to 30d", "bulwark anomalies lift");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], min-severity: critical, action: record}]\n",
                "anomaly.responses.rules[0].min-severity", "unknown severity `critical`", "low, medium, high");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [\"Behaviour Rate\"], action: record}]\n",
                "anomaly.responses.rules[0].kinds[0]", "is not an alert kind", "`behaviour.*`");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [], action: record}]\n",
                "anomaly.responses.rules[0].kinds", "is empty", "at least one alert kind");
        refused("anomaly:\n  responses:\n    rules: [{action: record}]\n",
                "anomaly.responses.rules[0].kinds", "required key `kinds` is missing", "behaviour.*");
    }

    @Test
    void keysThatDoNotFitTheActionAreRefusedWithTheReason() {
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: revoke, duration: 1h}]\n",
                "anomaly.responses.rules[0].duration", "`revoke` has no duration", "not given back");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: record, duration: 1h}]\n",
                "anomaly.responses.rules[0].duration", "`record` has no duration", "remove `duration`");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], action: suspend, rate: \"1/s\"}]\n",
                "anomaly.responses.rules[0].rate", "only `throttle` takes a rate", "remove `rate`");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], subjects: [user], action: suspend}]\n",
                "anomaly.responses.rules[0].subjects", "`suspend` cannot act on a user", "applies to client");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], subjects: [client, operation], action: step-up}]\n",
                "anomaly.responses.rules[0].subjects", "`step-up` cannot act on a client", "applies to user");
        refused("anomaly:\n  responses:\n    rules: [{kinds: [a.b], subjects: [clients], action: record}]\n",
                "anomaly.responses.rules[0].subjects[0]", "unknown subject `clients`", "did you mean `client`?");
    }

    @Test
    void theCircuitAndAllowListAreChecked() {
        refused("anomaly:\n  responses:\n    circuit: {max-identities: 0}\n",
                "anomaly.responses.circuit.max-identities", "outside the allowed range 1 to 100000", "lock out every client");
        refused("anomaly:\n  responses:\n    circuit: {max-identity: 3}\n",
                "anomaly.responses.circuit.max-identity", "unknown key `max-identity`", "did you mean `max-identities`?");
        refused("anomaly:\n  responses:\n    allow-list: {clients: [a, a]}\n",
                "anomaly.responses.allow-list.clients[1]", "`a` is already used at anomaly.responses.allow-list.clients[0]", "once");
        refused("anomaly:\n  responses:\n    allowlist: {clients: [a]}\n",
                "anomaly.responses.allowlist", "unknown key `allowlist`", "did you mean `allow-list`?");
    }

    @Test
    void theRulesKeepTheirOrderSoTheFirstMatchWins() throws IOException {
        AnomalyResponseConfig config = read("""
                anomaly:
                  responses:
                    rules:
                      - {kinds: [content.field], min-severity: high, action: suspend}
                      - {kinds: [content.*], action: record}
                """);
        assertThat(config.rules()).extracting(AnomalyResponseConfig.Rule::action).containsExactly(Action.SUSPEND, Action.RECORD);
        assertThat(config.rules().get(1).rate()).isEqualTo(Optional.empty());
    }
}
