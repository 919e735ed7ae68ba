package io.bulwark.bench;

import io.bulwark.config.StoreConfig;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data-growth benchmark (`bench/data-growth.sh`, issue 10): the gateway's server CPU per request with the full FAPI
 * policy (scenario (c) of the gateway benchmark) over a store at the demo's sizes and over one grown to 10,000 declared
 * operations, 100,000 clients, 1,000,000 revoked tokens and 10,000,000 audit records, on H2 and on PostgreSQL. Both
 * gateways run at once and their rounds interleave; the target is the large store's median CPU per request within 10 %
 * of the small one's, printed MET or MISSED per store. The seeded store is kept (marker table) for the next run.
 */
public final class DataGrowthBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int WARMUP = Integer.getInteger("bench.gatewayWarmup", 60);
    private static final int OPERATIONS = Integer.getInteger("bench.operations", 10_000);
    private static final StoreSeeder.Sizes SIZES = new StoreSeeder.Sizes(Integer.getInteger("bench.clients", 100_000),
            Integer.getInteger("bench.revokedTokens", 1_000_000), Long.getLong("bench.auditRecords", 10_000_000L));
    private static final double TARGET = 1.10;
    private static final String PG_SERVER = System.getProperty("bench.pgServer", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getProperty("bench.pgUser", "postgres");
    private static final String PG_ADMIN_DATABASE = System.getProperty("bench.pgDatabase", "test");
    private static final String SMALL_DATABASE = "bulwark_growth_small";
    private static final String LARGE_DATABASE = "bulwark_growth_large";
    private static final Path CACHE = Path.of(System.getProperty("bench.cacheDir", "target/bench-data-growth")).toAbsolutePath();
    private static final boolean DROP_SEEDED = Boolean.getBoolean("bench.dropSeeded");
    // Seeds (or checks) the large store and stops: the seeding of both stores can then run at once, ahead of the measurement.
    private static final boolean SEED_ONLY = Boolean.getBoolean("bench.seedOnly");
    private static final List<String> GATEWAY_JVM = System.getProperty("bench.gatewayJavaOpts", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.gatewayJavaOpts").trim().split("\\s+"));

    /** A store ready to serve: its data folder and configuration, and its JDBC URL when it is PostgreSQL. */
    private record Prepared(DemoEnvironment environment, String jdbcUrl) {
    }

    /** The medians of one target's rounds. */
    private record Medians(double throughput, double cpuMillis, double databaseMillis, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        List<String> stores = List.of(System.getProperty("bench.stores", "h2,postgres").split(","));
        Path work = Files.createTempDirectory("bulwark-bench-growth");
        System.out.printf("Data-growth benchmark: wrk -t1 -c%d, full FAPI policy (fresh DPoP proof per request), %d interleaved rounds of "
                + "%d s per store size after %d s of warm-up; large store: %,d operations, %,d clients, %,d revoked tokens, %,d audit "
                + "records; load average %s%n", CONNECTIONS, ROUNDS, SECONDS, WARMUP, OPERATIONS, SIZES.clients(), SIZES.revokedTokens(),
                SIZES.auditRecords(), loadAverage());
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String store : stores) {
            verdicts.put(store.trim(), run(store.trim(), work));
        }
        System.out.printf("%ntargets (large-store CPU/request within %.0f %% of the small store's, same run):%n", (TARGET - 1) * 100);
        verdicts.forEach((store, verdict) -> System.out.printf("  %-9s %s%n", store, verdict));
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    private static String run(String store, Path work) throws Exception {
        boolean postgres = switch (store) {
            case "h2" -> false;
            case "postgres" -> true;
            default -> throw new IllegalArgumentException("bench.stores: h2 or postgres, not " + store);
        };
        System.out.printf("%n== %s ==%n", postgres ? "PostgreSQL" : "H2 (embedded)");
        Prepared large = prepareLarge(postgres);
        if (SEED_ONLY) {
            return "seeded only (-Dbench.seedOnly=true)";
        }
        Prepared small = prepareSmall(postgres, work);
        Path document = large.environment().dataDir().resolve("demo/bank-openapi-grown.yaml");
        int added = GeneratedOpenApi.write(large.environment().dataDir().resolve("demo/bank-openapi.yaml"), OPERATIONS, document);
        System.out.printf("  large store's bank document: %,d generated operations ahead of the bank's own%n", added);
        try (PostgresBackendCpu smallDb = postgres ? new PostgresBackendCpu(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, SMALL_DATABASE) : null;
             PostgresBackendCpu largeDb = postgres ? new PostgresBackendCpu(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, LARGE_DATABASE) : null;
             GrowthTarget smallTarget = GrowthTarget.start(store + "-small", small.environment(), small.jdbcUrl(), smallDb, null, GATEWAY_JVM, work);
             GrowthTarget largeTarget = GrowthTarget.start(store + "-large", large.environment(), large.jdbcUrl(), largeDb, document,
                     GATEWAY_JVM, work)) {
            List<GrowthTarget> targets = List.of(smallTarget, largeTarget);
            // Warm-up (JIT), discarded, in parts of at most 20 s: DPoP proofs made ahead go stale after 60 s.
            for (int left = WARMUP; left > 0; left -= 20) {
                for (GrowthTarget target : targets) {
                    print("warm-up", target.round(Math.min(20, left), CONNECTIONS));
                }
            }
            Map<String, List<GrowthTarget.Round>> rounds = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                // Alternate which size goes first, so that a drift in the machine's load favours neither.
                List<GrowthTarget> order = round % 2 == 1 ? targets : targets.reversed();
                for (GrowthTarget target : order) {
                    GrowthTarget.Round result = target.round(SECONDS, CONNECTIONS);
                    rounds.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(result);
                    print("round " + round, result);
                }
            }
            Medians smallMedians = medians(rounds.get(smallTarget.name()));
            Medians largeMedians = medians(rounds.get(largeTarget.name()));
            System.out.printf("%n%-16s %10s %10s %10s %16s %16s%n", "median of rounds", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "of it DB ms/req");
            for (var entry : Map.of("small", smallMedians, "large", largeMedians).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder())).toList()) {
                Medians m = entry.getValue();
                System.out.printf("%-16s %10.0f %10.2f %10.2f %16.3f %16.3f%n", store + " " + entry.getKey(), m.throughput(), m.p50(), m.p99(),
                        m.cpuMillis(), m.databaseMillis());
            }
            double ratio = largeMedians.cpuMillis() / smallMedians.cpuMillis();
            String verdict = String.format("large/small CPU per request = %.3f / %.3f ms = %.3f (req/s %.0f vs %.0f)   %s", largeMedians.cpuMillis(),
                    smallMedians.cpuMillis(), ratio, largeMedians.throughput(), smallMedians.throughput(), ratio <= TARGET ? "MET" : "MISSED");
            System.out.printf("%s: %s%n", store, verdict);
            return verdict;
        } finally {
            if (postgres) {
                dropDatabase(SMALL_DATABASE);
                if (DROP_SEEDED) {
                    dropDatabase(LARGE_DATABASE);
                }
            }
            if (DROP_SEEDED) {
                deleteTree(CACHE.resolve(store + "-large"));
            }
        }
    }

    private static void print(String label, GrowthTarget.Round round) {
        LoadResult r = round.load();
        System.out.printf("%-8s %-15s %7.0f req/s  p50 %6.2f ms  p99 %7.2f ms  server CPU %6.3f ms/req (DB %6.3f), JIT %6.3f  (%d ok, %d failed)%n",
                label, r.name(), r.throughput(), r.latenciesMicros()[0] / 1000.0, r.latenciesMicros()[1] / 1000.0, r.cpuMillisPerRequest(),
                round.databaseMillisPerRequest(), r.jitMillisPerRequest(), r.ok(), r.failed());
        if (r.failed() > 0) {
            System.out.printf("         ! %d requests failed: see the gateway's log (stale or replayed DPoP proofs cap the figures)%n", r.failed());
        }
    }

    private static Medians medians(List<GrowthTarget.Round> rounds) {
        return new Medians(LoadResult.median(rounds.stream().mapToDouble(r -> r.load().throughput())),
                LoadResult.median(rounds.stream().mapToDouble(r -> r.load().cpuMillisPerRequest())),
                LoadResult.median(rounds.stream().mapToDouble(GrowthTarget.Round::databaseMillisPerRequest)),
                LoadResult.median(rounds.stream().mapToDouble(r -> r.load().latenciesMicros()[0] / 1000.0)),
                LoadResult.median(rounds.stream().mapToDouble(r -> r.load().latenciesMicros()[1] / 1000.0)));
    }

    /** The demo's store as a fresh node has it: a new data folder, and for PostgreSQL a new database. */
    private static Prepared prepareSmall(boolean postgres, Path work) throws Exception {
        DemoEnvironment environment = DemoEnvironment.prepare(work.resolve((postgres ? "postgres" : "h2") + "-small"), ports());
        if (!postgres) {
            return new Prepared(environment, null);
        }
        dropDatabase(SMALL_DATABASE);
        createDatabase(SMALL_DATABASE);
        return new Prepared(environment, PG_SERVER + SMALL_DATABASE);
    }

    /** The grown store, seeded now unless a finished seeding of the same sizes is kept from an earlier run. */
    private static Prepared prepareLarge(boolean postgres) throws Exception {
        Path root = CACHE.resolve((postgres ? "postgres" : "h2") + "-large");
        Path dataDir = root.resolve("data");
        String jdbcUrl = postgres ? PG_SERVER + LARGE_DATABASE : null;
        Optional<StoreSeeder.Sizes> kept = Optional.empty();
        if (Files.exists(dataDir.resolve("master.key")) && (postgres ? databaseExists(LARGE_DATABASE) : Files.exists(dataDir.resolve("store")))) {
            try (Connection sql = connect(jdbcUrl, dataDir)) {
                kept = StoreSeeder.seeded(sql);
                if (kept.equals(Optional.of(SIZES))) {
                    System.out.printf("  large store: kept from an earlier run in %s (seeded in %d s); -Dbench.dropSeeded=true removes it%n",
                            postgres ? "database " + LARGE_DATABASE : root, StoreSeeder.seedingSeconds(sql));
                    return new Prepared(DemoEnvironment.prepare(dataDir, ports()), jdbcUrl);
                }
            }
        }
        System.out.printf("  large store: seeding %s (%s)%n", postgres ? "database " + LARGE_DATABASE : root,
                kept.map(k -> "the kept one has other sizes: " + k).orElse("none kept"));
        deleteTree(root);
        if (postgres) {
            dropDatabase(LARGE_DATABASE);
            createDatabase(LARGE_DATABASE);
        }
        DemoEnvironment environment = DemoEnvironment.prepare(dataDir, ports());
        MasterKey masterKey = MasterKey.load(environment.config().masterKey());
        // Batched inserts rewritten into multi-row ones: the seeding's own connections only, never the gateway's.
        try (JdbcStore store = postgres
                ? JdbcStore.postgres(new StoreConfig(StoreConfig.Kind.POSTGRES, jdbcUrl + "?reWriteBatchedInserts=true", PG_USER, null),
                        Clock.systemUTC())
                : JdbcStore.embedded(dataDir, Clock.systemUTC());
             Connection sql = connect(postgres ? jdbcUrl + "?reWriteBatchedInserts=true" : null, dataDir)) {
            long seconds = StoreSeeder.seed(store, sql, AuditIntegrity.of(masterKey, dataDir), SIZES, postgres);
            System.out.printf("  large store: seeded in %d s (apart from the measurement)%n", seconds);
        }
        return new Prepared(environment, jdbcUrl);
    }

    private static DemoPorts ports() {
        return new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    /** A plain connection to the store: PostgreSQL at {@code jdbcUrl}, or the embedded H2 file with the settings the product opens it with. */
    private static Connection connect(String jdbcUrl, Path dataDir) throws Exception {
        if (jdbcUrl != null) {
            return DriverManager.getConnection(jdbcUrl, PG_USER, null);
        }
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("store/bulwark")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }

    private static boolean databaseExists(String name) throws Exception {
        try (Connection admin = DriverManager.getConnection(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, null);
             PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void createDatabase(String name) throws Exception {
        try (Connection admin = DriverManager.getConnection(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, null);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
    }

    private static void dropDatabase(String name) throws Exception {
        try (Connection admin = DriverManager.getConnection(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, null);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
