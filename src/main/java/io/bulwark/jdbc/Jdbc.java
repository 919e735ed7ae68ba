package io.bulwark.jdbc;

import io.bulwark.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs a unit of JDBC work on a pooled connection and turns SQL failures into {@link StoreException}. */
final class Jdbc {

    /** SQLSTATE of a unique or primary key violation, the same in PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} with auto-commit, each statement its own transaction. */
    <T> T run(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("store failed to " + what, e);
        }
    }

    /** Runs {@code work} in one transaction, rolled back if it throws anything. */
    <T> T inTransaction(String what, Work<T> work) {
        return run(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
