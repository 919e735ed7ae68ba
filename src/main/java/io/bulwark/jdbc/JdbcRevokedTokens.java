package io.bulwark.jdbc;

import io.bulwark.store.RevokedTokens;
import io.bulwark.store.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;

/** {@link RevokedTokens} over the {@code revoked_tokens} table. */
final class JdbcRevokedTokens implements RevokedTokens {

    private final Jdbc jdbc;

    JdbcRevokedTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void revoke(String jti, String clientId, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        try {
            jdbc.run("revoke a token", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, jti);
                    insert.setString(2, clientId);
                    SqlTimes.set(insert, 3, expiresAt);
                    return insert.executeUpdate();
                }
            });
        } catch (StoreException e) {
            // Revoking an already revoked token is the same outcome, on every node.
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public boolean isRevoked(String jti) {
        return jdbc.run("look up a revocation", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM revoked_tokens WHERE jti = ?")) {
                select.setString(1, jti);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }
}
