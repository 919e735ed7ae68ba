package io.bulwark.jdbc;

import io.bulwark.audit.AuditCheckpoint;
import io.bulwark.audit.AuditCheckpoints;
import io.bulwark.store.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit chain's signed checkpoints in {@code audit_checkpoints} (V15), one row per checkpointed record. */
final class JdbcAuditCheckpoints implements AuditCheckpoints {

    private static final String INSERT = "INSERT INTO audit_checkpoints (seq, record_hash, signed_at, key_id, jws) VALUES (?, ?, ?, ?, ?)";
    private static final String COLUMNS = "SELECT seq, record_hash, signed_at, key_id, jws FROM audit_checkpoints ";

    private final Jdbc jdbc;

    JdbcAuditCheckpoints(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(AuditCheckpoint checkpoint) {
        try {
            jdbc.run("keep an audit checkpoint", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setLong(1, checkpoint.seq());
                    insert.setString(2, checkpoint.hash());
                    SqlTimes.set(insert, 3, checkpoint.signedAt());
                    insert.setString(4, checkpoint.keyId());
                    insert.setString(5, checkpoint.jws());
                    return insert.executeUpdate();
                }
            });
        } catch (StoreException e) {
            // Another node (or the command line) checkpointed the same record already: one checkpoint of it is enough.
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public List<AuditCheckpoint> all() {
        return query(COLUMNS + "ORDER BY seq");
    }

    @Override
    public Optional<AuditCheckpoint> latest() {
        return query(COLUMNS + "ORDER BY seq DESC LIMIT 1").stream().findFirst();
    }

    private List<AuditCheckpoint> query(String sql) {
        return jdbc.run("read audit checkpoints", connection -> {
            List<AuditCheckpoint> checkpoints = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(sql); ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    checkpoints.add(new AuditCheckpoint(row.getLong("seq"), row.getString("record_hash"), SqlTimes.get(row, "signed_at"),
                            row.getString("key_id"), row.getString("jws")));
                }
            }
            return checkpoints;
        });
    }
}
