package io.bulwark.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds spent by the PostgreSQL client backends of one database (the gateway's connections), read from
 * {@code /proc}: with a PostgreSQL store, part of each request's work runs there and must count as server CPU.
 * Backends that ended between two readings take their time with them; autovacuum and the shared writer
 * processes are left out (they serve every database on the server).
 */
final class PostgresBackendCpu implements AutoCloseable {

    private final Connection monitor;
    private final String database;
    private final Map<Long, Double> seen = new HashMap<>();
    private double total;

    /** Watches {@code database}'s backends through a connection to {@code monitorUrl} (another database, so it is not counted). */
    PostgresBackendCpu(String monitorUrl, String user, String database) throws SQLException {
        this.monitor = DriverManager.getConnection(monitorUrl, user, null);
        this.database = database;
    }

    /** CPU seconds the database's client backends used since this object started watching them, as of now. */
    synchronized double seconds() throws SQLException {
        try (PreparedStatement query = monitor.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND backend_type = 'client backend'")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long pid = rows.getLong(1);
                    try {
                        double now = ServerProcess.cpuSecondsOf(pid);
                        Double before = seen.put(pid, now);
                        // A backend seen for the first time counts from its start: the pool opened it for this load.
                        total += now - (before == null ? 0 : before);
                    } catch (IOException ended) {
                        seen.remove(pid);
                    }
                }
            }
        }
        return total;
    }

    @Override
    public void close() throws SQLException {
        monitor.close();
    }
}
