package io.bulwark.jdbc;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration 14: {@code used_identifiers} holds the SHA-256 of each namespace and identifier ({@link JdbcReplayGuard#hashed}),
 * no longer the raw values, which overflowed the columns (a client id over 47 characters, a long {@code jti}). Rows already
 * there are hashed in place, so an identifier used before the upgrade (a payment spent, a jti) stays used after it. In
 * Java because SQL has no SHA-256 that H2 and PostgreSQL spell alike.
 */
final class HashUsedIdentifiers implements JavaMigration {

    private record Row(String namespace, String id, Timestamp expiresAt) {
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("14");
    }

    @Override
    public String getDescription() {
        return "hash used identifiers";
    }

    @Override
    public Integer getChecksum() {
        return 14;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<Row> rows = new ArrayList<>();
        try (Statement select = connection.createStatement();
             ResultSet result = select.executeQuery("SELECT namespace, id, expires_at FROM used_identifiers")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getTimestamp(3)));
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM used_identifiers");
            // 43 characters: the unpadded base64url of 32 bytes; a raw value can no longer be stored by mistake.
            statement.executeUpdate("ALTER TABLE used_identifiers ALTER COLUMN namespace SET DATA TYPE VARCHAR(43)");
            statement.executeUpdate("ALTER TABLE used_identifiers ALTER COLUMN id SET DATA TYPE VARCHAR(43)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO used_identifiers (namespace, id, expires_at) VALUES (?, ?, ?)")) {
            for (Row row : rows) {
                insert.setString(1, JdbcReplayGuard.hashed(row.namespace()));
                insert.setString(2, JdbcReplayGuard.hashed(row.id()));
                insert.setTimestamp(3, row.expiresAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
