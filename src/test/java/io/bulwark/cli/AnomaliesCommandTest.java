package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.response.AnomalyAction;
import io.bulwark.anomaly.response.AnomalyResponder;
import io.bulwark.audit.AuditQuery;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bulwark anomalies list|ack|lift} end to end on a demo data folder's embedded store, with exit codes and audit records. */
class AnomaliesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The CLI in this JVM, its output captured (the one runner the CLI tests share). */
    private static AuditTamperContractTest.Run bulwark(String... args) {
        return AuditTamperContractTest.run(args);
    }

    /** A demo data folder where the responder suspended `partner` and recorded an alert on `other`. */
    private Path dataWithActions() {
        Path data = dir.resolve("data");
        DemoEnvironment.prepare(data, new DemoPorts(8443, 9443, 8444));
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            store.clients().save(TestClients.client("partner").build());
            store.clients().save(TestClients.client("other").build());
            AnomalyResponder responder = new AnomalyResponder(new AnomalyResponseConfig(Mode.ENFORCE, List.of(new Rule(List.of("behaviour.rate"),
                    Level.LOW, Set.of(), Action.SUSPEND, Optional.of(Duration.ofMinutes(30)), Optional.empty())),
                    AnomalyResponseConfig.Circuit.DEFAULT, Set.of("other"), Set.of(), Duration.ofSeconds(30)),
                    store.anomalyActions(), store.clients(), store.grants(), event -> { }, Clock.systemUTC());
            assertThat(responder.respond(alert("partner"))).isEqualTo(AnomalyResponder.Decision.ACTED);
            assertThat(responder.respond(alert("other"))).isEqualTo(AnomalyResponder.Decision.RECORDED);
            assertThat(store.clients().find("partner").orElseThrow().disabled()).isTrue();
        }
        return data;
    }

    private static AnomalyAlert alert(String clientId) {
        return new AnomalyAlert(Instant.now(), AnomalyAlert.Detector.BEHAVIOUR, "behaviour.rate",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.CLIENT, clientId), AnomalyAlert.Severity.HIGH, 0.9, List.of("900 rpm"), null);
    }

    private static String idOf(Path data, String subject) throws Exception {
        JsonNode actions = JSON.readTree(bulwark("anomalies", "list", "--all", "--json", "--data-dir", data.toString()).out()).get("actions");
        for (JsonNode action : actions) {
            if (action.get("subject").asText().equals(subject)) {
                return action.get("id").asText();
            }
        }
        throw new AssertionError("no action on " + subject + " in " + actions);
    }

    @Test
    void listsAcknowledgesAndLiftsWithExitCodesAndAuditRecords() throws Exception {
        Path data = dataWithActions();
        String suspension = idOf(data, "partner");
        String recorded = idOf(data, "other");

        AuditTamperContractTest.Run list = bulwark("anomalies", "list", "--data-dir", data.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("ID", "SUBJECT", suspension, "suspend", "active", "client:partner", "behaviour.rate/high", recorded,
                "allow-listed: would have suspended the client for 30m");

        AuditTamperContractTest.Run json = bulwark("anomalies", "list", "--json", "--data-dir", data.toString());
        assertThat(json.exit()).isZero();
        JsonNode actions = JSON.readTree(json.out()).get("actions");
        assertThat(actions).hasSize(2);
        assertThat(actions.findValuesAsText("mode")).containsOnly("enforce");

        AuditTamperContractTest.Run lift = bulwark("anomalies", "lift", suspension, "--note", "partner confirmed the batch job", "--data-dir", data.toString());
        assertThat(lift.exit()).as(lift.err()).isZero();
        assertThat(lift.out()).contains("Lifted suspend " + suspension + " on client partner");
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.clients().find("partner").orElseThrow().disabled()).as("enabled again").isFalse();
            AnomalyAction lifted = store.anomalyActions().find(suspension).orElseThrow();
            assertThat(lifted.status()).isEqualTo(AnomalyAction.Status.LIFTED);
            assertThat(lifted.ended().note()).isEqualTo("partner confirmed the batch job");
            assertThat(lifted.ended().by()).isEqualTo(OperatorAudit.operator());
        }
        AuditTamperContractTest.Run again = bulwark("anomalies", "lift", suspension, "--data-dir", data.toString());
        assertThat(again.exit()).isEqualTo(AnomaliesCommand.REFUSED);
        assertThat(again.err()).contains("cannot lift " + suspension + ": it already ended (lifted");
        AuditTamperContractTest.Run recordOnly = bulwark("anomalies", "lift", recorded, "--data-dir", data.toString());
        assertThat(recordOnly.exit()).isEqualTo(AnomaliesCommand.REFUSED);
        assertThat(recordOnly.err()).contains("nothing of it is in force", "ack it instead");

        AuditTamperContractTest.Run ack = bulwark("anomalies", "ack", recorded, "--note", "probe traffic, 4111 1111 1111 1111", "--data-dir", data.toString());
        assertThat(ack.exit()).as(ack.err()).isZero();
        assertThat(bulwark("anomalies", "ack", recorded, "--data-dir", data.toString()).exit()).isEqualTo(AnomaliesCommand.REFUSED);
        AuditTamperContractTest.Run unknown = bulwark("anomalies", "ack", "no-such-id", "--data-dir", data.toString());
        assertThat(unknown.exit()).isEqualTo(AnomaliesCommand.REFUSED);
        assertThat(unknown.err()).contains("no anomaly response no-such-id exists");

        JsonNode open = JSON.readTree(bulwark("anomalies", "list", "--open", "--json", "--data-dir", data.toString()).out()).get("actions");
        assertThat(open.findValuesAsText("id")).containsExactly(suspension);
        assertThat(JSON.readTree(bulwark("anomalies", "list", "--all", "--json", "--data-dir", data.toString()).out()).get("actions")).hasSize(2);

        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.anomalyActions().find(recorded).orElseThrow().acked().note()).as("a card number in a note is masked")
                    .doesNotContain("4111 1111 1111 1111").contains("1111");
            String trail = String.join("\n", store.auditSearch().find(AuditQuery.between(Instant.EPOCH, Optional.empty()), 0, 1000)
                    .stream().map(record -> record.eventJson()).toList());
            assertThat(trail).contains("\"operation\":\"anomalies.lift\"", "\"operation\":\"anomalies.ack\"", suspension, "\"reason\":\"lifted\"",
                    "\"reason\":\"refused\"");
        }
    }

    @Test
    void badArgumentsAndABadConfigurationAreRefusedWithTheirExitCodes() throws Exception {
        Path data = dataWithActions();
        AuditTamperContractTest.Run both = bulwark("anomalies", "list", "--open", "--all", "--data-dir", data.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        AuditTamperContractTest.Run limit = bulwark("anomalies", "list", "--limit", "0", "--data-dir", data.toString());
        assertThat(limit.exit()).isEqualTo(AnomaliesCommand.REFUSED);
        assertThat(limit.err()).contains("--limit must be from 1 to 10000");
        AuditTamperContractTest.Run longNote = bulwark("anomalies", "ack", "x", "--note", "n".repeat(501), "--data-dir", data.toString());
        assertThat(longNote.exit()).isEqualTo(AnomaliesCommand.REFUSED);
        Path config = Files.writeString(dir.resolve("bulwark.yaml"), "gatewy: {}\n");
        AuditTamperContractTest.Run badConfig = bulwark("anomalies", "list", "--config", config.toString());
        assertThat(badConfig.exit()).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(badConfig.err()).contains("invalid configuration");
    }
}
