package io.bulwark.jdbc;

import io.bulwark.oauth.par.PushedRequest;
import io.bulwark.oauth.par.PushedRequestStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@link PushedRequestStore} over the {@code pushed_requests} table. */
final class JdbcPushedRequestStore implements PushedRequestStore {

    private static final String INSERT = "INSERT INTO pushed_requests (reference_hash, " + PushedRequestColumns.NAMES
            + ", expires_at, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)";
    // One statement decides who takes it: the row flips to used for exactly one caller, and only while live.
    private static final String TAKE = "UPDATE pushed_requests SET used = TRUE WHERE reference_hash = ? AND used = FALSE AND expires_at > ?";
    private static final String SELECT = "SELECT " + PushedRequestColumns.NAMES + ", expires_at FROM pushed_requests WHERE reference_hash = ?";

    private final Jdbc jdbc;
    private final ExpiredRows expired;

    JdbcPushedRequestStore(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.expired = new ExpiredRows(jdbc, "pushed_requests", Duration.ZERO);
    }

    @Override
    public void save(String referenceHash, PushedRequest request) {
        Objects.requireNonNull(referenceHash, "referenceHash");
        jdbc.run("save a pushed authorization request", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, referenceHash);
                PushedRequestColumns.bind(insert, 2, request);
                SqlTimes.set(insert, 2 + PushedRequestColumns.COUNT, request.expiresAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PushedRequest> take(String referenceHash, Instant now) {
        Optional<PushedRequest> taken = jdbc.run("take a pushed authorization request", connection -> {
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setString(1, referenceHash);
                SqlTimes.set(take, 2, now);
                if (take.executeUpdate() != 1) {
                    return Optional.<PushedRequest>empty();
                }
            }
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, referenceHash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(PushedRequestColumns.read(row, "expires_at")) : Optional.<PushedRequest>empty();
                }
            }
        });
        expired.purgeIfDue(now);
        return taken;
    }
}
