package io.bulwark.jdbc;

import io.bulwark.store.OneTimeReservations;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link OneTimeReservations} in the {@code reserved_uses} table, on H2 and PostgreSQL alike: the primary key decides
 * which of racing reservations wins, and spending and releasing are conditional on the holder, so no node ever
 * settles another's reservation.
 */
final class JdbcOneTimeReservations implements OneTimeReservations {

    // Takes over a use whose reservation has expired; a live one is never deleted.
    private static final String TAKE_OVER_EXPIRED = "DELETE FROM reserved_uses WHERE namespace = ? AND id = ? AND expires_at <= ?";
    private static final String RESERVE = "INSERT INTO reserved_uses (namespace, id, holder, spent, expires_at) VALUES (?, ?, ?, FALSE, ?)";
    private static final String SPEND = "UPDATE reserved_uses SET spent = TRUE WHERE namespace = ? AND id = ? AND holder = ?";
    private static final String RELEASE = "DELETE FROM reserved_uses WHERE namespace = ? AND id = ? AND holder = ? AND spent = FALSE";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final ExpiredRows expired;

    JdbcOneTimeReservations(Jdbc jdbc, InstantSource clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expired = new ExpiredRows(jdbc, "reserved_uses", Duration.ZERO);
    }

    @Override
    public Optional<String> reserve(String namespace, String id, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String holder = HexFormat.of().formatHex(secret);
        boolean reserved = jdbc.run("reserve a one-time use", connection -> {
            try (PreparedStatement takeOver = connection.prepareStatement(TAKE_OVER_EXPIRED);
                 PreparedStatement reserve = connection.prepareStatement(RESERVE)) {
                bind(takeOver, namespace, id);
                SqlTimes.set(takeOver, 3, now);
                takeOver.executeUpdate();
                bind(reserve, namespace, id);
                reserve.setString(3, holder);
                SqlTimes.set(reserve, 4, expiresAt);
                return reserve.executeUpdate() == 1;
            } catch (SQLException e) {
                // Of racing callers on any node, the primary key lets exactly one insert; the others are told "taken".
                if (Jdbc.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
        expired.purgeIfDue(now);
        return reserved ? Optional.of(holder) : Optional.empty();
    }

    @Override
    public boolean spend(String namespace, String id, String holder) {
        return settle("spend a reserved use", SPEND, namespace, id, holder);
    }

    @Override
    public boolean release(String namespace, String id, String holder) {
        return settle("release a reserved use", RELEASE, namespace, id, holder);
    }

    private boolean settle(String what, String statement, String namespace, String id, String holder) {
        Objects.requireNonNull(holder, "holder");
        return jdbc.run(what, connection -> {
            try (PreparedStatement settle = connection.prepareStatement(statement)) {
                bind(settle, namespace, id);
                settle.setString(3, holder);
                return settle.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement statement, String namespace, String id) throws SQLException {
        statement.setString(1, Objects.requireNonNull(namespace, "namespace"));
        statement.setString(2, Objects.requireNonNull(id, "id"));
    }
}
