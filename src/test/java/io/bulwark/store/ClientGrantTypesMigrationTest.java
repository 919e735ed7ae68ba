package io.bulwark.store;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** V12 on a store written before it: clients registered earlier get grant types by their redirect URIs. */
class ClientGrantTypesMigrationTest {

    @TempDir
    Path dir;

    @Test
    void anAppWithRedirectUrisLosesClientCredentialsAndAMachineClientKeepsIt() throws Exception {
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        String url = "jdbc:h2:file:" + store.resolve("bulwark") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("10").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement insert = connection.createStatement()) {
            insert.executeUpdate("INSERT INTO clients (client_id, name, auth_method, jwks_json, disabled, created_at, redirect_uris)"
                    + " VALUES ('app', 'App', 'private_key_jwt', '{\"keys\":[]}', FALSE, CURRENT_TIMESTAMP, 'https://app.example/cb')");
            insert.executeUpdate("INSERT INTO clients (client_id, name, auth_method, jwks_json, disabled, created_at)"
                    + " VALUES ('machine', 'Machine', 'private_key_jwt', '{\"keys\":[]}', FALSE, CURRENT_TIMESTAMP)");
        }

        try (JdbcStore migrated = JdbcStore.embedded(dir, Clock.systemUTC())) {
            // RFC 7591 §2: a client acting for users was never meant to act for itself; an operator may list it back.
            assertThat(migrated.clients().find("app").orElseThrow().grantTypes())
                    .containsExactlyInAnyOrder(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN);
            assertThat(migrated.clients().find("machine").orElseThrow().grantTypes()).containsExactly(RegisteredClient.CLIENT_CREDENTIALS);
        }
    }
}
