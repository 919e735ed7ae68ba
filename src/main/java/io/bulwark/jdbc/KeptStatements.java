package io.bulwark.jdbc;

import io.bulwark.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One pooled connection, kept in a transaction of its own, with its prepared statements, for a writer that runs the same
 * few statements all day (the audit chain's writer thread): no pool checkout, no parse and no auto-commit switch per batch.
 * After a failure it is rolled back and given up, and the next unit of work takes a fresh connection.
 */
final class KeptStatements implements AutoCloseable {

    // As HikariCP does at checkout: a connection idle for longer is checked before use, since the database may have dropped it.
    private static final long CHECK_AFTER_IDLE_NANOS = 500_000_000L;
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final String name;
    private Connection connection;
    private long lastUsed;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();

    /** @param name what the database shows for the kept connection (PostgreSQL's {@code application_name}), for operators */
    KeptStatements(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /** Runs {@code work} in one transaction on the kept connection; any failure rolls it back and drops the connection. */
    synchronized <T> T inTransaction(String what, Jdbc.Work<T> work) {
        try {
            if (connection != null && System.nanoTime() - lastUsed > CHECK_AFTER_IDLE_NANOS && !connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                drop();
            }
            if (connection == null) {
                connection = dataSource.getConnection();
                name(connection);
                connection.setAutoCommit(false);
            }
            T result = work.run(connection);
            connection.commit();
            lastUsed = System.nanoTime();
            return result;
        } catch (SQLException e) {
            drop();
            throw new StoreException("store failed to " + what, e);
        } catch (RuntimeException e) {
            drop();
            throw e;
        }
    }

    /** The statement for {@code sql} on the kept connection, prepared once; only inside {@link #inTransaction}. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void name(Connection fresh) {
        try {
            fresh.setClientInfo("ApplicationName", name);
        } catch (SQLClientInfoException e) {
            // H2 keeps no such name; it only helps an operator reading pg_stat_activity.
        }
    }

    private void drop() {
        Connection broken = connection;
        connection = null;
        statements.clear();
        if (broken != null) {
            try {
                broken.rollback();
            } catch (SQLException ignored) {
                // The connection is given up either way; closing it returns it to the pool, which checks it.
            }
            try {
                broken.close();
            } catch (SQLException ignored) {
                // As above.
            }
        }
    }

    /** Returns the connection to the pool (before the pool closes). */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException ignored) {
                // Closing: nothing uncommitted is lost, every unit of work committed or failed already.
            }
            connection = null;
            statements.clear();
        }
    }
}
