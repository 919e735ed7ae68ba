package io.bulwark.jdbc;

import io.bulwark.oauth.account.AccountSession;
import io.bulwark.oauth.account.AccountSessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** {@link AccountSessionStore} over the {@code account_sessions} table. */
final class JdbcAccountSessionStore implements AccountSessionStore {

    private static final String INSERT = "INSERT INTO account_sessions (session_hash, csrf_token, stage, username, expires_at) "
            + "VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT csrf_token, stage, username, expires_at FROM account_sessions "
            + "WHERE session_hash = ? AND expires_at > ?";
    // The stage in the WHERE clause makes each move happen once, whichever node the racing requests reach.
    private static final String ADVANCE = "UPDATE account_sessions SET session_hash = ?, csrf_token = ?, stage = ?, username = ? "
            + "WHERE session_hash = ? AND stage = ?";
    private static final String DELETE = "DELETE FROM account_sessions WHERE session_hash = ?";

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final ExpiredRows expired;

    JdbcAccountSessionStore(Jdbc jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.expired = new ExpiredRows(jdbc, "account_sessions", Duration.ZERO);
    }

    @Override
    public void create(String sessionHash, AccountSession session) {
        Objects.requireNonNull(sessionHash, "sessionHash");
        jdbc.run("open an account session", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, sessionHash);
                insert.setString(2, session.csrfToken());
                insert.setString(3, session.stage().name());
                insert.setString(4, session.username());
                SqlTimes.set(insert, 5, session.expiresAt());
                return insert.executeUpdate();
            }
        });
        expired.purgeIfDue(clock.instant());
    }

    @Override
    public Optional<AccountSession> find(String sessionHash, Instant now) {
        return jdbc.run("find an account session", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, sessionHash);
                SqlTimes.set(select, 2, now);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<AccountSession>empty();
                    }
                    return Optional.of(new AccountSession(row.getString("csrf_token"),
                            AccountSession.Stage.valueOf(row.getString("stage")), row.getString("username"),
                            SqlTimes.get(row, "expires_at")));
                }
            }
        });
    }

    @Override
    public boolean advance(String sessionHash, AccountSession.Stage from, AccountSession.Stage to, String username,
                           String newSessionHash, String newCsrfToken) {
        return jdbc.run("advance an account session", connection -> {
            try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
                update.setString(1, newSessionHash);
                update.setString(2, newCsrfToken);
                update.setString(3, to.name());
                update.setString(4, username);
                update.setString(5, sessionHash);
                update.setString(6, from.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean end(String sessionHash) {
        return jdbc.run("end an account session", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, sessionHash);
                return delete.executeUpdate() == 1;
            }
        });
    }
}
