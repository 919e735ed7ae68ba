package io.bulwark.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.store.Store;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grows a store to the benchmark's sizes in the product's own tables and formats: clients through the product's
 * {@code ClientRepository.save} (each with its own EC key), revoked access tokens with the issuer's jti format by the
 * revocation table's own INSERT (batched), and audit records through the product's audit writer, chained under the
 * node's key with the tail anchor moved after them, as a running node writes them. A marker table records the sizes.
 */
final class StoreSeeder {

    /** How much to seed. */
    record Sizes(int clients, int revokedTokens, long auditRecords) {
    }

    private static final int AUDIT_BATCH = 5_000;
    private static final int TOKEN_BATCH = 10_000;
    private static final String MARKER = "bench_seed";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StoreSeeder() {
    }

    /** The sizes recorded by a finished seeding, or empty when the store was never (or not completely) seeded. */
    static Optional<Sizes> seeded(Connection sql) throws SQLException {
        try (Statement query = sql.createStatement();
             ResultSet rows = query.executeQuery("SELECT item, amount FROM " + MARKER)) {
            Map<String, Long> items = new java.util.HashMap<>();
            while (rows.next()) {
                items.put(rows.getString(1), rows.getLong(2));
            }
            if (!items.containsKey("seconds")) {
                return Optional.empty();
            }
            return Optional.of(new Sizes(items.get("clients").intValue(), items.get("revoked_tokens").intValue(), items.get("audit_records")));
        } catch (SQLException noMarker) {
            return Optional.empty();
        }
    }

    /** The seconds the recorded seeding took. */
    static long seedingSeconds(Connection sql) throws SQLException {
        try (Statement query = sql.createStatement();
             ResultSet row = query.executeQuery("SELECT amount FROM " + MARKER + " WHERE item = 'seconds'")) {
            return row.next() ? row.getLong(1) : -1;
        }
    }

    /** Seeds {@code sizes} into a freshly migrated store and records them; returns the seconds it took. */
    static long seed(Store store, Connection sql, AuditIntegrity audit, Sizes sizes, boolean postgres) throws Exception {
        Instant start = Instant.now();
        List<String> clientIds = clients(store, sizes.clients());
        log("clients", sizes.clients(), start);
        Instant tokens = Instant.now();
        revokedTokens(sql, clientIds, sizes.revokedTokens());
        log("revoked tokens", sizes.revokedTokens(), tokens);
        Instant records = Instant.now();
        auditRecords(store, audit, clientIds, sizes.auditRecords());
        log("audit records", sizes.auditRecords(), records);
        if (postgres) {
            // What autovacuum would do in the background anyway: fresh statistics, and no insert-triggered vacuum during the run.
            Instant vacuum = Instant.now();
            sql.setAutoCommit(true);
            try (Statement statement = sql.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
            System.out.printf("  seeded: VACUUM ANALYZE in %d s%n", Duration.between(vacuum, Instant.now()).toSeconds());
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        sql.setAutoCommit(true);
        try (Statement statement = sql.createStatement()) {
            statement.execute("CREATE TABLE " + MARKER + " (item VARCHAR(64) NOT NULL PRIMARY KEY, amount BIGINT NOT NULL)");
            statement.execute("INSERT INTO " + MARKER + " VALUES ('clients', " + sizes.clients() + "), ('revoked_tokens', "
                    + sizes.revokedTokens() + "), ('audit_records', " + sizes.auditRecords() + "), ('seconds', " + seconds + ")");
        }
        return seconds;
    }

    private static void log(String what, long count, Instant since) {
        System.out.printf("  seeded: %,d %s in %d s%n", count, what, Duration.between(since, Instant.now()).toSeconds());
    }

    /** Registers {@code count} clients through the product's repository: machine clients and code-flow apps, each with its own key. */
    private static List<String> clients(Store store, int count) throws Exception {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("growth-client-%07d", i));
        }
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int part = 0; part < 4; part++) {
                int first = part;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < count; i += 4) {
                        store.clients().save(client(ids.get(i), i, now));
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return ids;
    }

