package io.bulwark.jdbc;

import io.bulwark.audit.AuditBatchWriter;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.AuditQuery;
import io.bulwark.audit.AuditRecords;
import io.bulwark.audit.AuditSearch;
import io.bulwark.audit.ChainedAuditRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit chain in the {@code audit_events} table (H2 or PostgreSQL). A batch locks the head row,
 * extends the chain from it with one batched INSERT, moves the head and commits: so appends from
 * every node of a deployment form one chain, in the order they committed. The store holds no key: each
 * batch is linked with the keyed {@link AuditChain} the caller passes.
 */
final class JdbcAuditLog implements AuditBatchWriter, AuditRecords, AuditSearch {

    private static final String LOCK_HEAD = "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE";
    private static final String INSERT = """
            INSERT INTO audit_events (seq, recorded_at, request_id, decision, status, client_id, subject, operation,
                                      event_json, previous_hash, record_hash, algorithm)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String MOVE_HEAD = "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1";
    private static final String AFTER = """
            SELECT seq, recorded_at, request_id, decision, status, client_id, subject, operation, event_json,
                   previous_hash, record_hash, algorithm
            FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?
            """;
    private static final String COLUMNS = """
            SELECT seq, recorded_at, request_id, decision, status, client_id, subject, operation, event_json,
                   previous_hash, record_hash, algorithm
            FROM audit_events WHERE seq > ?""";
    private static final String HEAD = "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1";

    private final Jdbc jdbc;
    // Appends come from one writer thread per node, each batch the same three statements: kept prepared on one connection.
    private final KeptStatements writes;

    JdbcAuditLog(Jdbc jdbc, KeptStatements writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @Override
    public Extension write(List<AuditEvent> events, AuditChain chain) {
        return writes.inTransaction("append " + events.size() + " audit events", connection -> {
            long seq;
            String previous;
            AuditChain.Head from;
            try (ResultSet head = writes.statement(LOCK_HEAD).executeQuery()) {
                if (!head.next()) {
                    throw new java.sql.SQLException("the audit chain has no head row; the V5 migration did not run");
                }
                seq = head.getLong(1);
                previous = head.getString(2);
                from = new AuditChain.Head(seq, previous);
            }
            PreparedStatement insert = writes.statement(INSERT);
            for (AuditEvent event : events) {
                seq++;
                String json = AuditChain.canonicalJson(seq, event);
                String hash = chain.link(previous, json);
                insert.setLong(1, seq);
                SqlTimes.set(insert, 2, event.at());
                insert.setString(3, event.requestId());
                insert.setString(4, event.decision().label());
                insert.setInt(5, event.status());
                insert.setString(6, event.clientId());
                insert.setString(7, event.subject());
                insert.setString(8, event.operation());
                insert.setString(9, json);
                insert.setString(10, previous);
                insert.setString(11, hash);
                insert.setString(12, AuditChain.HMAC_SHA256);
                insert.addBatch();
                previous = hash;
            }
            insert.executeBatch();
            PreparedStatement move = writes.statement(MOVE_HEAD);
            move.setLong(1, seq);
            move.setString(2, previous);
            move.executeUpdate();
            return new Extension(from, new AuditChain.Head(seq, previous));
        });
    }

    @Override
    public List<ChainedAuditRecord> after(long afterSeq, int limit) {
        return jdbc.run("read audit events", connection -> {
            try (PreparedStatement query = connection.prepareStatement(AFTER)) {
                query.setLong(1, afterSeq);
                query.setInt(2, limit);
                return read(query);
            }
        });
    }

    /**
     * Each criterion is a bound parameter; the order by seq keeps the chain's order. Only time and client are indexed
     * (V5): the other columns' indexes cost every request more than searches gain (V18, docs/AUDIT.md), so a request id
     * is found through its time ({@link AuditQuery#narrowedByRequestTime}) and a user or status within the window asked.
     */
    @Override
    public List<ChainedAuditRecord> find(AuditQuery asked, long afterSeq, int limit) {
        AuditQuery criteria = asked.narrowedByRequestTime().orElse(asked);
        StringBuilder sql = new StringBuilder(COLUMNS);
        criteria.requestId().ifPresent(v -> sql.append(" AND request_id = ?"));
        criteria.clientId().ifPresent(v -> sql.append(" AND client_id = ?"));
        criteria.subject().ifPresent(v -> sql.append(" AND subject = ?"));
        criteria.status().ifPresent(v -> sql.append(" AND status = ?"));
        criteria.since().ifPresent(v -> sql.append(" AND recorded_at >= ?"));
        criteria.until().ifPresent(v -> sql.append(" AND recorded_at < ?"));
        sql.append(" ORDER BY seq LIMIT ?");
        return jdbc.run("search audit events", connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                int i = 1;
                query.setLong(i++, afterSeq);
                if (criteria.requestId().isPresent()) {
                    query.setString(i++, criteria.requestId().get());
                }
                if (criteria.clientId().isPresent()) {
                    query.setString(i++, criteria.clientId().get());
                }
                if (criteria.subject().isPresent()) {
                    query.setString(i++, criteria.subject().get());
                }
                if (criteria.status().isPresent()) {
                    query.setInt(i++, criteria.status().get());
                }
                if (criteria.since().isPresent()) {
                    SqlTimes.set(query, i++, criteria.since().get());
                }
                if (criteria.until().isPresent()) {
                    SqlTimes.set(query, i++, criteria.until().get());
                }
                query.setInt(i, limit);
                return read(query);
            }
        });
    }

    private static List<ChainedAuditRecord> read(PreparedStatement query) throws java.sql.SQLException {
        List<ChainedAuditRecord> records = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                records.add(new ChainedAuditRecord(row.getLong("seq"), SqlTimes.get(row, "recorded_at"),
                        row.getString("request_id"), row.getString("decision"), row.getInt("status"),
                        row.getString("client_id"), row.getString("subject"), row.getString("operation"),
                        row.getString("event_json"), row.getString("previous_hash"), row.getString("record_hash"),
                        row.getString("algorithm")));
            }
        }
        return records;
    }

    @Override
    public AuditChain.Head head() {
        return jdbc.run("read the audit chain head", connection -> {
            try (PreparedStatement query = connection.prepareStatement(HEAD); ResultSet row = query.executeQuery()) {
                return row.next() ? new AuditChain.Head(row.getLong(1), row.getString(2)) : AuditChain.Head.EMPTY;
            }
        });
    }
}
