package io.bulwark.store;

import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail on PostgreSQL, each test in its own schema; and two nodes appending to one chain. */
class PostgresAuditTrailTest extends AuditTrailContractTest {

    private static final StoreConfig CONFIG = new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null);
    private static final Queue<String> SCHEMAS = new ConcurrentLinkedQueue<>();

    private final String schema = TestPostgres.newSchemaName();

    @TempDir
    Path otherNodeData;

    @AfterAll
    static void dropSchemas() throws SQLException {
        for (String schema = SCHEMAS.poll(); schema != null; schema = SCHEMAS.poll()) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected Store openStore(InstantSource clock) {
        TestPostgres.assumeAvailable();
        SCHEMAS.add(schema);
        return JdbcStore.postgres(CONFIG, clock, schema);
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection connection = TestPostgres.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
        }
        return connection;
    }

    @Test
    void twoNodesAppendingAtOnceExtendOneChain() throws Exception {
        // The other node has the same master key and a data folder, and so a tail anchor, of its own.
        try (Store otherNode = openStore(clock);
             GroupCommitAuditTrail otherTrail = AuditIntegrity.of(masterKey, otherNodeData).trail(otherNode.auditWriter());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                int n = i;
                AuditTrail node = n % 2 == 0 ? trail : otherTrail;
                done.add(threads.submit(() -> node.append(event(n, AuditDecision.ALLOWED))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        AuditChainVerifier.Result result = integrity.verifier().verify(store.auditRecords());
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.verified()).isEqualTo(100);
    }

    @Test
    void anAppendAfterTheDatabaseDroppedTheWritersConnectionIsRecorded() throws Exception {
        trail.append(event(1, AuditDecision.ALLOWED));
        // The writer keeps its connection between batches; a database restart or an idle timeout ends it server-side.
        try (Connection admin = TestPostgres.connect(); Statement statement = admin.createStatement()) {
            int ended = 0;
            try (var rows = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name = 'bulwark-audit-writer'")) {
                while (rows.next()) {
                    ended += rows.getBoolean(1) ? 1 : 0;
                }
            }
            assertThat(ended).as("the audit writer's kept connection, named for operators").isEqualTo(1);
        }
        Thread.sleep(600);

        trail.append(event(2, AuditDecision.ALLOWED));

        AuditChainVerifier.Result result = integrity.verifier().verify(store.auditRecords());
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.verified()).isEqualTo(2);
    }
}
