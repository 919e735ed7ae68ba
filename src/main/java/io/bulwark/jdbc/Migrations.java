package io.bulwark.jdbc;

import io.bulwark.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database up to the schema this release expects, from {@code db/migration}. */
final class Migrations {

    private Migrations() {
    }

    /** Migrates {@code schema} (created if missing), or the connection's default schema when null. */
    static void migrate(DataSource dataSource, String schema) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new HashUsedIdentifiers())
                .failOnMissingLocations(true);
        if (schema != null) {
            flyway.schemas(schema);
        }
        try {
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw new StoreException("store failed to migrate the database schema", e);
        }
    }
}
