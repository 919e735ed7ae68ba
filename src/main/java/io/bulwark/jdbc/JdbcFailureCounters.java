package io.bulwark.jdbc;

import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import io.bulwark.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FailureCounters} in the {@code authentication_failures} tables: on PostgreSQL shared by every node, on the
 * embedded H2 file kept across restarts (so a restart does not lift a lockout). Each change reads the row under a
 * row lock ({@code SELECT ... FOR UPDATE}) and writes it in the same transaction, so concurrent failures on several
 * nodes are each counted.
 */
public final class JdbcFailureCounters implements FailureCounters {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFailureCounters.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** Longer than the longest failure window the configuration accepts. */
    private static final Duration KEEP = Duration.ofDays(1);

    private static final String SELECT = "SELECT failures, last_failure_at, locked_until FROM authentication_failures "
            + "WHERE failure_key = ? FOR UPDATE";
    private static final String INSERT = "INSERT INTO authentication_failures (failure_key, failures, last_failure_at, locked_until) "
            + "VALUES (?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE authentication_failures SET failures = ?, last_failure_at = ?, locked_until = ? "
            + "WHERE failure_key = ?";
    private static final String TOUCH_MEMBER = "UPDATE authentication_failure_members SET seen_at = ? WHERE set_key = ? AND member = ?";
    private static final String INSERT_MEMBER = "INSERT INTO authentication_failure_members (set_key, member, seen_at) VALUES (?, ?, ?)";
    private static final String EXPIRE_MEMBERS = "DELETE FROM authentication_failure_members WHERE set_key = ? AND seen_at <= ?";
    private static final String COUNT_MEMBERS = "SELECT COUNT(*) FROM authentication_failure_members WHERE set_key = ?";

    private final Jdbc jdbc;
    private final AtomicReference<Instant> nextPurge;

    public JdbcFailureCounters(DataSource dataSource, InstantSource clock) {
        this.jdbc = new Jdbc(dataSource);
        this.nextPurge = new AtomicReference<>(clock.instant().plus(PURGE_INTERVAL));
    }

    @Override
    public FailureState recordFailure(String key, Instant now, Duration window, int lockAt, Duration lockout) {
        FailureState next;
        try {
            next = jdbc.inTransaction("count a failed authentication", c -> count(c, key, now, window, lockAt, lockout));
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            // Another node inserted the first row for this key at the same moment: now there is a row to lock.
            next = jdbc.inTransaction("count a failed authentication", c -> count(c, key, now, window, lockAt, lockout));
        }
        purgeIfDue(now);
        return next;
    }

    private static FailureState count(Connection connection, String key, Instant now, Duration window, int lockAt, Duration lockout)
            throws SQLException {
        FailureState old = read(connection, key);
        FailureState next = (old == null ? FailureState.NONE : old).afterFailure(now, window, lockAt, lockout);
        try (PreparedStatement write = connection.prepareStatement(old == null ? INSERT : UPDATE)) {
            int i = 1;
            if (old == null) {
                write.setString(i++, key);
            }
            write.setInt(i++, next.failures());
            SqlTimes.set(write, i++, next.lastFailure());
            SqlTimes.set(write, i++, next.lockedUntil());
            if (old != null) {
                write.setString(i, key);
            }
            write.executeUpdate();
        }
        return next;
    }

    private static FailureState read(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new FailureState(row.getInt("failures"), SqlTimes.get(row, "last_failure_at"),
                        SqlTimes.get(row, "locked_until")) : null;
            }
        }
    }

    @Override
    public FailureState state(String key) {
        return jdbc.run("read failed authentications", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT.replace(" FOR UPDATE", ""))) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new FailureState(row.getInt("failures"), SqlTimes.get(row, "last_failure_at"),
                            SqlTimes.get(row, "locked_until")) : FailureState.NONE;
                }
            }
        });
    }

    @Override
    public void clear(String key) {
        jdbc.run("clear failed authentications", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM authentication_failures WHERE failure_key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int addDistinct(String set, String member, Instant now, Duration window) {
        return jdbc.run("record a failing identity or address", connection -> {
            try (PreparedStatement touch = connection.prepareStatement(TOUCH_MEMBER)) {
                SqlTimes.set(touch, 1, now);
                touch.setString(2, set);
                touch.setString(3, member);
                if (touch.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(INSERT_MEMBER)) {
                        insert.setString(1, set);
                        insert.setString(2, member);
                        SqlTimes.set(insert, 3, now);
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        // Inserted by another node a moment ago: it is in the set, which is all that counts.
                        if (!Jdbc.isUniqueViolation(e)) {
                            throw e;
                        }
                    }
                }
            }
            try (PreparedStatement expire = connection.prepareStatement(EXPIRE_MEMBERS)) {
                expire.setString(1, set);
                SqlTimes.set(expire, 2, now.minus(window));
                expire.executeUpdate();
            }
            try (PreparedStatement count = connection.prepareStatement(COUNT_MEMBERS)) {
                count.setString(1, set);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            return;
        }
        try {
            jdbc.run("purge old failed authentications", connection -> {
                try (PreparedStatement failures = connection.prepareStatement("DELETE FROM authentication_failures "
                        + "WHERE last_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?)");
                     PreparedStatement members = connection.prepareStatement(
                             "DELETE FROM authentication_failure_members WHERE seen_at <= ?")) {
                    SqlTimes.set(failures, 1, now.minus(KEEP));
                    SqlTimes.set(failures, 2, now);
                    SqlTimes.set(members, 1, now.minus(KEEP));
                    return failures.executeUpdate() + members.executeUpdate();
                }
            });
        } catch (StoreException e) {
            LOG.warn("purging old failed authentications failed; will retry in {}", PURGE_INTERVAL, e);
        }
    }
}
