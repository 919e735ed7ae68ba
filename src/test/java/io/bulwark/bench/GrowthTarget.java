package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One store under load for the data-growth benchmark: the bench upstream and a gateway node (authorization server and
 * gateway, full FAPI policy) over that store, each in its own process, and one measured round of DPoP requests to it.
 * Server CPU is the gateway process's, plus its PostgreSQL backends' when the store is PostgreSQL.
 */
final class GrowthTarget implements AutoCloseable {

    private static final List<String> PATHS = List.of("/bank/v1/products");
    // More proofs than the gateway can use in a round, so none repeats (a repeated jti is refused); but not many more:
    // signing them takes the load generator a while on a busy machine, and a proof older than a minute is refused.
    private static final int PROOFS_PER_SECOND = Integer.getInteger("bench.proofsPerSecond", 3000);
    private static final int FIRST_PROOFS_PER_SECOND = 1500;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.startSeconds", 900));

    private final String name;
    private final DemoEnvironment environment;
    private final ServerProcess upstream;
    private final ServerProcess gateway;
    private final PostgresBackendCpu database;
    private final ECKey dpopKey;
    private final Path dir;
    private double lastThroughput;

    private GrowthTarget(String name, DemoEnvironment environment, ServerProcess upstream, ServerProcess gateway,
                         PostgresBackendCpu database, Path dir) throws Exception {
        this.name = name;
        this.environment = environment;
        this.upstream = upstream;
        this.gateway = gateway;
        this.database = database;
        this.dir = dir;
        this.dpopKey = DemoClientCredentials.dpopKey(DemoServiceToken.credentials(environment));
        DemoServiceToken.checkCatalogue(environment, url(), DemoServiceToken.token(environment, environment.ports(), dpopKey), dpopKey);
    }

    /**
     * Starts the upstream and the gateway for {@code environment}. {@code jdbcUrl} null means the embedded store in the
     * data folder; {@code bankDocument} null means the demo's own OpenAPI document.
     */
    static GrowthTarget start(String name, DemoEnvironment environment, String jdbcUrl, PostgresBackendCpu database, Path bankDocument,
                              List<String> gatewayJvm, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        DemoPorts ports = environment.ports();
        ServerProcess upstream = ServerProcess.start(List.of(java, "-cp", classpath, BenchUpstream.class.getName(),
                environment.dataDir().resolve("tls").toString(), Integer.toString(ports.bank()), Integer.toString(io.bulwark.testing.FreePorts.next())),
                dir.resolve(name + "-upstream.log"), "bench upstream ready");
        try {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(gatewayJvm);
            if (jdbcUrl != null) {
                command.add("-Dbench.jdbcUrl=" + jdbcUrl);
            }
            if (bankDocument != null) {
                command.add("-Dbench.bankDocument=" + bankDocument);
            }
            command.addAll(List.of("-cp", classpath, BenchGateway.class.getName(), environment.dataDir().toString(),
                    Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()), Integer.toString(ports.bank())));
            // A node over a large store starts slower (it lists every client, compiles every operation).
            Instant started = Instant.now();
            ServerProcess gateway = ServerProcess.start(command, dir.resolve(name + "-gateway.log"), "bench gateway ready", START_TIMEOUT);
            System.out.printf("  %s: gateway node started in %.1f s%n", name, Duration.between(started, Instant.now()).toMillis() / 1000.0);
            try {
                return new GrowthTarget(name, environment, upstream, gateway, database, dir);
            } catch (Exception e) {
                gateway.close();
                throw e;
            }
        } catch (Exception e) {
            upstream.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    String url() {
        return "https://localhost:" + environment.ports().gateway();
    }

    /** Server CPU seconds so far: the gateway process, and its database backends if any. */
    double cpuSeconds() throws Exception {
        return gateway.cpuSeconds() + databaseCpuSeconds();
    }

    double databaseCpuSeconds() throws Exception {
        return database == null ? 0 : database.seconds();
    }

    /** One round of {@code seconds} with a fresh token and a fresh DPoP proof per request; CPU counted around wrk alone. */
    Round round(int seconds, int connections) throws Exception {
        String token = DemoServiceToken.token(environment, environment.ports(), dpopKey);
        int perSecond = lastThroughput == 0 ? FIRST_PROOFS_PER_SECOND
                : (int) Math.min(PROOFS_PER_SECOND, Math.max(500, 3 * lastThroughput));
        Path requests = Wrk.dpopRequests(dir.resolve(name + ".txt"), url(), PATHS, token, dpopKey, seconds * perSecond);
        double gatewayBefore = gateway.cpuSeconds();
        double databaseBefore = databaseCpuSeconds();
        double jitBefore = gateway.jitCpuSeconds();
        Wrk.Run run = Wrk.run(url(), requests, connections, seconds, 0, dir);
        double gatewayCpu = gateway.cpuSeconds() - gatewayBefore;
        double databaseCpu = databaseCpuSeconds() - databaseBefore;
        double jit = gateway.jitCpuSeconds() - jitBefore;
        LoadResult load = new LoadResult(name, (int) (run.requests() - run.errors()), (int) run.errors(), run.seconds(),
                new long[] {(long) run.p50(), (long) run.p99(), (long) run.p999()}, gatewayCpu + databaseCpu, jit);
        lastThroughput = load.throughput();
        return new Round(load, load.ok() == 0 ? Double.NaN : databaseCpu * 1000.0 / load.ok());
    }

    /** A measured round, and how much of its CPU per request (ms) ran in the database backends. */
    record Round(LoadResult load, double databaseMillisPerRequest) {
    }

    Path gatewayLog() {
        return gateway.log();
    }

    @Override
    public void close() {
        gateway.close();
        upstream.close();
    }
}
