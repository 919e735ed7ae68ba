package io.bulwark.cli;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bulwark clients}, {@code bulwark keys} and {@code bulwark grants} against a demo data folder's embedded store. */
class OperatorCommandsTest {

    @TempDir
    Path dir;

    /** A demo data folder as {@code bulwark demo} lays it out (master key, certificates), without starting anything. */
    private Path demoData() {
        Path data = dir.resolve("data");
        DemoEnvironment.prepare(data, new DemoPorts(8443, 9443, 8444));
        return data;
    }

    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run bulwark(String... args) {
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

    private Path publicJwks(ECKey key) throws Exception {
        return Files.writeString(dir.resolve(key.getKeyID() + ".jwks.json"), new JWKSet(key.toPublicJWK()).toString());
    }

    @Test
    void theDemoRefusesANonPositiveRequestLimitBeforeStartingAnything() {
        Run run = bulwark("demo", "--data-dir", dir.resolve("never").toString(), "--requests-per-ip", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--requests-per-ip must be at least 1");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void clientsAreCreatedListedDisabledAndEnabled() throws Exception {
        Path data = demoData();
        Path jwks = publicJwks(JwtFactory.ecKey("partner-key"));

        Run created = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "partner", "--name", "Partner Ltd",
                "--jwks-file", jwks.toString(), "--scopes", "accounts:read,balances:read");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Registered client partner");

        assertThat(bulwark("clients", "list", "--data-dir", data.toString()).out())
                .containsPattern("partner\\s+enabled\\s+private_key_jwt\\s+dpop-or-mtls\\s+default\\s+no\\s+1 inline\\s+accounts:read balances:read");
        assertThat(bulwark("clients", "disable", "--data-dir", data.toString(), "partner").exit()).isZero();
        assertThat(bulwark("clients", "list", "--data-dir", data.toString()).out()).containsPattern("partner\\s+disabled");
        assertThat(bulwark("clients", "enable", "--data-dir", data.toString(), "partner").exit()).isZero();
        assertThat(bulwark("clients", "list", "--data-dir", data.toString()).out()).containsPattern("partner\\s+enabled");
    }

    @Test
    void badInputIsRefusedWithAMessageThatNamesTheFix() throws Exception {
        Path data = demoData();
        Path privateJwks = Files.writeString(dir.resolve("private.json"), new JWKSet(JwtFactory.ecKey("k")).toString(false));
        Run withPrivateKey = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "x", "--jwks-file",
                privateJwks.toString(), "--scopes", "accounts:read");
        assertThat(withPrivateKey.exit()).isEqualTo(2);
        assertThat(withPrivateKey.err()).contains("private key material").contains("publish only the public key");
        // The configuration's rules (FAPI 2.0 SP §5.4.1): no RSA key under 2048 bits, nothing but signing keys.
        Path weakJwks = Files.writeString(dir.resolve("weak.json"),
                new JWKSet(new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK()).toString());
        Run weak = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "x", "--jwks-file", weakJwks.toString(),
                "--scopes", "accounts:read");
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("--jwks-file").contains("weak.json").contains("1024 bits").contains("2048 bits or more");
        Path encJwks = Files.writeString(dir.resolve("enc.json"), new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("enc")
                .keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK()).toString());
        Run enc = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "x", "--jwks-file", encJwks.toString(),
                "--scopes", "accounts:read");
        assertThat(enc.exit()).isEqualTo(2);
        assertThat(enc.err()).contains("`use: enc`").contains("`use: sig`");

        Run unknown = bulwark("clients", "disable", "--data-dir", data.toString(), "nobody");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no client nobody").contains("bulwark clients list");

        Run neither = bulwark("clients", "list");
        assertThat(neither.exit()).isNotZero();
        assertThat(neither.err()).contains("--config").contains("--data-dir");
    }

    @Test
    void clientsCreateCanTurnOnRefreshTokenRotation() throws Exception {
        Path data = demoData();
        Run created = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "rotating", "--jwks-file",
                publicJwks(JwtFactory.ecKey("rotating-key")).toString(), "--scopes", "accounts:read", "--refresh-token-rotation");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("its refresh tokens rotate");
        assertThat(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "plain", "--jwks-file",
                publicJwks(JwtFactory.ecKey("plain-key")).toString(), "--scopes", "accounts:read").exit()).isZero();

        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.clients().find("rotating").orElseThrow().refreshTokenRotation()).isTrue();
            assertThat(store.clients().find("plain").orElseThrow().refreshTokenRotation()).isFalse();
        }
    }

    @Test
    void clientsCreateTakesTheWholeRegistrationAndUpdateChangesOnlyWhatIsGiven() throws Exception {
        Path data = demoData();
        Run created = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "app", "--name", "App Ltd",
                "--jwks-uri", "https://app.example.com/jwks.json", "--sender-constraint", "dpop",
                "--redirect-uri", "https://app.example.com/cb", "--redirect-uri", "https://app.example.com/cb2?x=1",
                "--authorization-details-types", "account_information,payment_initiation", "--access-token-lifetime", "10m",
                "--scopes", "accounts:read,payments:write");
        assertThat(created.exit()).as(created.err()).isZero();
        Run mtls = bulwark("clients", "create", "--data-dir", data.toString(), "--id", "pki", "--auth-method", "tls_client_auth",
                "--tls-client-auth-subject-dn", "CN=pki, O=PKI Ltd, C=GB", "--sender-constraint", "mtls", "--scopes", "accounts:read");
        assertThat(mtls.exit()).as(mtls.err()).isZero();

        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            RegisteredClient app = store.clients().find("app").orElseThrow();
            assertThat(app.jwksUri()).isEqualTo(URI.create("https://app.example.com/jwks.json"));
            assertThat(app.senderConstraint()).isEqualTo(SenderConstraint.DPOP);
            assertThat(app.redirectUris()).containsExactly("https://app.example.com/cb", "https://app.example.com/cb2?x=1");
            assertThat(app.authorizationDetailsTypes()).containsExactlyInAnyOrder("account_information", "payment_initiation");
            assertThat(app.tokenSettings()).isEqualTo(new TokenSettings(Duration.ofMinutes(10), false));
            assertThat(store.clients().find("pki").orElseThrow().tlsClientAuthSubjectDn()).isEqualTo("CN=pki, O=PKI Ltd, C=GB");
        }
        assertThat(bulwark("clients", "list", "--data-dir", data.toString()).out())
                .containsPattern("app\\s+enabled\\s+private_key_jwt\\s+dpop\\s+10m\\s+no\\s+https://app.example.com/jwks.json")
                .contains("redirect URI: https://app.example.com/cb2?x=1").contains("subject DN: CN=pki, O=PKI Ltd, C=GB")
                .contains("authorization details types: account_information payment_initiation");

        Run updated = bulwark("clients", "update", "--data-dir", data.toString(), "app", "--refresh-token-rotation", "true",
                "--access-token-lifetime", "default", "--scopes", "accounts:read");
        assertThat(updated.exit()).as(updated.err()).isZero();
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            RegisteredClient app = store.clients().find("app").orElseThrow();
            assertThat(app.tokenSettings()).isEqualTo(new TokenSettings(null, true));
            assertThat(app.scopes()).containsExactly("accounts:read");
            // What was not given is kept.
            assertThat(app.name()).isEqualTo("App Ltd");
            assertThat(app.jwksUri()).isEqualTo(URI.create("https://app.example.com/jwks.json"));
            assertThat(app.redirectUris()).hasSize(2);
            assertThat(app.senderConstraint()).isEqualTo(SenderConstraint.DPOP);
        }
        assertThat(bulwark("clients", "update", "--data-dir", data.toString(), "app", "--refresh-token-rotation", "false").exit()).isZero();
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.clients().find("app").orElseThrow().refreshTokenRotation()).isFalse();
        }
        Run nobody = bulwark("clients", "update", "--data-dir", data.toString(), "nobody", "--name", "x");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("no client nobody");
    }

    @Test
    void clientsAreRegisteredWithTheirGrantTypes() throws Exception {
        Path data = demoData();
        String jwks = publicJwks(JwtFactory.ecKey("k-grants")).toString();
        assertThat(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "app", "--jwks-file", jwks,
                "--redirect-uri", "https://app.example.com/cb", "--scopes", "accounts:read").exit()).isZero();
        assertThat(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "machine", "--jwks-file", jwks,
                "--scopes", "accounts:read").exit()).isZero();
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            // RFC 7591 §2: an app with redirect URIs acts for users only, unless client_credentials is listed for it.
            assertThat(store.clients().find("app").orElseThrow().grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
            assertThat(store.clients().find("machine").orElseThrow().grantTypes()).containsExactly("client_credentials");
        }
        Run updated = bulwark("clients", "update", "--data-dir", data.toString(), "app", "--grant-types",
                "authorization_code,client_credentials");
        assertThat(updated.exit()).as(updated.err()).isZero();
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.clients().find("app").orElseThrow().grantTypes()).containsExactlyInAnyOrder("authorization_code",
                    "client_credentials");
        }
        assertThat(bulwark("clients", "list", "--data-dir", data.toString()).out()).contains("grant types: authorization_code client_credentials");
        assertRefused(bulwark("clients", "update", "--data-dir", data.toString(), "machine", "--grant-types", "authorization_code"),
                "--grant-types", "redirect URI");
        assertRefused(bulwark("clients", "update", "--data-dir", data.toString(), "machine", "--grant-types", "implicit"),
                "--grant-types", "client_credentials");
    }

    @Test
    void aWrongRegistrationOptionIsNamedWithItsFixAndExitCode2() throws Exception {
        Path data = demoData();
        String jwks = publicJwks(JwtFactory.ecKey("k-opt")).toString();
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "c".repeat(256), "--jwks-file", jwks,
                "--scopes", "accounts:read"), "--id", "use 1 to 255 visible ASCII characters");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "two words", "--jwks-file", jwks,
                "--scopes", "accounts:read"), "--id", "is not a valid client id");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--auth-method", "client_secret_basic",
                "--scopes", "accounts:read"), "--auth-method", "FAPI 2.0");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--redirect-uri", "http://app.example.com/cb", "--scopes", "accounts:read"), "--redirect-uri", "https");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--redirect-uri", "https://app.example.com/cb#frag", "--scopes", "accounts:read"), "--redirect-uri", "fragment");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-uri", "http://app.example.com/jwks",
                "--scopes", "accounts:read"), "--jwks-uri", "https");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--jwks-uri", "https://app.example.com/jwks", "--scopes", "accounts:read"), "--jwks-uri", "not both");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--scopes", "accounts:read"),
                "--jwks-file", "--jwks-uri");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--access-token-lifetime", "2h", "--scopes", "accounts:read"), "--access-token-lifetime", "1m to 1h");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--sender-constraint", "bearer", "--scopes", "accounts:read"), "--sender-constraint", "dpop, mtls or dpop-or-mtls");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--auth-method", "tls_client_auth",
                "--scopes", "accounts:read"), "--tls-client-auth-subject-dn", "subject DN");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--authorization-details-types", "everything", "--scopes", "accounts:read"), "--authorization-details-types", "RFC 9396");
        // The consent page shows the name: a right-to-left override or a zero-width space would disguise it.
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--name", "Shop \u202Etlobal\u202C Ltd", "--scopes", "accounts:read"), "--name", "U+202E");
        assertRefused(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "s", "--jwks-file", jwks,
                "--name", "Pay\u200Bpal", "--scopes", "accounts:read"), "--name", "visible characters only");
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.clients().find("s")).isEmpty();
        }
        assertThat(bulwark("clients", "create", "--data-dir", data.toString(), "--id", "app2", "--jwks-file", jwks,
                "--scopes", "accounts:read").exit()).isZero();
        assertRefused(bulwark("clients", "update", "--data-dir", data.toString(), "app2", "--name", "App\u2066 Ltd"), "--name", "U+2066");
    }

    private static void assertRefused(Run run, String option, String fix) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(option).contains(fix);
    }

    @Test
    void grantsAreListedFilteredAndRevoked() {
        Path data = demoData();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            store.grants().create(new Grant("grant-alice-partner", "alice", "demo-partner", Set.of("accounts:read", "balances:read"),
                    List.of(), t0, null));
            store.grants().create(new Grant("grant-bob-partner", "bob", "demo-partner", Set.of("accounts:read"), List.of(),
                    t0.plusSeconds(1), null));
            store.grants().create(new Grant("grant-alice-readonly", "alice", "demo-readonly", Set.of("accounts:read"), List.of(),
                    t0.plusSeconds(2), null));
        }

        Run all = bulwark("grants", "list", "--data-dir", data.toString());
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).containsPattern("GRANT ID\\s+SUBJECT\\s+CLIENT\\s+STATE")
                .containsPattern("grant-alice-partner\\s+alice\\s+demo-partner\\s+active\\s+2026-03-01T10:00:00Z\\s+accounts:read balances:read")
                .contains("grant-bob-partner").contains("grant-alice-readonly");
        Run alices = bulwark("grants", "list", "--data-dir", data.toString(), "--subject", "alice");
        assertThat(alices.out()).contains("grant-alice-partner").contains("grant-alice-readonly").doesNotContain("grant-bob-partner");
        Run alicesAtPartner = bulwark("grants", "list", "--data-dir", data.toString(), "--subject", "alice", "--client", "demo-partner");
        assertThat(alicesAtPartner.out()).contains("grant-alice-partner").doesNotContain("grant-alice-readonly");

        Run revoked = bulwark("grants", "revoke", "--data-dir", data.toString(), "grant-alice-partner");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("Revoked grant grant-alice-partner (user alice, client demo-partner")
                .contains("refused at the gateway");
        assertThat(bulwark("grants", "list", "--data-dir", data.toString()).out())
                .containsPattern("grant-alice-partner\\s+alice\\s+demo-partner\\s+revoked")
                .containsPattern("grant-bob-partner\\s+bob\\s+demo-partner\\s+active");
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            assertThat(store.grants().find("grant-alice-partner").orElseThrow().revoked()).isTrue();
            assertThat(store.grants().find("grant-bob-partner").orElseThrow().revoked()).isFalse();
        }

        Run again = bulwark("grants", "revoke", "--data-dir", data.toString(), "grant-alice-partner");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already revoked");

        Run unknown = bulwark("grants", "revoke", "--data-dir", data.toString(), "no-such-grant");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no grant no-such-grant").contains("bulwark grants list");
    }

    @Test
    void keysRotateAddsAPublishedSuccessor() {
        Path data = demoData();
        assertThat(bulwark("keys", "list", "--data-dir", data.toString()).exit()).isZero();
        Run rotated = bulwark("keys", "rotate", "--data-dir", data.toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("is published now and signs from");
        assertThat(bulwark("keys", "list", "--data-dir", data.toString()).out().lines().filter(l -> l.contains("ES256")).count())
                .isEqualTo(2);
    }

    @Test
    void theGatewaysIdentityKeysRotateApartFromTheAccessTokenKeys() {
        Path data = demoData();
        bulwark("keys", "rotate", "--data-dir", data.toString());
        long accessTokenKeysBefore = bulwark("keys", "list", "--data-dir", data.toString()).out().lines().filter(l -> l.contains("ES256")).count();
        Run rotated = bulwark("keys", "rotate", "--purpose", "gateway-identity", "--data-dir", data.toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("is published now and signs from");
        long identityKeys = bulwark("keys", "list", "--purpose", "gateway-identity", "--data-dir", data.toString()).out().lines()
                .filter(l -> l.contains("ES256")).count();
        long accessTokenKeys = bulwark("keys", "list", "--data-dir", data.toString()).out().lines().filter(l -> l.contains("ES256")).count();
        assertThat(identityKeys).isGreaterThanOrEqualTo(1);
        assertThat(accessTokenKeys).as("the access-token keys are untouched").isEqualTo(accessTokenKeysBefore).isPositive();

        Run wrong = bulwark("keys", "rotate", "--purpose", "id-tokens", "--data-dir", data.toString());
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--purpose must be access-token, gateway-identity or audit-checkpoint");
    }

    @Test
    void aFolderWithoutAMasterKeyIsRefusedWithTheCommandThatMakesOne() {
        Run run = bulwark("clients", "list", "--data-dir", dir.resolve("empty").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("bulwark: master key file").contains("openssl rand -base64 32").doesNotContain("\tat ");
    }

    // --- bulwark audit verify ---

    /** Five gateway requests written to the demo folder's audit chain, as its node writes them (same key, same anchor). */
    private static void auditFiveRequests(Path data) {
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC());
             GroupCommitAuditTrail trail = AuditIntegrity.of(MasterKey.createIfMissing(data.resolve("master.key")), data)
                     .trail(store.auditWriter())) {
            for (int n = 1; n <= 5; n++) {
                trail.append(new AuditEvent(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(n), "request-" + n,
                        n == 3 ? AuditDecision.REFUSED : AuditDecision.ALLOWED, n == 3 ? "insufficient_scope" : null,
                        n == 3 ? "insufficient-scope" : null, n == 3 ? 403 : 200, "GET", "/bank/v1/accounts", "bank", "listAccounts",
                        Map.of(), "alice", "partner", "127.0.0.1", 0, 100, 500,
                        java.util.OptionalLong.empty()));
            }
        }
    }

    /** SQL on the demo folder's H2 file, as an intruder with the database (and not the master key) runs it. */
    private static void tamper(Path data, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("store/bulwark")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
             Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.executeUpdate(statement);
            }
        }
    }

    private static String sha256(String previous, String json) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((previous + "\n").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void auditVerifyCountsTheIntactRecordsAndNamesTheFirstEditedOneEvenWithTheHashesComputedAgain() throws Exception {
        Path data = demoData();
        auditFiveRequests(data);

        Run intact = bulwark("audit", "verify", "--data-dir", data.toString());
        assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("Audit chain intact: 5 records verified").contains("tail anchor (record 5)");

        // The refusal of request 3 turned into an allowed request, and the chain from it hashed again with plain SHA-256.
        List<ChainedAuditRecord> records;
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            records = store.auditRecords().after(0, 10);
        }
        List<String> statements = new java.util.ArrayList<>();
        String previous = records.get(1).hash();
        for (ChainedAuditRecord record : records.subList(2, 5)) {
            String json = record.eventJson().replace("\"refused\"", "\"allowed\"");
            String hash = sha256(previous, json);
            statements.add("UPDATE audit_events SET event_json = '" + json + "', decision = 'allowed', previous_hash = '" + previous
                    + "', record_hash = '" + hash + "' WHERE seq = " + record.seq());
            previous = hash;
        }
        statements.add("UPDATE audit_chain_head SET last_hash = '" + previous + "' WHERE id = 1");
        tamper(data, statements.toArray(String[]::new));

        Run tampered = bulwark("audit", "verify", "--data-dir", data.toString());
        assertThat(tampered.exit()).as(tampered.out() + tampered.err()).isEqualTo(1);
        assertThat(tampered.out()).contains("Audit chain TAMPERED: 2 records verified before record 3")
                .contains("First broken record: 3: record 3 does not match its MAC");
    }

    @Test
    void auditVerifyFindsTheNewestRecordsRemovedWithTheHeadMovedBack() throws Exception {
        Path data = demoData();
        auditFiveRequests(data);
        String third;
        try (JdbcStore store = JdbcStore.embedded(data, Clock.systemUTC())) {
            third = store.auditRecords().after(2, 1).getFirst().hash();
        }
        tamper(data, "DELETE FROM audit_events WHERE seq > 3", "UPDATE audit_chain_head SET last_seq = 3, last_hash = '" + third + "' WHERE id = 1");

        Run truncated = bulwark("audit", "verify", "--data-dir", data.toString());
        assertThat(truncated.exit()).isEqualTo(1);
        assertThat(truncated.out()).contains("First broken record: 4").contains("tail anchor").contains("names record 5");
    }

    @Test
    void auditVerifyThatCannotRunExitsWith2AndNamesTheFix() throws Exception {
        Run nowhere = bulwark("audit", "verify", "--data-dir", dir.resolve("nowhere").toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("no embedded store at").contains("point --data-dir at the node's data folder");
        assertThat(dir.resolve("nowhere")).as("nothing is created where nothing was").doesNotExist();

        Run badConfig = bulwark("audit", "verify", "--config", Files.writeString(dir.resolve("bulwark.yaml"), "data-dir: [\n").toString());
        assertThat(badConfig.exit()).isEqualTo(2);
        assertThat(badConfig.err()).contains("invalid configuration");

        Path data = demoData();
        auditFiveRequests(data);
        Files.delete(data.resolve("master.key"));
        Run noKey = bulwark("audit", "verify", "--data-dir", data.toString());
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("master key file").contains("openssl rand -base64 32");

        Run neither = bulwark("audit", "verify");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--config").contains("--data-dir");
    }
}
