package io.bulwark.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project machines' PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}) for tests of
 * the distributed adapters: skipped with a reason when unreachable, a failure under {@code CI=true}.
 * Each test works in a schema of its own, so runs never collide.
 */
public final class TestPostgres {

    public static final String URL = setting("BULWARK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = setting("BULWARK_TEST_PG_USER", "postgres");

    private static volatile String unreachable;
    private static volatile boolean checked;

    private TestPostgres() {
    }

    /** Skips the calling test when PostgreSQL is unreachable; fails it instead under {@code CI=true}. */
    public static void assumeAvailable() {
        String reason = unreachableReason();
        if (reason != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; under CI=true the PostgreSQL tests must run");
        }
        Assumptions.assumeTrue(reason == null, () -> reason + "; skipping this PostgreSQL test (under CI=true it fails instead)");
    }

    /** Why PostgreSQL cannot be used, or null when it can. */
    public static synchronized String unreachableReason() {
        if (!checked) {
            try (Connection connection = connect()) {
                unreachable = connection.isValid(3) ? null : "PostgreSQL at " + URL + " does not answer";
            } catch (SQLException e) {
                unreachable = "PostgreSQL at " + URL + " as " + USER + " is unreachable (" + e.getMessage() + ")";
            }
            checked = true;
        }
        return unreachable;
    }

    /** A fresh schema name, unique to this run. */
    public static String newSchemaName() {
        return "bulwark_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    public static void createSchema(String schema) throws SQLException {
        execute("CREATE SCHEMA " + schema);
    }

    public static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static Connection connect() throws SQLException {
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
