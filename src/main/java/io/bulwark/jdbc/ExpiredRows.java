package io.bulwark.jdbc;

import io.bulwark.store.StoreException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a table's rows whose {@code expires_at} passed more than {@code retention} ago, at most
 * once per interval, so that short-lived rows (pushed requests, sign-ins, codes) do not pile up.
 */
final class ExpiredRows {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRows.class);
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final String table;
    private final Duration retention;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    /** {@code table} is one of ours, never input: it is put into the statement as it is. */
    ExpiredRows(Jdbc jdbc, String table, Duration retention) {
        this.jdbc = jdbc;
        this.table = table;
        this.retention = retention;
    }

    void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        // Only the caller that wins the swap purges; a missed purge only delays reclaiming space.
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(INTERVAL))) {
            return;
        }
        try {
            int purged = jdbc.run("purge expired " + table, connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
                    SqlTimes.set(delete, 1, now.minus(retention));
                    return delete.executeUpdate();
                }
            });
            LOG.debug("purged {} expired rows from {}", purged, table);
        } catch (StoreException e) {
            LOG.warn("purging expired rows from {} failed; will retry in {}", table, INTERVAL, e);
        }
    }
}
