package io.bulwark.jdbc;

import io.bulwark.anomaly.behaviour.BehaviourModels;
import io.bulwark.anomaly.behaviour.ScoringLeases;
import io.bulwark.anomaly.behaviour.WindowExchange;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The behaviour detector's three ports over the tables of migration V16: saved state ({@code anomaly_models}), the
 * window exchange between nodes ({@code anomaly_windows}) and the scoring leases ({@code anomaly_leases}). Plain SQL
 * that PostgreSQL and H2 run alike; a lease is taken by one conditional UPDATE, so two nodes never hold one shard.
 */
final class JdbcBehaviourState implements BehaviourModels, WindowExchange, ScoringLeases {

    private final Jdbc jdbc;
    private final InstantSource clock;

    JdbcBehaviourState(Jdbc jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> load(String key) {
        return jdbc.run("load a behaviour model", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT state FROM anomaly_models WHERE model_key = ?")) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(Map<String, byte[]> states) {
        if (states.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.inTransaction("save behaviour models", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE anomaly_models SET state = ?, saved_at = ? WHERE model_key = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO anomaly_models (model_key, state, saved_at) VALUES (?, ?, ?)")) {
                // Only the node holding an identity's lease writes its key, so UPDATE-else-INSERT does not race.
                for (Map.Entry<String, byte[]> entry : states.entrySet()) {
                    update.setBytes(1, entry.getValue());
                    SqlTimes.set(update, 2, now);
                    update.setString(3, entry.getKey());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, entry.getKey());
                        insert.setBytes(2, entry.getValue());
                        SqlTimes.set(insert, 3, now);
                        insert.executeUpdate();
                    }
                }
                return null;
            }
        });
    }

    @Override
    public void put(Collection<Share> shares) {
        if (shares.isEmpty()) {
            return;
        }
        jdbc.inTransaction("leave behaviour windows", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO anomaly_windows (shard, identity_key, window_index, counts) VALUES (?, ?, ?, ?)")) {
                for (Share share : shares) {
                    insert.setInt(1, share.shard());
                    insert.setString(2, share.identityKey());
                    insert.setLong(3, share.window());
                    insert.setBytes(4, share.counts());
                    insert.addBatch();
                }
                insert.executeBatch();
                return null;
            }
        });
    }

    @Override
    public List<Share> take(Set<Integer> shards, long lastWindow) {
        if (shards.isEmpty()) {
            return List.of();
        }
        // The shard numbers are this process's own integers, never input: written into the statement as a list.
        String in = shards.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return jdbc.inTransaction("take behaviour windows", connection -> {
            List<Share> shares = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, shard, identity_key, window_index, counts FROM anomaly_windows "
                    + "WHERE shard IN (" + in + ") AND window_index <= ? ORDER BY window_index, id")) {
                select.setLong(1, lastWindow);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        shares.add(new Share(rows.getString(3), rows.getInt(2), rows.getLong(4), rows.getBytes(5)));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM anomaly_windows WHERE id = ?")) {
                for (long id : ids) {
                    delete.setLong(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return shares;
        });
    }

    @Override
    public Set<Integer> hold(String node, Instant now, Duration ttl) {
        return jdbc.run("hold behaviour scoring leases", connection -> {
            try (PreparedStatement take = connection.prepareStatement("UPDATE anomaly_leases SET holder = ?, expires_at = ? "
                    + "WHERE holder = ? OR holder IS NULL OR expires_at < ?")) {
                take.setString(1, node);
                SqlTimes.set(take, 2, now.plus(ttl));
                take.setString(3, node);
                SqlTimes.set(take, 4, now);
                take.executeUpdate();
            }
            Set<Integer> shards = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT shard FROM anomaly_leases WHERE holder = ?")) {
                select.setString(1, node);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        shards.add(rows.getInt(1));
                    }
                }
            }
            return Set.copyOf(shards);
        });
    }

    @Override
    public void release(String node) {
        jdbc.run("release behaviour scoring leases", connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE anomaly_leases SET holder = NULL, expires_at = NULL WHERE holder = ?")) {
                release.setString(1, node);
                return release.executeUpdate();
            }
        });
    }
}