    private static RegisteredClient client(String id, int i, Instant now) throws JOSEException {
        String jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID(id + "-key").generate().toPublicJWK()).toString();
        // Every other client a partner app acting for users (code flow with a redirect URI), the rest machine clients.
        List<String> redirects = i % 2 == 0 ? List.of("https://app-" + i + ".partners.example/callback") : List.of();
        Set<String> scopes = i % 2 == 0 ? Set.of("accounts:read", "balances:read", "transactions:read") : Set.of("products:read");
        return new RegisteredClient(id, "Growth client " + i, RegisteredClient.PRIVATE_KEY_JWT, jwks, null, scopes, i % 50 == 0,
                now.minus(Duration.ofMinutes(i)), SenderConstraint.DPOP, null, redirects,
                i % 2 == 0 ? Set.of("account_information") : Set.of(), new TokenSettings(null, false),
                RegisteredClient.defaultGrantTypes(redirects));
    }

    /** Revoked access tokens as the revocation endpoint stores them: the issuer's jti (16 random bytes, base64url), client, expiry. */
    private static void revokedTokens(Connection sql, List<String> clientIds, int count) throws SQLException {
        sql.setAutoCommit(false);
        Instant now = Instant.now();
        byte[] bytes = new byte[16];
        try (PreparedStatement insert = sql.prepareStatement("INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                RANDOM.nextBytes(bytes);
                insert.setString(1, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                insert.setString(2, clientIds.get(i % clientIds.size()));
                // Within an access token's lifetime from now: nothing purges the table by expiry, so the rows stay.
                insert.setTimestamp(3, Timestamp.from(now.plusSeconds(60 + i % 3600)));
                insert.addBatch();
                if ((i + 1) % TOKEN_BATCH == 0 || i == count - 1) {
                    insert.executeBatch();
                    sql.commit();
                }
            }
        }
        sql.setAutoCommit(true);
    }

    /**
     * Audit records of past traffic over the 30 days before seeding, written by the product's audit writer (keyed chain,
     * canonical JSON, head row), then the tail anchor moved to the new head as the node's group commit does.
     */
    private static void auditRecords(Store store, AuditIntegrity audit, List<String> clientIds, long count) throws IOException {
        Instant from = Instant.now().minus(Duration.ofDays(30));
        long stepMicros = Math.max(1, Duration.ofDays(30).toNanos() / 1000 / Math.max(1, count));
        List<AuditEvent> batch = new ArrayList<>(AUDIT_BATCH);
        AuditChain.Head head = null;
        for (long i = 0; i < count; i++) {
            batch.add(event(from.plus(Duration.ofNanos(i * stepMicros * 1000)), clientIds.get((int) (i % clientIds.size())), i));
            if (batch.size() == AUDIT_BATCH || i == count - 1) {
                head = store.auditWriter().write(batch, audit.chain()).to();
                batch.clear();
                if ((i + 1) % 1_000_000 == 0) {
                    System.out.printf("  seeding: %,d audit records written%n", i + 1);
                }
            }
        }
        if (head != null) {
            audit.anchor().record(head);
            audit.anchor().close();
        }
    }

    private static AuditEvent event(Instant at, String clientId, long i) {
        String account = Long.toHexString(0x5f00_0000_0000L + i % 100_000);
        return switch ((int) (i % 20)) {
            // One in twenty refused (no or a wrong token), the rest served across the bank's operations.
            case 0 -> new AuditEvent(at, UUID.randomUUID().toString(), AuditDecision.REFUSED, "invalid_token", "invalid-token", 401, "GET",
                    "/bank/v1/accounts", "bank", "listAccounts", Map.of(), null, null, "203.0.113." + i % 250, 0, 312, 410, java.util.OptionalLong.empty());
            case 1, 2, 3, 4, 5 -> new AuditEvent(at, UUID.randomUUID().toString(), AuditDecision.ALLOWED, null, null, 200, "GET",
                    "/bank/v1/products", "bank", "listProducts", Map.of(), clientId, clientId, "198.51.100." + i % 250, 0, 1480, 2100, java.util.OptionalLong.empty());
            default -> new AuditEvent(at, UUID.randomUUID().toString(), AuditDecision.ALLOWED, null, null, 200, "GET",
                    "/bank/v1/accounts/" + account + "/balances", "bank", "getAccountBalances", Map.of("accountId", account),
                    "customer-" + i % 5_000, clientId, "198.51.100." + i % 250, 0, 640, 3900, java.util.OptionalLong.empty());
        };
    }
}
