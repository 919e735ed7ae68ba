package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.audit.AuditCheckpoint;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.SystemAuditEvents;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator commands are audit records with the operator's account (PCI DSS v4.0 10.2.1.2 privileged actions), among them
 * creation and disabling of clients and keys (10.2.1.7), changes to a client's credentials and to signing keys (10.2.1.5)
 * and every read of the audit trail (10.2.1.3); each is checkpointed at once.
 */
class OperatorActionsAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachOperatorCommandIsARecordWithTheOperatorAndItIsCheckpointed() throws Exception {
        Path data = dir.resolve("data");
        DemoEnvironment.prepare(data, new DemoPorts(8443, 9443, 8444));
        Path jwks = Files.writeString(dir.resolve("k1.json"), new JWKSet(JwtFactory.ecKey("k1").toPublicJWK()).toString());
        Path newJwks = Files.writeString(dir.resolve("k2.json"), new JWKSet(JwtFactory.ecKey("k2").toPublicJWK()).toString());
        String d = data.toString();

        assertThat(AuditTamperContractTest.run("clients", "create", "--data-dir", d, "--id", "partner", "--jwks-file", jwks.toString(),
                "--scopes", "accounts:read").exit()).isZero();
        assertThat(AuditTamperContractTest.run("clients", "update", "--data-dir", d, "partner", "--jwks-file", newJwks.toString()).exit())
                .isZero();
        assertThat(AuditTamperContractTest.run("clients", "disable", "--data-dir", d, "partner").exit()).isZero();
        assertThat(AuditTamperContractTest.run("keys", "rotate", "--data-dir", d, "--purpose", "audit-checkpoint").exit()).isZero();
        assertThat(AuditTamperContractTest.run("audit", "search", "--data-dir", d, "--client", "partner").exit()).isZero();
        assertThat(AuditTamperContractTest.run("audit", "export", "--data-dir", d, "--since", "1h").exit()).isZero();
        AuditTamperContractTest.Run verify = AuditTamperContractTest.run("audit", "verify", "--data-dir", d);
        assertThat(verify.exit()).as(verify.all()).isZero();

        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            List<ChainedAuditRecord> records = store.auditRecords().after(0, 100);
            assertThat(records).extracting(ChainedAuditRecord::operation).containsExactly("clients.create", "clients.update",
                    "clients.disable", "keys.rotate", "audit.search", "audit.export", "audit.verify");
            String operator = System.getProperty("user.name");
            for (ChainedAuditRecord record : records) {
                JsonNode json = JSON.readTree(record.eventJson());
                assertThat(json.get("api").asText()).isEqualTo(SystemAuditEvents.OPERATOR);
                assertThat(record.subject()).contains(operator);
                assertThat(json.get("method").asText()).isEqualTo("CLI");
            }
            assertThat(JSON.readTree(records.get(1).eventJson()).at("/objects/client_id").asText()).isEqualTo("partner");
            assertThat(JSON.readTree(records.get(3).eventJson()).at("/objects/purpose").asText()).isEqualTo("audit-checkpoint");
            assertThat(JSON.readTree(records.get(6).eventJson()).get("reason").asText()).isEqualTo("audit_chain_intact");
            // Each command's record is vouched for by a checkpoint at once, in the store and in the exported file.
            assertThat(store.auditCheckpoints().all()).extracting(AuditCheckpoint::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(Files.readAllLines(data.resolve(DemoEnvironment.AUDIT_CHECKPOINTS_FILE))).hasSize(7);
        }
    }
}
