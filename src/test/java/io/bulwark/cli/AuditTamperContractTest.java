package io.bulwark.cli;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditCheckpointSigner;
import io.bulwark.audit.AuditCheckpointer;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.config.AuditConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.AuditCheckpointing;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bulwark audit verify} (the real command, through picocli) against a real store an intruder tampered with by
 * plain SQL: each tampering is found, with exit status 1 and the first bad record or checkpoint named. Twelve gateway
 * requests are written as a node writes them (keyed chain, tail anchor) with signed checkpoints after records 5, 10 and
 * 12, exported to a JSON Lines file too. Subclasses give the store: H2 (embedded) and PostgreSQL.
 */
abstract class AuditTamperContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** The CLI's arguments that name the deployment: {@code --data-dir D} or {@code --config F}. */
    protected abstract List<String> target();

    /** The deployment's data folder (tail anchor, exported checkpoints). */
    protected abstract Path dataDir();

    /** Prepares an empty deployment (master key, data folder, configuration); called before each test. */
    protected abstract void prepare() throws Exception;

    /** The deployment's store, opened as its node opens it. */
    protected abstract JdbcStore openStore();

    /** A plain JDBC connection to the store's tables, as an intruder with the database has. */
    protected abstract Connection connect() throws Exception;

    protected MasterKey masterKey() {
        return MasterKey.createIfMissing(dataDir().resolve("master.key"));
    }

    protected Path checkpointFile() {
        return dataDir().resolve("audit-checkpoints.jsonl");
    }

    protected record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    protected Run bulwark(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(target());
        return run(all.toArray(String[]::new));
    }

    static synchronized Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = BulwarkCli.commandLine().setErr(new PrintWriter(picocliErr, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @BeforeEach
    void writeTwelveRequestsWithCheckpoints() throws Exception {
        prepare();
        MasterKey key = masterKey();
        Clock clock = Clock.systemUTC();
        try (JdbcStore store = openStore();
             GroupCommitAuditTrail trail = AuditIntegrity.of(key, dataDir()).trail(store.auditWriter())) {
            AuditCheckpointer checkpointer = AuditCheckpointing.checkpointer(
                    new AuditConfig(5, Duration.ofHours(1), Optional.of(checkpointFile()), Optional.empty()), store,
                    AuditCheckpointing.keys(store, new AesGcmKeySealer(key), clock, Duration.ofMinutes(10)), trail::lastCommitted,
                    event -> { }, clock);
            for (int n = 1; n <= 12; n++) {
                trail.append(request(n));
                if (n == 5 || n == 10 || n == 12) {
                    assertThat(checkpointer.checkpointIfDue().or(checkpointer::checkpointNow)).isPresent();
                }
            }
        }
    }

    /** Request n: alice through partner, except 4 (bob, refused 403) and 9 (no token, 401). */
    private static AuditEvent request(int n) {
        boolean refused = n == 4 || n == 9;
        return new AuditEvent(T0.plusSeconds(n * 60L), "request-" + n, refused ? AuditDecision.REFUSED : AuditDecision.ALLOWED,
                n == 4 ? "insufficient_scope" : n == 9 ? "invalid_token" : null, refused ? "refused" : null,
                n == 4 ? 403 : n == 9 ? 401 : 200, "GET", "/bank/v1/accounts/acc-" + n, "bank", "getAccount", Map.of("accountId", "acc-" + n),
                n == 9 ? null : n == 4 ? "bob" : "alice", n == 9 ? null : "partner", "127.0.0.1", 0, 100, 500, java.util.OptionalLong.empty());
    }

    protected void sql(String... statements) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.executeUpdate(each);
            }
        }
    }

    protected List<ChainedAuditRecord> records() {
        try (JdbcStore store = openStore()) {
            return store.auditRecords().after(0, 1_000);
        }
    }

    /** The intruder also owns the data folder (or the anchor lives on another node): only the checkpoints are left. */
    protected void removeAnchor() throws Exception {
        Files.deleteIfExists(dataDir().resolve("audit-anchor"));
    }

    @Test
    void anIntactChainPassesWholeAndInRangesAndARangeBeyondTheEndIsNamed() {
        Run whole = bulwark("audit", "verify");
        assertThat(whole.exit()).as(whole.all()).isZero();
        assertThat(whole.out()).contains("Audit chain intact: 12 records verified").contains("tail anchor (record 12)")
                .contains("Checkpoints intact: 3 of 3 in the store verified").contains("the newest vouches for record 12");

        Run range = bulwark("audit", "verify", "--from", "3", "--to", "7");
        assertThat(range.exit()).as(range.all()).isZero();
        assertThat(range.out()).contains("Audit chain intact: 5 records verified (records 3 to 7)")
                .contains("Checkpoints intact: 1 of").contains("vouches for record 5");

        Run fromFile = bulwark("audit", "verify", "--checkpoints", checkpointFile().toString());
        assertThat(fromFile.exit()).as(fromFile.all()).isZero();
        // The two runs before were recorded and checkpointed at once (10.2.1.3): records 13 and 14.
        assertThat(fromFile.out()).contains("Checkpoints intact: 5 of 5 in " + checkpointFile()).contains("vouches for record 14");

        Run beyond = bulwark("audit", "verify", "--from", "2", "--to", "500");
        assertThat(beyond.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(beyond.err()).contains("the audit chain ends at record").contains("--to 500 lies beyond it").contains("verify up to --to");

        Run backwards = bulwark("audit", "verify", "--from", "7", "--to", "3");
        assertThat(backwards.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(backwards.err()).contains("--from at most --to");

        Run noFile = bulwark("audit", "verify", "--checkpoints", dataDir().resolve("nowhere.jsonl").toString());
        assertThat(noFile.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(noFile.err()).contains("cannot read the checkpoint file");
    }

    @Test
    void anEditedFieldIsNamed() throws Exception {
        ChainedAuditRecord fourth = records().get(3);
        sql("UPDATE audit_events SET event_json = '" + fourth.eventJson().replace("\"status\":403", "\"status\":200")
                .replace("\"refused\"", "\"allowed\"") + "', status = 200, decision = 'allowed' WHERE seq = 4");

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("Audit chain TAMPERED: 3 records verified before record 4")
                .contains("First broken record: 4: record 4 does not match its MAC");
    }

    @Test
    void aDeletedRecordIsNamed() throws Exception {
        sql("DELETE FROM audit_events WHERE seq = 6");

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("First broken record: 6: record 6 is missing");
        // The checkpoint of record 5 still holds; the chain names the break.
    }

    @Test
    void twoReorderedRecordsAreNamed() throws Exception {
        sql("UPDATE audit_events SET seq = -3 WHERE seq = 3", "UPDATE audit_events SET seq = 3 WHERE seq = 4",
                "UPDATE audit_events SET seq = 4 WHERE seq = -3");

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("First broken record: 3: record 3 does not link to the record before it");
    }

    @Test
    void aForgedInsertedRecordIsNamed() throws Exception {
        ChainedAuditRecord fourth = records().get(3);
        // Records from 5 on move up by one; a forged record 5 links to record 4, its hash the best an intruder without the key has.
        String forgedJson = fourth.eventJson().replace("\"seq\":4", "\"seq\":5").replace("request-4", "forged");
        sql("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 5", "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000",
                "INSERT INTO audit_events (seq, recorded_at, request_id, decision, status, client_id, subject, operation, event_json,"
                        + " previous_hash, record_hash, algorithm) SELECT 5, recorded_at, 'forged', decision, status, client_id, subject,"
                        + " operation, '" + forgedJson + "', '" + fourth.hash() + "', '" + sha256(fourth.hash(), forgedJson)
                        + "', 'hmac-sha256' FROM audit_events WHERE seq = 4",
                "UPDATE audit_chain_head SET last_seq = 13 WHERE id = 1");

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("First broken record: 5: record 5 does not match its MAC");
    }

    @Test
    void aTruncatedTailIsNamedByTheCheckpointsWithoutTheAnchor() throws Exception {
        String eighth = records().get(7).hash();
        sql("DELETE FROM audit_events WHERE seq > 8", "UPDATE audit_chain_head SET last_seq = 8, last_hash = '" + eighth + "' WHERE id = 1");
        removeAnchor();

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("Audit chain intact: 8 records verified")
                .contains("First bad checkpoint (record 10): the chain ends at record 8 but the checkpoint signed at")
                .contains("vouches for record 10: records were removed from the end");
    }

    @Test
    void aTruncatedTailWithTheStoresCheckpointsDeletedIsNamedByTheExportedFile() throws Exception {
        String eighth = records().get(7).hash();
        sql("DELETE FROM audit_events WHERE seq > 8", "UPDATE audit_chain_head SET last_seq = 8, last_hash = '" + eighth + "' WHERE id = 1",
                "DELETE FROM audit_checkpoints WHERE seq > 8");
        removeAnchor();

        Run run = bulwark("audit", "verify", "--checkpoints", checkpointFile().toString());
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("First bad checkpoint (record 10): the chain ends at record 8");
    }

    @Test
    void aChainRewrittenWithTheChainKeyButWithoutTheAuditKeyIsNamedByTheCheckpoints() throws Exception {
        rewriteFromRecord3();

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).as("the rewrite is consistent with the chain hashing").contains("Audit chain intact: 12 records verified")
                .contains("First bad checkpoint (record 5): record 5 is not the record the checkpoint signed at")
                .contains("the chain was rewritten up to it");
    }

    @Test
    void aRewrittenChainWithCheckpointsForgedUnderAnIntrudersKeyIsNamed() throws Exception {
        rewriteFromRecord3();
        // The intruder replaces the stored checkpoints with ones signed by a key of their own, added to signing_keys.
        ECKey intruder = JwtFactory.ecKey("intruder-key");
        List<String> statements = new ArrayList<>(List.of("DELETE FROM audit_checkpoints",
                "INSERT INTO signing_keys (key_id, algorithm, public_jwk_json, sealed_private_jwk, created_at, activated_at, purpose) VALUES "
                        + "('intruder-key', 'ES256', '" + intruder.toPublicJWK().toJSONString() + "', 'not-sealed', "
                        + "TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00', 'audit-checkpoint')"));
        List<ChainedAuditRecord> rewritten = records();
        for (int seq : new int[] {5, 10, 12}) {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("intruder-key")
                    .type(new JOSEObjectType(AuditCheckpointSigner.TYPE.getType())).build(),
                    new Payload(Map.of("seq", seq, "hash", rewritten.get(seq - 1).hash(), "iat", 1_772_000_000L)));
            jws.sign(new ECDSASigner(intruder));
            statements.add("INSERT INTO audit_checkpoints (seq, record_hash, signed_at, key_id, jws) VALUES (" + seq + ", '"
                    + rewritten.get(seq - 1).hash() + "', TIMESTAMP '2026-03-01 12:00:00', 'intruder-key', '" + jws.serialize() + "')");
        }
        sql(statements.toArray(String[]::new));

        Run run = bulwark("audit", "verify");
        assertThat(run.exit()).as(run.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.out()).contains("First bad checkpoint: checkpoint 1 of the store is signed by key intruder-key, which is not an "
                + "audit-checkpoint key of this deployment: it was forged");

        Run againstFile = bulwark("audit", "verify", "--checkpoints", checkpointFile().toString());
        assertThat(againstFile.exit()).as(againstFile.all()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(againstFile.out()).contains("First bad checkpoint (record 5): record 5 is not the record the checkpoint");
    }

    /**
     * Request 4's refusal turned into an allowed request, and every record from 3 on hashed again with the chain's own key: the
     * worst case for the chain (its key leaked, say) and the one the checkpoints are for. The anchor is removed too.
     */
    private void rewriteFromRecord3() throws Exception {
        List<ChainedAuditRecord> records = records();
        AuditChain chain = new AuditChain(masterKey().deriveHmacKey(AuditChain.KEY_PURPOSE));
        List<String> statements = new ArrayList<>();
        String previous = records.get(1).hash();
        for (ChainedAuditRecord record : records.subList(2, 12)) {
            String json = record.seq() == 4 ? record.eventJson().replace("\"refused\"", "\"allowed\"") : record.eventJson();
            String hash = chain.link(previous, json);
            statements.add("UPDATE audit_events SET event_json = '" + json + "', decision = '" + (record.seq() == 4 ? "allowed" : record.decision())
                    + "', previous_hash = '" + previous + "', record_hash = '" + hash + "' WHERE seq = " + record.seq());
            previous = hash;
        }
        statements.add("UPDATE audit_chain_head SET last_hash = '" + previous + "' WHERE id = 1");
        sql(statements.toArray(String[]::new));
        removeAnchor();
    }

    @Test
    void exportWritesOneJsonObjectPerRecordAndABadSinceNamesTheFix() throws Exception {
        Path file = dataDir().resolve("export.jsonl");
        Run export = bulwark("audit", "export", "--since", "2026-03-01T10:03:00Z", "--until", "2026-03-01T10:06:00Z", "--format", "jsonl",
                "--output", file.toString());
        assertThat(export.exit()).as(export.all()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).startsWith("{\"seq\":3,").contains("\"request_id\":\"request-3\"").contains("\"record_hash\":\"");
        assertThat(lines.get(1)).contains("\"reason\":\"insufficient_scope\"").contains("\"status\":403");

        Run toStdout = bulwark("audit", "export", "--since", "P3650D");
        assertThat(toStdout.exit()).as(toStdout.all()).isZero();
        assertThat(toStdout.out().lines().count()).isGreaterThanOrEqualTo(12);

        Run bad = bulwark("audit", "export", "--since", "yesterday");
        assertThat(bad.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(bad.err()).contains("--since `yesterday` is neither an instant nor a duration")
                .contains("such as 2026-03-01T10:00:00Z").contains("24h");
        Run badFormat = bulwark("audit", "export", "--since", "1h", "--format", "csv");
        assertThat(badFormat.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(badFormat.err()).contains("use --format jsonl");
    }

    @Test
    void searchFindsRecordsByRequestClientUserStatusAndTime() {
        Run byRequest = bulwark("audit", "search", "--request-id", "request-7");
        assertThat(byRequest.exit()).as(byRequest.all()).isZero();
        assertThat(byRequest.out()).contains("request-7").doesNotContain("request-8");
        assertThat(byRequest.err()).contains("1 audit records matched");

        Run byUserAndStatus = bulwark("audit", "search", "--user", "bob", "--status", "403", "--format", "jsonl");
        assertThat(byUserAndStatus.out().lines().toList()).singleElement().asString().contains("\"request_id\":\"request-4\"");

        Run byClientAndTime = bulwark("audit", "search", "--client", "partner", "--since", "2026-03-01T10:10:00Z", "--until",
                "2026-03-01T10:12:00Z");
        assertThat(byClientAndTime.out()).contains("request-10").contains("request-11").doesNotContain("request-12");

        Run unauthenticated = bulwark("audit", "search", "--status", "401");
        assertThat(unauthenticated.out()).contains("request-9").contains("invalid_token");

        Run bad = bulwark("audit", "search", "--since", "last tuesday");
        assertThat(bad.exit()).isEqualTo(AuditCommand.COULD_NOT_RUN);
        assertThat(bad.err()).contains("is neither an instant nor a duration");
    }

    private static String sha256(String previous, String json) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((previous + "\n").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
    }
}
