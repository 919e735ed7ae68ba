package io.bulwark.store;

import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of every {@link Store} adapter: durable appends forming one keyed chain, and a
 * verifier that finds an edited, removed, inserted, reordered or truncated record. Tampering is done
 * the way an intruder with database access but without the master key would: plain SQL on the tables,
 * and where it helps the intruder, the chain's hashes computed again, with plain SHA-256 as before the
 * chain was keyed, or with HMAC-SHA256 under a key of their own.
 */
abstract class AuditTrailContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final BinaryOperator<String> PLAIN_SHA256 = AuditTrailContractTest::sha256Link;

    protected final MutableClock clock = new MutableClock(T0);
    protected final MasterKey masterKey = MasterKey.fromBytes(filled((byte) 7));
    protected Store store;
    protected GroupCommitAuditTrail trail;
    protected AuditIntegrity integrity;

    @TempDir
    Path nodeData;

    protected abstract Store openStore(InstantSource clock);

    /** A plain JDBC connection to the same database, outside the store. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void open() {
        integrity = AuditIntegrity.of(masterKey, nodeData);
        store = openStore(clock);
        trail = integrity.trail(store.auditWriter());
    }

    @AfterEach
    void close() {
        if (trail != null) {
            trail.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[MasterKey.LENGTH];
        Arrays.fill(bytes, value);
        return bytes;
    }

    protected static AuditEvent event(int n, AuditDecision decision) {
        return new AuditEvent(T0.plusSeconds(n), "request-" + n, decision, decision == AuditDecision.ALLOWED ? null : "invalid_body",
                decision == AuditDecision.ALLOWED ? null : "invalid-request-body", decision == AuditDecision.ALLOWED ? 200 : 400,
                "GET", "/bank/v1/accounts/a" + n, "bank", "getAccount", Map.of("accountId", "a" + n), "alice", "partner",
                "127.0.0.1", 0, 120, 800, java.util.OptionalLong.empty());
    }

    private void appendMany(int count) {
        for (int i = 1; i <= count; i++) {
            trail.append(event(i, i % 2 == 0 ? AuditDecision.REFUSED : AuditDecision.ALLOWED));
        }
    }

    private AuditChainVerifier.Result verify() {
        return integrity.verifier().verify(store.auditRecords());
    }

    private List<ChainedAuditRecord> records() {
        return store.auditRecords().after(0, 1_000);
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.executeUpdate(statement);
        }
    }

    private static String sha256Link(String previous, String json) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((previous + "\n").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 as Bulwark computes it, but under a key the intruder chose: the master key is not in the database. */
    private static BinaryOperator<String> wrongKeyMac() {
        AuditChain forger = AuditIntegrity.of(MasterKey.fromBytes(filled((byte) 9)), Path.of("unused")).chain();
        return forger::link;
    }

    /**
     * What an intruder with the database does to hide a change: the records from {@code fromSeq} on are replaced by
     * {@code rows} (from that position of the list), numbered again, each linked to the one before with {@code link},
     * labelled {@code algorithm}, and the head row moved to the new end.
     */
    private void forge(List<ChainedAuditRecord> rows, long fromSeq, BinaryOperator<String> link, String algorithm) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            String previous = AuditChain.GENESIS;
            if (fromSeq > 1) {
                previous = records().get((int) fromSeq - 2).hash();
            }
            try (Statement delete = connection.createStatement()) {
                delete.executeUpdate("DELETE FROM audit_events WHERE seq >= " + fromSeq);
            }
            long seq = fromSeq - 1;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_events (seq, recorded_at, request_id, decision, status, client_id, subject, operation,
                                              event_json, previous_hash, record_hash, algorithm)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (ChainedAuditRecord row : rows.subList((int) fromSeq - 1, rows.size())) {
                    seq++;
                    String json = row.eventJson().replaceFirst("^\\{\"seq\":[0-9]+", "{\"seq\":" + seq);
                    String hash = link.apply(previous, json);
                    insert.setLong(1, seq);
                    insert.setObject(2, OffsetDateTime.ofInstant(row.recordedAt(), ZoneOffset.UTC));
                    insert.setString(3, row.requestId());
                    insert.setString(4, row.decision());
                    insert.setInt(5, row.status());
                    insert.setString(6, row.clientId());
                    insert.setString(7, row.subject());
                    insert.setString(8, row.operation());
                    insert.setString(9, json);
                    insert.setString(10, previous);
                    insert.setString(11, hash);
                    insert.setString(12, algorithm);
                    insert.executeUpdate();
                    previous = hash;
                }
            }
            try (PreparedStatement head = connection.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                head.setLong(1, seq);
                head.setString(2, previous);
                head.executeUpdate();
            }
            connection.commit();
        }
    }

    /** {@code record} with its decision turned from refused to allowed, in the JSON and in the column. */
    private static ChainedAuditRecord allowed(ChainedAuditRecord record) {
        return new ChainedAuditRecord(record.seq(), record.recordedAt(), record.requestId(), "allowed", record.status(), record.clientId(),
                record.subject(), record.operation(), record.eventJson().replace("\"refused\"", "\"allowed\""), record.previousHash(),
                record.hash(), record.algorithm());
    }

    private static void assertBrokenAt(AuditChainVerifier.Result result, long seq, String problem) {
        assertThat(result.intact()).as("the tampering is detected").isFalse();
        assertThat(result.brokenAt()).as(result.problem()).isEqualTo(seq);
        assertThat(result.verified()).isEqualTo(seq - 1);
        assertThat(result.problem()).contains(problem);
    }

    @Test
    void appendedEventsAreReadBackInOneIntactKeyedChain() {
        appendMany(5);

        List<ChainedAuditRecord> records = records();
        assertThat(records).extracting(ChainedAuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records).extracting(ChainedAuditRecord::algorithm).containsOnly(AuditChain.HMAC_SHA256);
        assertThat(records.getFirst().previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(records.get(1).previousHash()).isEqualTo(records.getFirst().hash());
        assertThat(records.get(1).hash()).isEqualTo(integrity.chain().link(records.get(1).previousHash(), records.get(1).eventJson()))
                .as("not the plain SHA-256 anyone can compute").isNotEqualTo(sha256Link(records.get(1).previousHash(), records.get(1).eventJson()));
        assertThat(records.get(1).decision()).isEqualTo("refused");
        assertThat(records.get(1).eventJson()).contains("\"reason\":\"invalid_body\"", "\"objects\":{\"accountId\":\"a2\"}",
                "\"client_id\":\"partner\"", "\"sub\":\"alice\"", "\"latency_us\":800");
        assertThat(records.getFirst().recordedAt()).isEqualTo(T0.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(store.auditRecords().head()).isEqualTo(new AuditChain.Head(5, records.getLast().hash()));
        assertThat(verify()).satisfies(result -> {
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.verified()).isEqualTo(5);
            assertThat(result.anchoredAt()).as("the tail anchor names the last record").isEqualTo(5);
        });
        assertThat(nodeData.resolve("audit-anchor")).exists();
    }

    @Test
    void concurrentAppendsFormOneChainWithoutGapsOrForks() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                int n = i;
                done.add(threads.submit(() -> trail.append(event(n, AuditDecision.ALLOWED))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        assertThat(store.auditRecords().head().seq()).isEqualTo(200);
        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.verified()).isEqualTo(200);
    }

    // --- edit ---

    @Test
    void aSecurityEventRecordJoinsTheChainAndAnEditOfItIsDetected() throws SQLException {
        appendMany(2);
        // As events.SecurityEventRecords writes a lockout: the type is the reason, the details the objects.
        trail.append(new AuditEvent(T0.plusSeconds(3), "lockout-3", AuditDecision.SECURITY_EVENT, "authentication_lockout", null, 0,
                null, null, null, null, Map.of("identity", "alice", "locked", "password"), null, null, "192.0.2.1", 0, 0, 0,
                java.util.OptionalLong.empty()));
        appendMany(1);

        ChainedAuditRecord lockout = records().get(2);
        assertThat(lockout.decision()).isEqualTo("security_event");
        assertThat(lockout.eventJson()).contains("\"reason\":\"authentication_lockout\"",
                "\"objects\":{\"identity\":\"alice\",\"locked\":\"password\"}");
        AuditChainVerifier.Result intact = verify();
        assertThat(intact.intact()).as(intact.problem()).isTrue();

        // Hiding whom a lockout was about breaks the chain like any other edit.
        sql("UPDATE audit_events SET event_json = REPLACE(event_json, '\"alice\"', '\"bob\"') WHERE seq = 3");
        assertBrokenAt(verify(), 3, "does not match its MAC");
    }

    @Test
    void anEditedEventIsDetected() throws SQLException {
        appendMany(5);
        sql("UPDATE audit_events SET event_json = REPLACE(event_json, '\"refused\"', '\"allowed\"') WHERE seq = 4");

        assertBrokenAt(verify(), 4, "does not match its MAC");
    }

    @Test
    void anEditedQueryColumnIsDetected() throws SQLException {
        appendMany(5);
        sql("UPDATE audit_events SET client_id = 'someone-else' WHERE seq = 2");

        assertBrokenAt(verify(), 2, "columns");
    }

    @Test
    void anEditWithThePlainSha256ChainComputedAgainIsDetected() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        rows.set(1, allowed(rows.get(1)));
        forge(rows, 2, PLAIN_SHA256, AuditChain.HMAC_SHA256);

        assertBrokenAt(verify(), 2, "does not match its MAC");
    }

    @Test
    void anEditRelabelledAsTheOldUnkeyedChainIsDetected() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        rows.set(1, allowed(rows.get(1)));
        forge(rows, 2, PLAIN_SHA256, AuditChain.LEGACY_SHA256);

        assertBrokenAt(verify(), 2, "claims the unkeyed sha256 after keyed records");
    }

    @Test
    void anEditWithTheChainMacedAgainUnderAnotherKeyIsDetected() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        rows.set(1, allowed(rows.get(1)));
        forge(rows, 2, wrongKeyMac(), AuditChain.HMAC_SHA256);

        assertBrokenAt(verify(), 2, "does not match its MAC");
    }

    @Test
    void theWholeChainRewrittenAsTheOldUnkeyedChainIsCaughtByTheTailAnchor() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        rows.set(1, allowed(rows.get(1)));
        forge(rows, 1, PLAIN_SHA256, AuditChain.LEGACY_SHA256);

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(5);
        assertThat(result.problem()).contains("not the record the tail anchor");
    }

    @Test
    void theWholeChainRewrittenAsTheOldUnkeyedChainIsCaughtWithoutTheTailAnchorToo() throws Exception {
        // As on an operator's host verifying a PostgreSQL store, or a node whose data folder was lost: no anchor file.
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        rows.set(1, allowed(rows.get(1)));
        forge(rows, 1, PLAIN_SHA256, AuditChain.LEGACY_SHA256);
        Files.delete(nodeData.resolve("audit-anchor"));

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(5);
        assertThat(result.problem()).contains("the newest record, 5, is not keyed");
    }

    @Test
    void recordsOfBeforeTheKeyedChainAreSealedAtTheFirstStartAndThenVerify() throws Exception {
        appendMany(3);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        // As V11 leaves a store written before it: every record unkeyed, and no anchor.
        forge(rows, 1, PLAIN_SHA256, AuditChain.LEGACY_SHA256);
        Files.delete(nodeData.resolve("audit-anchor"));
        assertThat(verify().problem()).contains("is not keyed");

        assertThat(io.bulwark.audit.LegacyChainSeal.sealIfUnkeyed(store.auditRecords(), trail, T0.plusSeconds(60))).isTrue();
        AuditChainVerifier.Result sealed = verify();
        assertThat(sealed.intact()).as(sealed.problem()).isTrue();
        assertThat(sealed.legacy()).isEqualTo(3);
        assertThat(sealed.verified()).isEqualTo(4);
        assertThat(io.bulwark.audit.LegacyChainSeal.sealIfUnkeyed(store.auditRecords(), trail, T0.plusSeconds(61))).as("once").isFalse();
    }

    // --- delete ---

    @Test
    void aDeletedRecordIsDetected() throws SQLException {
        appendMany(5);
        sql("DELETE FROM audit_events WHERE seq = 3");

        assertBrokenAt(verify(), 3, "record 3 is missing");
    }

    @Test
    void aDeletedRecordWithTheChainComputedAgainIsDetected() throws SQLException {
        appendMany(5);
        for (BinaryOperator<String> link : List.of(PLAIN_SHA256, wrongKeyMac())) {
            List<ChainedAuditRecord> rows = new ArrayList<>(records());
            rows.remove(2);
            forge(rows, 3, link, AuditChain.HMAC_SHA256);

            assertBrokenAt(verify(), 3, "does not match its MAC");
        }
    }

    // --- reorder ---

    @Test
    void swappedRecordsAreDetectedWithOrWithoutTheChainComputedAgain() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        sql("UPDATE audit_events SET seq = 0 WHERE seq = 2");
        sql("UPDATE audit_events SET seq = 2 WHERE seq = 3");
        sql("UPDATE audit_events SET seq = 3 WHERE seq = 0");
        assertBrokenAt(verify(), 2, "does not link");

        java.util.Collections.swap(rows, 1, 2);
        forge(rows, 2, PLAIN_SHA256, AuditChain.HMAC_SHA256);
        assertBrokenAt(verify(), 2, "does not match its MAC");
        forge(rows, 2, wrongKeyMac(), AuditChain.HMAC_SHA256);
        assertBrokenAt(verify(), 2, "does not match its MAC");
    }

    // --- insert ---

    @Test
    void anInsertedRecordIsDetectedInTheMiddleAndAtTheEnd() throws SQLException {
        appendMany(5);
        List<ChainedAuditRecord> rows = new ArrayList<>(records());
        List<ChainedAuditRecord> withForgery = new ArrayList<>(rows);
        withForgery.add(2, rows.get(0));
        forge(withForgery, 3, PLAIN_SHA256, AuditChain.HMAC_SHA256);
        assertBrokenAt(verify(), 3, "does not match its MAC");

        forge(withForgery, 3, wrongKeyMac(), AuditChain.HMAC_SHA256);
        assertBrokenAt(verify(), 3, "does not match its MAC");

        // Put the genuine chain back (the intruder kept a copy), then append one forged record after it.
        sql("DELETE FROM audit_events WHERE seq >= 3");
        List<ChainedAuditRecord> appended = new ArrayList<>(rows);
        appended.add(rows.get(0));
        forge(appended, 3, (previous, json) -> {
            String genuine = rows.stream().filter(r -> r.previousHash().equals(previous)).map(ChainedAuditRecord::hash).findFirst().orElse(null);
            return genuine != null ? genuine : wrongKeyMac().apply(previous, json);
        }, AuditChain.HMAC_SHA256);
        assertBrokenAt(verify(), 6, "does not match its MAC");
    }

    @Test
    void aRecordInsertedBeyondTheHeadIsDetected() throws SQLException {
        appendMany(5);
        sql("""
                INSERT INTO audit_events (seq, recorded_at, request_id, decision, status, client_id, subject, operation, event_json,
                                          previous_hash, record_hash, algorithm)
                SELECT 6, recorded_at, request_id, decision, status, client_id, subject, operation, event_json, record_hash, record_hash,
                       algorithm FROM audit_events WHERE seq = 5""");

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(6);
        assertThat(result.problem()).contains("beyond the chain's head");
    }

    // --- truncate ---

    @Test
    void aTruncatedEndIsDetected() throws SQLException {
        appendMany(5);
        sql("DELETE FROM audit_events WHERE seq >= 4");

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.verified()).isEqualTo(3);
        assertThat(result.problem()).contains("removed from the end");
    }

    @Test
    void aTruncatedEndWithTheHeadRowMovedBackIsCaughtByTheTailAnchor() throws SQLException {
        appendMany(5);
        String third = records().get(2).hash();
        sql("DELETE FROM audit_events WHERE seq >= 4");
        sql("UPDATE audit_chain_head SET last_seq = 3, last_hash = '" + third + "' WHERE id = 1");

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.verified()).isEqualTo(3);
        assertThat(result.problem()).contains("tail anchor").contains("names record 5").contains("removed from the end");
    }

    @Test
    void aTruncatedEndOverwrittenByNewRecordsStaysDetected() throws SQLException {
        appendMany(5);
        String third = records().get(2).hash();
        sql("DELETE FROM audit_events WHERE seq >= 4");
        sql("UPDATE audit_chain_head SET last_seq = 3, last_hash = '" + third + "' WHERE id = 1");
        // The node goes on writing: records 4, 5 and 6 are genuine new ones, keyed and linked.
        trail.append(event(10, AuditDecision.ALLOWED));
        trail.append(event(11, AuditDecision.ALLOWED));
        trail.append(event(12, AuditDecision.ALLOWED));

        assertBrokenAt(verify(), 5, "not the record the tail anchor");
    }

    @Test
    void anEditedTailAnchorIsDetected() throws Exception {
        appendMany(3);
        Path anchor = nodeData.resolve("audit-anchor");
        String[] parts = Files.readString(anchor).trim().split(" ");
        Files.writeString(anchor, parts[0] + " " + parts[1] + " 2 " + records().get(1).hash() + " " + parts[4] + "\n");

        AuditChainVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).contains("audit-anchor").contains("does not match its MAC");
    }

    // --- the tail, as a running node checks it ---

    @Test
    void theTailCheckFindsAnEditAmongTheNewestRecords() throws SQLException {
        appendMany(8);
        assertThat(integrity.verifier().verifyTail(store.auditRecords(), 3).intact()).isTrue();
        sql("UPDATE audit_events SET event_json = REPLACE(event_json, '\"refused\"', '\"allowed\"') WHERE seq = 8");

        AuditChainVerifier.Result result = integrity.verifier().verifyTail(store.auditRecords(), 3);
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(8);
    }

    // --- records written before the chain was keyed ---

    @Test
    void recordsOfTheOldSha256ChainAreVerifiedAndSealedByTheFirstKeyedRecord() throws SQLException {
        // Rows as the release before V11 wrote them: plain SHA-256, labelled so by the migration.
        List<ChainedAuditRecord> old = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            AuditEvent event = event(n, n == 2 ? AuditDecision.REFUSED : AuditDecision.ALLOWED);
            old.add(new ChainedAuditRecord(n, event.at(), event.requestId(), event.decision().label(), event.status(), event.clientId(),
                    event.subject(), event.operation(), AuditChain.canonicalJson(n, event), null, null, AuditChain.LEGACY_SHA256));
        }
        forge(old, 1, PLAIN_SHA256, AuditChain.LEGACY_SHA256);
        trail.append(event(4, AuditDecision.ALLOWED));
        trail.append(event(5, AuditDecision.ALLOWED));

        AuditChainVerifier.Result upgraded = verify();
        assertThat(upgraded.intact()).as(upgraded.problem()).isTrue();
        assertThat(upgraded.verified()).isEqualTo(5);
        assertThat(upgraded.legacy()).isEqualTo(3);
        assertThat(records()).extracting(ChainedAuditRecord::algorithm)
                .containsExactly("sha256", "sha256", "sha256", "hmac-sha256", "hmac-sha256");

        // An old record edited now, with the old chain computed again up to the keyed records: the first of them no longer links.
        List<ChainedAuditRecord> rows = records();
        String second = rows.get(1).eventJson().replace("\"refused\"", "\"allowed\"");
        String secondHash = sha256Link(rows.get(0).hash(), second);
        String thirdHash = sha256Link(secondHash, rows.get(2).eventJson());
        sql("UPDATE audit_events SET event_json = '" + second + "', decision = 'allowed', record_hash = '" + secondHash + "' WHERE seq = 2");
        sql("UPDATE audit_events SET previous_hash = '" + secondHash + "', record_hash = '" + thirdHash + "' WHERE seq = 3");
        assertBrokenAt(verify(), 4, "does not link");
    }

    @Test
    void aReopenedStoreExtendsTheSameChain() {
        appendMany(3);
        trail.close();
        store.close();
        store = openStore(clock);
        trail = integrity.trail(store.auditWriter());
        trail.append(event(4, AuditDecision.ALLOWED));

        assertThat(store.auditRecords().head().seq()).isEqualTo(4);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void storedEventsNeverCarryAFullPanOrAToken() {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        trail.append(new AuditEvent(T0, "r-1", AuditDecision.REFUSED, "invalid_parameter", "invalid-request-parameter", 400,
                "GET", "/cards/4111111111111111/" + jwt, "cards", "getCard", Map.of("cardId", "4111 1111 1111 1111"),
                null, null, "127.0.0.1", 0, 90, 10, java.util.OptionalLong.empty()));

        String json = store.auditRecords().after(0, 1).getFirst().eventJson();
        assertThat(json).doesNotContain("4111111111111111", "4111 1111 1111 1111", jwt, "eyJ")
                .contains("************1111", "[jwt]");
    }
}
