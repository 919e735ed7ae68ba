package io.bulwark.jdbc;

import io.bulwark.oauth.users.User;
import io.bulwark.oauth.users.UserRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** {@link UserRepository} over the {@code users} table; hashes and sealed secrets arrive ready-made. */
final class JdbcUserRepository implements UserRepository {

    private static final String SELECT = """
            SELECT username, subject, display_name, password_hash, sealed_totp_secret, disabled, created_at
            FROM users WHERE username = ?
            """;
    private static final String UPDATE = """
            UPDATE users SET subject = ?, display_name = ?, password_hash = ?, sealed_totp_secret = ?, disabled = ?,
                             created_at = ?
            WHERE username = ?
            """;
    private static final String INSERT = """
            INSERT INTO users (subject, display_name, password_hash, sealed_totp_secret, disabled, created_at, username)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;
    // Accepts a step only if it is later than every step accepted before: a code, once used, never works again.
    private static final String USE_STEP = "UPDATE users SET totp_last_step = ? WHERE username = ? AND totp_last_step < ?";

    private final Jdbc jdbc;

    JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<User> find(String username) {
        Objects.requireNonNull(username, "username");
        return jdbc.run("find a user", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, username);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<User>empty();
                    }
                    return Optional.of(new User(row.getString("username"), row.getString("subject"),
                            row.getString("display_name"), row.getString("password_hash"), row.getString("sealed_totp_secret"),
                            row.getBoolean("disabled"), SqlTimes.get(row, "created_at")));
                }
            }
        });
    }

    @Override
    public void save(User user) {
        Objects.requireNonNull(user, "user");
        jdbc.inTransaction("save a user", connection -> {
            if (write(connection, UPDATE, user) == 0) {
                write(connection, INSERT, user);
            }
            return null;
        });
    }

    @Override
    public boolean useTotpStep(String username, long step) {
        return jdbc.run("record a used TOTP step", connection -> {
            try (PreparedStatement update = connection.prepareStatement(USE_STEP)) {
                update.setLong(1, step);
                update.setString(2, username);
                update.setLong(3, step);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static int write(Connection connection, String sql, User user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user.subject());
            statement.setString(2, user.displayName());
            statement.setString(3, user.passwordHash());
            statement.setString(4, user.sealedTotpSecret());
            statement.setBoolean(5, user.disabled());
            SqlTimes.set(statement, 6, user.createdAt());
            statement.setString(7, user.username());
            return statement.executeUpdate();
        }
    }
}
