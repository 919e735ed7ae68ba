package io.bulwark.jdbc;

import io.bulwark.digest.Sha256;
import io.bulwark.store.ReplayGuard;
import io.bulwark.store.StoreException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplayGuard} shared by every node on one PostgreSQL database, through the
 * {@code used_identifiers} table. PostgreSQL only: it relies on {@code INSERT ... ON CONFLICT}.
 * Namespaces and identifiers are stored as their SHA-256, so any length fits and no client's text reaches the table.
 */
public final class JdbcReplayGuard implements ReplayGuard {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcReplayGuard.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    // One statement, so PostgreSQL decides atomically: it inserts a new row, or takes over an expired one
    // under a row lock; a racing caller waits for that lock, then sees a live row and changes nothing.
    // The update count is therefore 1 for exactly one of any number of callers on any number of nodes.
    private static final String CLAIM = """
            INSERT INTO used_identifiers (namespace, id, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (namespace, id) DO UPDATE SET expires_at = EXCLUDED.expires_at
            WHERE used_identifiers.expires_at <= ?
            """;
    private static final String PURGE = "DELETE FROM used_identifiers WHERE expires_at <= ?";

    private final Jdbc jdbc;
    private final InstantSource clock;
    private final AtomicReference<Instant> nextPurge;

    public JdbcReplayGuard(DataSource dataSource, InstantSource clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextPurge = new AtomicReference<>(clock.instant().plus(PURGE_INTERVAL));
    }

    @Override
    public boolean firstUse(String namespace, String id, Instant expiresAt) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        boolean first = jdbc.run("record a one-time identifier", connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, hashed(namespace));
                claim.setString(2, hashed(id));
                SqlTimes.set(claim, 3, expiresAt);
                SqlTimes.set(claim, 4, now);
                return claim.executeUpdate() == 1;
            }
        });
        purgeIfDue(now);
        return first;
    }

    /** The unpadded base64url SHA-256 of {@code value} (UTF-8): 43 characters, what the table holds. */
    static String hashed(String value) {
        return Sha256.base64Url(value);
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        // Only the caller that wins the swap purges; other nodes purge on their own schedule, which is harmless:
        // the DELETE re-checks expiry on rows a concurrent claim has just renewed, and skips them.
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            return;
        }
        try {
            int purged = jdbc.run("purge expired one-time identifiers", connection -> {
                try (PreparedStatement purge = connection.prepareStatement(PURGE)) {
                    SqlTimes.set(purge, 1, now);
                    return purge.executeUpdate();
                }
            });
            LOG.debug("purged {} expired one-time identifiers", purged);
        } catch (StoreException e) {
            // The identifier was already recorded; a missed purge only delays reclaiming space until the next one.
            LOG.warn("purging expired one-time identifiers failed; will retry in {}", PURGE_INTERVAL, e);
        }
    }
}
