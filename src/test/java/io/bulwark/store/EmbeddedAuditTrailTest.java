package io.bulwark.store;

import io.bulwark.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.InstantSource;

/** The audit trail on the embedded H2 file. */
class EmbeddedAuditTrailTest extends AuditTrailContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected Store openStore(InstantSource clock) {
        return JdbcStore.embedded(dataDir, clock);
    }

    @Override
    protected Connection connect() throws SQLException {
        // The same embedded database, opened a second time in this JVM (H2 shares it between connections).
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("store/bulwark")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }
}
