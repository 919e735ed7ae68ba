package io.bulwark.cli;

import io.bulwark.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;

/** The tamper cases on the embedded store: an H2 file in a demo-style data folder, named with {@code --data-dir}. */
class H2AuditTamperTest extends AuditTamperContractTest {

    @TempDir
    Path dir;

    @Override
    protected List<String> target() {
        return List.of("--data-dir", dataDir().toString());
    }

    @Override
    protected Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    protected void prepare() throws Exception {
        java.nio.file.Files.createDirectories(dataDir());
    }

    @Override
    protected JdbcStore openStore() {
        return JdbcStore.embedded(dataDir(), Clock.systemUTC());
    }

    @Override
    protected Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir().toAbsolutePath().resolve("store/bulwark")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }
}
