package io.bulwark.jdbc;

import io.bulwark.oauth.authorize.Interaction;
import io.bulwark.oauth.authorize.InteractionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** {@link InteractionStore} over the {@code authorization_interactions} table. */
final class JdbcInteractionStore implements InteractionStore {

    private static final String INSERT = "INSERT INTO authorization_interactions (session_hash, csrf_token, stage, username, "
            + PushedRequestColumns.NAMES + ", request_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT csrf_token, stage, username, " + PushedRequestColumns.NAMES
            + ", request_expires_at, expires_at FROM authorization_interactions WHERE session_hash = ? AND expires_at > ?";
    // The stage in the WHERE clause makes each move happen once, whichever node the racing requests reach.
    private static final String ADVANCE = "UPDATE authorization_interactions SET session_hash = ?, stage = ?, username = ? "
            + "WHERE session_hash = ? AND stage = ?";
    private static final String DELETE = "DELETE FROM authorization_interactions WHERE session_hash = ?";

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final ExpiredRows expired;

    JdbcInteractionStore(Jdbc jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.expired = new ExpiredRows(jdbc, "authorization_interactions", Duration.ZERO);
    }

    @Override
    public void create(String sessionHash, Interaction interaction) {
        Objects.requireNonNull(sessionHash, "sessionHash");
        jdbc.run("start a sign-in", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, sessionHash);
                insert.setString(2, interaction.csrfToken());
                insert.setString(3, interaction.stage().name());
                insert.setString(4, interaction.username());
                PushedRequestColumns.bind(insert, 5, interaction.request());
                SqlTimes.set(insert, 5 + PushedRequestColumns.COUNT, interaction.request().expiresAt());
                SqlTimes.set(insert, 6 + PushedRequestColumns.COUNT, interaction.expiresAt());
                return insert.executeUpdate();
            }
        });
        expired.purgeIfDue(clock.instant());
    }

    @Override
    public Optional<Interaction> find(String sessionHash, Instant now) {
        return jdbc.run("find a sign-in", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, sessionHash);
                SqlTimes.set(select, 2, now);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<Interaction>empty();
                    }
                    return Optional.of(new Interaction(row.getString("csrf_token"), Interaction.Stage.valueOf(row.getString("stage")),
                            row.getString("username"), PushedRequestColumns.read(row, "request_expires_at"),
                            SqlTimes.get(row, "expires_at")));
                }
            }
        });
    }

    @Override
    public boolean advance(String sessionHash, Interaction.Stage from, Interaction.Stage to, String username,
                           String newSessionHash) {
        return jdbc.run("advance a sign-in", connection -> {
            try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
                update.setString(1, newSessionHash);
                update.setString(2, to.name());
                update.setString(3, username);
                update.setString(4, sessionHash);
                update.setString(5, from.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean finish(String sessionHash) {
        return jdbc.run("finish a sign-in", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, sessionHash);
                return delete.executeUpdate() == 1;
            }
        });
    }
}
