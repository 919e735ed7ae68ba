package io.bulwark.anomaly.response;

import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;

import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The anomaly actions' store contract on PostgreSQL, each test in a fresh schema; skipped when unreachable, failed under CI=true. */
class PostgresAnomalyActionStoreTest extends AnomalyActionStoreContractTest {

    private static final StoreConfig CONFIG = new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null);
    private static final Queue<String> SCHEMAS = new ConcurrentLinkedQueue<>();

    @AfterAll
    static void dropSchemas() throws SQLException {
        for (String schema = SCHEMAS.poll(); schema != null; schema = SCHEMAS.poll()) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected JdbcStore openStore(InstantSource clock) {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.newSchemaName();
        SCHEMAS.add(schema);
        return JdbcStore.postgres(CONFIG, clock, schema);
    }
}
