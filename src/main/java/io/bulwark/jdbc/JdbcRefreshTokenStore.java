package io.bulwark.jdbc;

import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.refresh.RefreshToken;
import io.bulwark.oauth.refresh.RefreshTokenStore;
import io.bulwark.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** {@link RefreshTokenStore} over the {@code refresh_tokens} table (V7). */
final class JdbcRefreshTokenStore implements RefreshTokenStore {

    private static final String INSERT = """
            INSERT INTO refresh_tokens (token_hash, grant_id, client_id, subject, scope, dpop_jkt, x5t_s256, created_at,
                                        expires_at, spent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String SELECT = """
            SELECT token_hash, grant_id, client_id, subject, scope, dpop_jkt, x5t_s256, created_at, expires_at, spent_at
            FROM refresh_tokens WHERE token_hash = ?
            """;
    // One conditional UPDATE: of two nodes spending the same token at once, exactly one sees a row changed.
    private static final String SPEND = "UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL";
    // Expired tokens are refused without their rows; a day's grace keeps a late reuse recognisable as one.
    private static final Duration RETENTION = Duration.ofDays(1);

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final ExpiredRows expired;

    JdbcRefreshTokenStore(Jdbc jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.expired = new ExpiredRows(jdbc, "refresh_tokens", RETENTION);
    }

    @Override
    public void create(RefreshToken token) {
        Objects.requireNonNull(token, "token");
        jdbc.run("record a refresh token", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, token.tokenHash());
                insert.setString(2, token.grantId());
                insert.setString(3, token.clientId());
                insert.setString(4, token.subject());
                insert.setString(5, Scopes.format(token.scopes()));
                insert.setString(6, token.binding() instanceof TokenBinding.Dpop dpop ? dpop.jkt() : null);
                insert.setString(7, token.binding() instanceof TokenBinding.ClientCertificate cert ? cert.x5tS256() : null);
                SqlTimes.set(insert, 8, token.createdAt());
                SqlTimes.set(insert, 9, token.expiresAt());
                SqlTimes.set(insert, 10, token.spentAt());
                return insert.executeUpdate();
            }
        });
        expired.purgeIfDue(clock.instant());
    }

    @Override
    public Optional<RefreshToken> find(String tokenHash) {
        return jdbc.run("find a refresh token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, tokenHash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean spend(String tokenHash, Instant at) {
        return jdbc.run("spend a refresh token", connection -> {
            try (PreparedStatement update = connection.prepareStatement(SPEND)) {
                SqlTimes.set(update, 1, at);
                update.setString(2, tokenHash);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static RefreshToken read(ResultSet row) throws SQLException {
        return new RefreshToken(row.getString("token_hash"), row.getString("grant_id"), row.getString("client_id"),
                row.getString("subject"), Scopes.parse(row.getString("scope")),
                binding(row.getString("dpop_jkt"), row.getString("x5t_s256")), SqlTimes.get(row, "created_at"),
                SqlTimes.get(row, "expires_at"), SqlTimes.get(row, "spent_at"));
    }

    // Exactly one of the two is written; a row with neither or both was edited by hand: refuse it (fail closed).
    private static TokenBinding binding(String jkt, String x5t) {
        if (jkt != null && x5t == null) {
            return new TokenBinding.Dpop(jkt);
        }
        if (x5t != null && jkt == null) {
            return new TokenBinding.ClientCertificate(x5t);
        }
        throw new StoreException("refresh_tokens row must hold exactly one of dpop_jkt and x5t_s256", null);
    }
}
