package io.bulwark.store;

import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of every {@link Store} adapter: durable appends forming one hash chain, and a
 * verifier that finds an edited, removed or truncated record. Tampering is done the way an
 * intruder with database access would: plain SQL on the tables.
 */
abstract class AuditTrailContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    protected final MutableClock clock = new MutableClock(T0);
    protected Store store;

    protected abstract Store openStore(InstantSource clock);

    /** A plain JDBC connection to the same database, outside the store. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void open() {
        store = openStore(clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    protected static AuditEvent event(int n, AuditDecision decision) {
        return new AuditEvent(T0.plusSeconds(n), "request-" + n, decision, decision == AuditDecision.ALLOWED ? null : "invalid_body",
                decision == AuditDecision.ALLOWED ? null : "invalid-request-body", decision == AuditDecision.ALLOWED ? 200 : 400,
                "GET", "/bank/v1/accounts/a" + n, "bank", "getAccount", Map.of("accountId", "a" + n), "alice", "partner",
                "127.0.0.1", 0, 120, 800);
    }

    private void appendMany(int count) {
        for (int i = 1; i <= count; i++) {
            store.auditTrail().append(event(i, i % 2 == 0 ? AuditDecision.REFUSED : AuditDecision.ALLOWED));
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.executeUpdate(statement);
        }
    }

    @Test
    void appendedEventsAreReadBackInOneIntactChain() {
        appendMany(5);

        List<ChainedAuditRecord> records = store.auditRecords().after(0, 100);
        assertThat(records).extracting(ChainedAuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records.getFirst().previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(records.get(1).previousHash()).isEqualTo(records.getFirst().hash());
        assertThat(records.get(1).decision()).isEqualTo("refused");
        assertThat(records.get(1).eventJson()).contains("\"reason\":\"invalid_body\"", "\"objects\":{\"accountId\":\"a2\"}",
                "\"client_id\":\"partner\"", "\"sub\":\"alice\"", "\"latency_us\":800");
        assertThat(records.getFirst().recordedAt()).isEqualTo(T0.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(store.auditRecords().head()).isEqualTo(new AuditChain.Head(5, records.getLast().hash()));
        assertThat(AuditChainVerifier.verify(store.auditRecords())).satisfies(result -> {
            assertThat(result.intact()).isTrue();
            assertThat(result.verified()).isEqualTo(5);
        });
    }

    @Test
    void concurrentAppendsFormOneChainWithoutGapsOrForks() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                int n = i;
                done.add(threads.submit(() -> store.auditTrail().append(event(n, AuditDecision.ALLOWED))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        assertThat(store.auditRecords().head().seq()).isEqualTo(200);
        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.verified()).isEqualTo(200);
    }

    @Test
    void anEditedEventIsDetected() throws SQLException {
        appendMany(5);
        sql("UPDATE audit_events SET event_json = REPLACE(event_json, '\"refused\"', '\"allowed\"') WHERE seq = 4");

        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(4);
        assertThat(result.verified()).isEqualTo(3);
        assertThat(result.problem()).contains("content was edited");
    }

    @Test
    void anEditedQueryColumnIsDetected() throws SQLException {
        appendMany(5);
        sql("UPDATE audit_events SET client_id = 'someone-else' WHERE seq = 2");

        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.brokenAt()).isEqualTo(2);
        assertThat(result.problem()).contains("columns");
    }

    @Test
    void aRehashedEditBreaksTheLinkOfTheNextRecord() throws SQLException {
        appendMany(5);
        ChainedAuditRecord second = store.auditRecords().after(1, 1).getFirst();
        String forged = second.eventJson().replace("\"refused\"", "\"allowed\"");
        sql("UPDATE audit_events SET event_json = '" + forged + "', decision = 'allowed', record_hash = '"
                + AuditChain.link(second.previousHash(), forged) + "' WHERE seq = 2");

        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.brokenAt()).isEqualTo(3);
        assertThat(result.problem()).contains("does not link");
    }

    @Test
    void aDeletedRecordIsDetected() throws SQLException {
        appendMany(5);
        sql("DELETE FROM audit_events WHERE seq = 3");

        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.brokenAt()).isEqualTo(3);
        assertThat(result.problem()).contains("record 3 is missing");
    }

    @Test
    void aTruncatedEndIsDetected() throws SQLException {
        appendMany(5);
        sql("DELETE FROM audit_events WHERE seq >= 4");

        AuditChainVerifier.Result result = AuditChainVerifier.verify(store.auditRecords());
        assertThat(result.intact()).isFalse();
        assertThat(result.verified()).isEqualTo(3);
        assertThat(result.problem()).contains("removed from the end");
    }

    @Test
    void aReopenedStoreExtendsTheSameChain() {
        appendMany(3);
        store.close();
        store = openStore(clock);
        store.auditTrail().append(event(4, AuditDecision.ALLOWED));

        assertThat(store.auditRecords().head().seq()).isEqualTo(4);
        assertThat(AuditChainVerifier.verify(store.auditRecords()).intact()).isTrue();
    }

    @Test
    void storedEventsNeverCarryAFullPanOrAToken() {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        store.auditTrail().append(new AuditEvent(T0, "r-1", AuditDecision.REFUSED, "invalid_parameter", "invalid-request-parameter", 400,
                "GET", "/cards/4111111111111111/" + jwt, "cards", "getCard", Map.of("cardId", "4111 1111 1111 1111"),
                null, null, "127.0.0.1", 0, 90, 10));

        String json = store.auditRecords().after(0, 1).getFirst().eventJson();
        assertThat(json).doesNotContain("4111111111111111", "4111 1111 1111 1111", jwt, "eyJ")
                .contains("************1111", "[jwt]");
    }
}
