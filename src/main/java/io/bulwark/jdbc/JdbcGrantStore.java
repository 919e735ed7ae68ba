package io.bulwark.jdbc;

import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link GrantStore} over the {@code grants} table. */
final class JdbcGrantStore implements GrantStore {

    private static final String INSERT = """
            INSERT INTO grants (grant_id, subject, client_id, scope, authorization_details, created_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String SELECT = """
            SELECT grant_id, subject, client_id, scope, authorization_details, created_at, revoked_at FROM grants
            """;
    private static final String REVOKE = "UPDATE grants SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL";

    private final Jdbc jdbc;

    JdbcGrantStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(Grant grant) {
        Objects.requireNonNull(grant, "grant");
        jdbc.run("record a grant", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, grant.grantId());
                insert.setString(2, grant.subject());
                insert.setString(3, grant.clientId());
                insert.setString(4, Scopes.format(grant.scopes()));
                insert.setString(5, AuthorizationDetailsJson.write(grant.details()));
                SqlTimes.set(insert, 6, grant.createdAt());
                SqlTimes.set(insert, 7, grant.revokedAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Grant> find(String grantId) {
        return jdbc.run("find a grant", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE grant_id = ?")) {
                select.setString(1, grantId);
                List<Grant> found = read(select);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<Grant> ofSubject(String subject) {
        return jdbc.run("list a user's grants", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE subject = ? ORDER BY created_at, grant_id")) {
                select.setString(1, subject);
                return read(select);
            }
        });
    }

    @Override
    public List<Grant> list(String subject, String clientId) {
        return jdbc.run("list grants", connection -> {
            // A null filter compares the column with itself, so one statement serves every combination.
            try (PreparedStatement select = connection.prepareStatement(SELECT
                    + " WHERE subject = COALESCE(?, subject) AND client_id = COALESCE(?, client_id) ORDER BY created_at, grant_id")) {
                select.setString(1, subject);
                select.setString(2, clientId);
                return read(select);
            }
        });
    }

    @Override
    public boolean revoke(String grantId, Instant at) {
        return jdbc.run("revoke a grant", connection -> {
            try (PreparedStatement update = connection.prepareStatement(REVOKE)) {
                SqlTimes.set(update, 1, at);
                update.setString(2, grantId);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static List<Grant> read(PreparedStatement select) throws SQLException {
        List<Grant> grants = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                grants.add(new Grant(row.getString("grant_id"), row.getString("subject"), row.getString("client_id"),
                        Scopes.parse(row.getString("scope")), AuthorizationDetailsJson.read(row.getString("authorization_details")),
                        SqlTimes.get(row, "created_at"), SqlTimes.get(row, "revoked_at")));
            }
        }
        return grants;
    }
}
