package io.bulwark.jdbc;

import io.bulwark.oauth.authorize.AuthorizationCodeStore;
import io.bulwark.oauth.authorize.IssuedCode;
import io.bulwark.oauth.authorize.Redemption;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** {@link AuthorizationCodeStore} over the {@code authorization_codes} table. */
final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {

    /** Spent and expired codes are kept a while, so that a late replay is still seen as reuse and revokes the grant. */
    static final Duration RETENTION = Duration.ofMinutes(10);

    private static final String INSERT = """
            INSERT INTO authorization_codes (code_hash, grant_id, client_id, subject, redirect_uri, code_challenge, scope,
                                             authorization_details, nonce, expires_at, dpop_jkt, used_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            """;
    // One statement decides the first redemption: used_at is set for exactly one caller.
    private static final String SPEND = "UPDATE authorization_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL";
    private static final String SELECT = """
            SELECT grant_id, client_id, subject, redirect_uri, code_challenge, scope, authorization_details, nonce, expires_at,
                   dpop_jkt
            FROM authorization_codes WHERE code_hash = ?
            """;

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final ExpiredRows expired;

    JdbcAuthorizationCodeStore(Jdbc jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.expired = new ExpiredRows(jdbc, "authorization_codes", RETENTION);
    }

    @Override
    public void save(String codeHash, IssuedCode code) {
        Objects.requireNonNull(codeHash, "codeHash");
        jdbc.run("save an authorization code", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, codeHash);
                insert.setString(2, code.grantId());
                insert.setString(3, code.clientId());
                insert.setString(4, code.subject());
                insert.setString(5, code.redirectUri());
                insert.setString(6, code.codeChallenge());
                insert.setString(7, Scopes.format(code.scopes()));
                insert.setString(8, AuthorizationDetailsJson.write(code.details()));
                insert.setString(9, code.nonce());
                SqlTimes.set(insert, 10, code.expiresAt());
                insert.setString(11, code.dpopJkt());
                return insert.executeUpdate();
            }
        });
        expired.purgeIfDue(clock.instant());
    }

    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return jdbc.run("redeem an authorization code", connection -> {
            boolean first;
            try (PreparedStatement spend = connection.prepareStatement(SPEND)) {
                SqlTimes.set(spend, 1, now);
                spend.setString(2, codeHash);
                first = spend.executeUpdate() == 1;
            }
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, codeHash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new Redemption.Unknown();
                    }
                    IssuedCode code = new IssuedCode(row.getString("grant_id"), row.getString("client_id"), row.getString("subject"),
                            row.getString("redirect_uri"), row.getString("code_challenge"), Scopes.parse(row.getString("scope")),
                            AuthorizationDetailsJson.read(row.getString("authorization_details")), row.getString("nonce"),
                            SqlTimes.get(row, "expires_at"), row.getString("dpop_jkt"));
                    return first ? new Redemption.First(code) : new Redemption.Reused(code);
                }
            }
        });
    }
}
