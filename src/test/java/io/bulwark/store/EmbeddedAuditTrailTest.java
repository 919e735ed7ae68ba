package io.bulwark.store;

import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.AuditIntegrity;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail on the embedded H2 file; and a store written by the release before the keyed chain, upgraded. */
class EmbeddedAuditTrailTest extends AuditTrailContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected Store openStore(InstantSource clock) {
        return JdbcStore.embedded(dataDir, clock);
    }

    @Override
    protected Connection connect() throws SQLException {
        return connect(dataDir);
    }

    private static String url(Path folder) {
        return "jdbc:h2:file:" + folder.toAbsolutePath().resolve("store/bulwark") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    private static Connection connect(Path folder) throws SQLException {
        // The same embedded database, opened a second time in this JVM (H2 shares it between connections).
        return DriverManager.getConnection(url(folder), "sa", "");
    }

    @Test
    void aStoreWrittenBeforeTheKeyedChainIsUpgradedWithItsRecordsMarkedAndSealed(@TempDir Path oldData) throws Exception {
        // The schema of the release before V11, and three requests as it audited them: plain SHA-256.
        Flyway.configure().dataSource(url(oldData), "sa", "").locations("classpath:db/migration").target("10").load().migrate();
        String previous = AuditChain.GENESIS;
        try (Connection connection = connect(oldData); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_events (seq, recorded_at, request_id, decision, status, client_id, subject, operation, event_json,
                                          previous_hash, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int n = 1; n <= 3; n++) {
                AuditEvent event = event(n, AuditDecision.ALLOWED);
                String json = AuditChain.canonicalJson(n, event);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update((previous + "\n").getBytes(StandardCharsets.US_ASCII));
                String hash = HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
                insert.setLong(1, n);
                insert.setObject(2, OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
                insert.setString(3, event.requestId());
                insert.setString(4, event.decision().label());
                insert.setInt(5, event.status());
                insert.setString(6, event.clientId());
                insert.setString(7, event.subject());
                insert.setString(8, event.operation());
                insert.setString(9, json);
                insert.setString(10, previous);
                insert.setString(11, hash);
                insert.executeUpdate();
                previous = hash;
            }
            connection.createStatement().executeUpdate("UPDATE audit_chain_head SET last_seq = 3, last_hash = '" + previous + "' WHERE id = 1");
        }

        // The upgraded node: V11 runs, the old rows are marked, the node's first record is keyed and seals them.
        try (Store upgraded = JdbcStore.embedded(oldData, clock);
             GroupCommitAuditTrail upgradedTrail = AuditIntegrity.of(masterKey, oldData).trail(upgraded.auditWriter())) {
            assertThat(upgraded.auditRecords().after(0, 10)).extracting(ChainedAuditRecord::algorithm).containsOnly(AuditChain.LEGACY_SHA256);
            AuditChainVerifier verifier = AuditIntegrity.of(masterKey, oldData).verifier();
            // Unkeyed records alone cannot be vouched for (anyone can compute them) until a keyed record seals them,
            // which the node appends at its first start (LegacyChainSeal), before its first check.
            assertThat(verifier.verify(upgraded.auditRecords()).problem()).contains("the newest record, 3, is not keyed");
            assertThat(io.bulwark.audit.LegacyChainSeal.sealIfUnkeyed(upgraded.auditRecords(), upgradedTrail, clock.instant())).isTrue();

            AuditChainVerifier.Result result = verifier.verify(upgraded.auditRecords());
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.verified()).isEqualTo(4);
            assertThat(result.legacy()).isEqualTo(3);
            assertThat(upgraded.auditRecords().after(3, 1).getFirst().algorithm()).isEqualTo(AuditChain.HMAC_SHA256);
        }
    }
}
