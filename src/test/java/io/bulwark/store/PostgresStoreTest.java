package io.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.bulwark.config.StoreConfig;
import io.bulwark.store.jdbc.JdbcReplayGuard;
import io.bulwark.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL (the shared service of the project machines), each test in a
 * fresh schema dropped afterwards. Skipped with a reason when PostgreSQL is unreachable, failed
 * instead under {@code CI=true}.
 */
class PostgresStoreTest extends StoreContractTest {

    private static final String URL = setting("BULWARK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = setting("BULWARK_TEST_PG_USER", "postgres");
    private static final StoreConfig CONFIG = new StoreConfig(StoreConfig.Kind.POSTGRES, URL, USER, null);

    private static final Queue<String> SCHEMAS = new ConcurrentLinkedQueue<>();

    /** Why PostgreSQL cannot be used, or null when it can. */
    private static String unreachable;

    private final String schema = "bulwark_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Queue<Store> extraNodes = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void checkPostgres() {
        try (Connection connection = connect()) {
            unreachable = connection.isValid(3) ? null : "PostgreSQL at " + URL + " does not answer";
        } catch (SQLException e) {
            unreachable = "PostgreSQL at " + URL + " as " + USER + " is unreachable (" + e.getMessage() + ")";
        }
        if (unreachable != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(unreachable + "; under CI=true the PostgreSQL store tests must run");
        }
    }

    @AfterAll
    static void dropSchemas() throws SQLException {
        if (SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String schema = SCHEMAS.poll(); schema != null; schema = SCHEMAS.poll()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Override
    protected Store openStore(InstantSource clock) {
        // Skipped test by test rather than once for the class, so every skipped test shows the reason.
        Assumptions.assumeTrue(unreachable == null,
                () -> unreachable + "; skipping the PostgreSQL store tests (under CI=true this fails instead)");
        SCHEMAS.add(schema);
        return JdbcStore.postgres(CONFIG, clock, schema);
    }

    @AfterEach
    void closeExtraNodes() {
        extraNodes.forEach(Store::close);
    }

    @Test
    void ofSixteenCallersRacingOnTwoNodesExactlyOneIsFirst() throws Exception {
        Store otherNode = openStore(clock);
        extraNodes.add(otherNode);
        List<ReplayGuard> nodes = List.of(store.replayGuard(), otherNode.replayGuard());

        for (int round = 0; round < 10; round++) {
            assertThat(countFirstUses(nodes, 16, "two-nodes-" + round))
                    .as("callers told 'first use' across both nodes in round %d", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void aSecondNodeSeesWhatTheFirstStored() {
        Store otherNode = openStore(clock);
        extraNodes.add(otherNode);
        RegisteredClient client = client("tpp-1", Set.of("accounts:read"), false);

        store.clients().save(client);
        assertThat(store.replayGuard().firstUse("jti", "abc", T0.plusSeconds(300))).isTrue();

        assertThat(otherNode.clients().find("tpp-1")).contains(client);
        assertThat(otherNode.replayGuard().firstUse("jti", "abc", T0.plusSeconds(300))).isFalse();
    }

    @Test
    void thePostgresReplayGuardIsSharedNotInMemory() {
        assertThat(store.replayGuard()).isInstanceOf(JdbcReplayGuard.class);
    }

    @Test
    void expiredIdentifiersArePurgedFromTheTable() throws SQLException {
        for (int i = 0; i < 50; i++) {
            store.replayGuard().firstUse("jti", "id-" + i, T0.plusSeconds(30));
        }
        assertThat(usedIdentifierRows()).isEqualTo(50);

        clock.advance(Duration.ofMinutes(2));
        Instant later = clock.instant().plusSeconds(30);
        assertThat(store.replayGuard().firstUse("jti", "fresh", later)).isTrue();

        assertThat(usedIdentifierRows()).isEqualTo(1);
    }

    private long usedIdentifierRows() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM " + schema + ".used_identifiers")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(URL, properties);
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
