package io.bulwark.jdbc;

import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.store.StoreException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link ClientRepository} over the {@code clients} and {@code client_scopes} tables. */
final class JdbcClientRepository implements ClientRepository {

    // One statement for a client and its scopes, so a concurrent save is never seen half done.
    private static final String SELECT = """
            SELECT c.client_id, c.name, c.auth_method, c.jwks_json, c.disabled, c.created_at,
                   c.sender_constraint, c.tls_client_auth_subject_dn, c.redirect_uris, c.authorization_details_types,
                   c.refresh_token_rotation, c.jwks_uri, c.access_token_lifetime_seconds, c.grant_types, s.scope
            FROM clients c LEFT JOIN client_scopes s ON s.client_id = c.client_id
            """;
    private static final String UPDATE = """
            UPDATE clients SET name = ?, auth_method = ?, jwks_json = ?, disabled = ?, created_at = ?,
                   sender_constraint = ?, tls_client_auth_subject_dn = ?, redirect_uris = ?, authorization_details_types = ?,
                   refresh_token_rotation = ?, jwks_uri = ?, access_token_lifetime_seconds = ?, grant_types = ?
            WHERE client_id = ?
            """;
    private static final String INSERT = """
            INSERT INTO clients (name, auth_method, jwks_json, disabled, created_at, sender_constraint,
                                 tls_client_auth_subject_dn, redirect_uris, authorization_details_types,
                                 refresh_token_rotation, jwks_uri, access_token_lifetime_seconds, grant_types, client_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final Jdbc jdbc;

    JdbcClientRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return jdbc.run("find a client", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE c.client_id = ?")) {
                select.setString(1, clientId);
                return read(select).stream().findFirst();
            }
        });
    }

    @Override
    public void save(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        try {
            saveOnce(client);
        } catch (StoreException e) {
            // Another node inserted the same new client between our UPDATE and INSERT; now the UPDATE finds it.
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            saveOnce(client);
        }
    }

    @Override
    public List<RegisteredClient> list() {
        return jdbc.run("list clients", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                List<RegisteredClient> clients = read(select);
                // Sorted here rather than by ORDER BY: database collations would order ids differently.
                clients.sort(Comparator.comparing(RegisteredClient::clientId));
                return clients;
            }
        });
    }

    private void saveOnce(RegisteredClient client) {
        jdbc.inTransaction("save a client", connection -> {
            if (writeClient(connection, UPDATE, client) == 0) {
                writeClient(connection, INSERT, client);
            }
            replaceScopes(connection, client);
            return null;
        });
    }

    private static int writeClient(Connection connection, String sql, RegisteredClient client) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, client.name());
            statement.setString(2, client.authMethod());
            statement.setString(3, client.jwksJson());
            statement.setBoolean(4, client.disabled());
            SqlTimes.set(statement, 5, client.createdAt());
            statement.setString(6, client.senderConstraint().configName());
            statement.setString(7, client.tlsClientAuthSubjectDn());
            // Space-separated (V4): neither a URI nor a type name can contain a space.
            statement.setString(8, String.join(" ", client.redirectUris()));
            statement.setString(9, String.join(" ", new TreeSet<>(client.authorizationDetailsTypes())));
            statement.setBoolean(10, client.refreshTokenRotation());
            statement.setString(11, client.jwksUri() == null ? null : client.jwksUri().toString());
            Duration lifetime = client.tokenSettings().accessTokenLifetime();
            if (lifetime == null) {
                statement.setNull(12, Types.INTEGER);
            } else {
                statement.setInt(12, Math.toIntExact(lifetime.toSeconds()));
            }
            statement.setString(13, String.join(" ", new TreeSet<>(client.grantTypes())));
            statement.setString(14, client.clientId());
            return statement.executeUpdate();
        }
    }

    private static void replaceScopes(Connection connection, RegisteredClient client) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM client_scopes WHERE client_id = ?")) {
            delete.setString(1, client.clientId());
            delete.executeUpdate();
        }
        if (client.scopes().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO client_scopes (client_id, scope) VALUES (?, ?)")) {
            for (String scope : client.scopes()) {
                insert.setString(1, client.clientId());
                insert.setString(2, scope);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One row per (client, scope) pair, or one row with a NULL scope for a client without scopes. */
    private static List<RegisteredClient> read(PreparedStatement select) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                Row row = rows.get(result.getString("client_id"));
                if (row == null) {
                    row = new Row(result.getString("client_id"), result.getString("name"),
                            result.getString("auth_method"), result.getString("jwks_json"),
                            result.getBoolean("disabled"), SqlTimes.get(result, "created_at"),
                            senderConstraint(result.getString("sender_constraint")), result.getString("tls_client_auth_subject_dn"),
                            new HashSet<>(), words(result.getString("redirect_uris")),
                            words(result.getString("authorization_details_types")), result.getString("jwks_uri"),
                            tokenSettings(result), Set.copyOf(words(result.getString("grant_types"))));
                    rows.put(row.clientId(), row);
                }
                String scope = result.getString("scope");
                if (scope != null) {
                    row.scopes().add(scope);
                }
            }
        }
        List<RegisteredClient> clients = new ArrayList<>(rows.size());
        rows.values().forEach(row -> clients.add(row.toClient()));
        return clients;
    }

    private static List<String> words(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank() ? List.of() : List.of(spaceSeparated.split(" "));
    }

    private static TokenSettings tokenSettings(ResultSet result) throws SQLException {
        int seconds = result.getInt("access_token_lifetime_seconds");
        Duration lifetime = result.wasNull() ? null : Duration.ofSeconds(seconds);
        return new TokenSettings(lifetime, result.getBoolean("refresh_token_rotation"));
    }

    // An unknown value can only come from a newer release or a hand edit; refusing it fails closed.
    private static SenderConstraint senderConstraint(String value) {
        return SenderConstraint.fromConfigName(value)
                .orElseThrow(() -> new StoreException("clients.sender_constraint holds an unknown value: " + value, null));
    }

    private record Row(String clientId, String name, String authMethod, String jwksJson, boolean disabled,
                       Instant createdAt, SenderConstraint senderConstraint, String tlsClientAuthSubjectDn, Set<String> scopes,
                       List<String> redirectUris, List<String> detailsTypes, String jwksUri, TokenSettings tokenSettings,
                       Set<String> grantTypes) {

        RegisteredClient toClient() {
            return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri == null ? null : URI.create(jwksUri), scopes,
                    disabled, createdAt, senderConstraint, tlsClientAuthSubjectDn, redirectUris, Set.copyOf(detailsTypes), tokenSettings,
                    grantTypes);
        }
    }
}
