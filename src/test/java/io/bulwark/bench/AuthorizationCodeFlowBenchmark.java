package io.bulwark.bench;

import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.PasswordHasher;
import io.bulwark.oauth.users.Totp;
import io.bulwark.tls.TlsPolicy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The FAPI 2.0 authorization-code flow end to end against the packaged product running {@code demo} in its own process
 * ({@code bench/authorization-code-flow.sh}): flows/s and latency per flow and per step at a few concurrencies, the
 * server's CPU per flow and (one flow at a time) per step, against two baselines measured in the same run: one
 * client_credentials token's server CPU and one Argon2id password check's CPU. Every signature the client makes is
 * made before each round's clock starts; the load generator's own CPU is printed beside the server's.
 */
public final class AuthorizationCodeFlowBenchmark {

    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final List<Integer> CONCURRENCIES = Arrays.stream(System.getProperty("bench.concurrencies", "1,4,16").split(","))
            .map(String::strip).map(Integer::valueOf).toList();
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 30));
    // The longest stretch one batch of tickets may serve: the server refuses DPoP proofs from 60 s of age.
    private static final Duration SEGMENT = Duration.ofSeconds(20);
    private static final Duration BASELINE = Duration.ofSeconds(Long.getLong("bench.baselineSeconds", 4));
    private static final int BASELINE_CONCURRENCY = 16;
    private static final int BASELINE_TOKENS_PER_SECOND = Integer.getInteger("bench.baselineTokensPerSecond", 1500);
    private static final boolean GATEWAY_CALL = Boolean.getBoolean("bench.gatewayCall");
    // One more round at the top concurrency with each user's browser (and connection) kept across flows.
    private static final boolean KEPT_BROWSERS_ROUND = Boolean.parseBoolean(System.getProperty("bench.keptBrowsersRound", "true"));
    // Tickets signed per second of a round: above what two cores can do (each flow costs tens of ms of CPU).
    private static final int FLOWS_PER_SECOND = Integer.getInteger("bench.flowsPerSecond", 60);
    // RFC 6238 §5.2: each user's code is accepted once per time step; the window admits the current and the next step.
    private static final int PAYMENTS_PER_USER = Math.min(Integer.getInteger("bench.paymentsPerUser", 2), Totp.WINDOW + 1);

    private AuthorizationCodeFlowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/bulwark.jar");
        if (ROUND.compareTo(SEGMENT) > 0) {
            throw new IllegalArgumentException("-Dbench.seconds=" + ROUND.toSeconds() + ": rounds of at most " + SEGMENT.toSeconds()
                    + " s, since each round's DPoP proofs are signed before it and the server refuses them from 60 s of age; "
                    + "use more rounds (-Dbench.rounds) instead");
        }
        int failed = 0;
        int ok = 0;
        try (DemoProcess demo = DemoProcess.start(jar, "flow")) {
            ServerProcess server = demo.server();
            SSLContext ssl = TlsPolicy.jdkClientContext(demo.ca());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
            FlowTickets tickets = new FlowTickets(demo, GATEWAY_CALL);
            CodeFlow flow = new CodeFlow(demo.issuer(), client, ssl, tickets.dpopKey());
            TokenLoad.Target baseline = TokenEndpointBenchmark.privateKeyJwtWithDpop("client_credentials", client, demo);
            TokenLoad tokens = new TokenLoad(BASELINE_CONCURRENCY);
            int baselineRequests = (int) (BASELINE.toSeconds() * BASELINE_TOKENS_PER_SECOND);

            System.out.printf("Authorization-code flow benchmark: %s demo client, %d demo users, concurrencies %s, %d round(s) of %d s each "
                            + "after a %d s warm-up, gateway call %s, %d cores, load average %s%n", FlowTickets.CLIENT, tickets.users().size(),
                    CONCURRENCIES, ROUNDS, ROUND.toSeconds(), WARMUP.toSeconds(), GATEWAY_CALL ? "on" : "off",
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            double idle = idleCpuMillisPerSecond(server, Duration.ofSeconds(3));
            System.out.printf("idle server: %.1f ms CPU per second%n", idle);

            List<FlowRoundResult> everything = new ArrayList<>();
            // In parts, each with tickets signed just before it (a proof older than 60 s is refused), as many as three times
            // the last part's rate, so that signing them takes little time.
            int ticketsPerSecond = FLOWS_PER_SECOND;
            for (long done = 0; done < WARMUP.toSeconds(); done += SEGMENT.toSeconds()) {
                Duration part = Duration.ofSeconds(Math.min(SEGMENT.toSeconds(), WARMUP.toSeconds() - done));
                FlowRoundResult result = print(FlowRound.run("warm-up c=4", 4, part, tickets.accountAccess(count(part, ticketsPerSecond)),
                        flow, server, false));
                everything.add(result);
                ticketsPerSecond = (int) Math.min(FLOWS_PER_SECOND, Math.max(10, 3 * result.flows().throughput()));
            }
            System.out.println(tokens.run("client_credentials warm-up", baseline, BASELINE, baselineRequests, 0).result().line());

            Map<Integer, List<FlowRoundResult>> byConcurrency = new LinkedHashMap<>();
            List<LoadResult> baselines = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (int concurrency : CONCURRENCIES) {
                    FlowRoundResult result = print(FlowRound.run("c=" + concurrency + " round " + round, concurrency, ROUND,
                            tickets.accountAccess(count(ROUND, ticketsPerSecond)), flow, server, concurrency == 1));
                    byConcurrency.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(result);
                    everything.add(result);
                }
                LoadResult token = tokens.run("client_credentials round " + round, baseline, BASELINE, baselineRequests, 0).result();
                baselines.add(token);
                System.out.println(token.line());
            }

            int top = CONCURRENCIES.stream().mapToInt(Integer::intValue).max().orElseThrow();
            FlowRoundResult kept = null;
            if (KEPT_BROWSERS_ROUND) {
                kept = print(FlowRound.run("c=" + top + " browsers kept", top, ROUND, tickets.accountAccess(count(ROUND, ticketsPerSecond)),
                        flow, server, false, true));
                everything.add(kept);
            }

            Argon2idCost.Cost argon2 = Argon2idCost.measure(3, 15);
            System.out.printf("one Argon2id check (PasswordHasher: m=%d KiB, t=%d, p=%d) in the load generator, server idle, 15 checks: "
                            + "%.1f ms CPU on its thread (%.1f ms of the whole process, its GC included), %.1f ms wall%n", PasswordHasher.MEMORY_KIB,
                    PasswordHasher.ITERATIONS, PasswordHasher.PARALLELISM, argon2.threadCpuMillis(), argon2.processCpuMillis(), argon2.wallMillis());

            FlowRoundResult payments = print(FlowRound.run("payment + TOTP c=1", 1, Duration.ofSeconds(60), paymentTickets(tickets),
                    flow, server, true));
            everything.add(payments);

            for (FlowRoundResult result : everything) {
                ok += result.flows().ok();
                failed += result.flows().failed();
                result.failures().forEach(f -> System.out.println("  failure in " + result.name() + ": " + f));
            }
            new FlowReport(byConcurrency, kept, payments, FlowReport.median(baselines, LoadResult::cpuMillisPerRequest), argon2.threadCpuMillis(), idle,
                    BASELINE_CONCURRENCY).print();
            System.out.printf("%nload average at the end: %s%n", loadAverage());
        }
        System.out.printf("every flow ended with a DPoP-bound token: %s (%d flows, %d failed)%n", failed == 0 ? "MET" : "MISSED", ok, failed);
        if (failed > 0) {
            System.exit(1);
        }
    }

    /**
     * Payment flows, which the demo signs in with a TOTP code too: each user's code of the current time step, then of
     * the next (each is accepted once), so a run needs no wait.
     */
    private static List<FlowTicket> paymentTickets(FlowTickets tickets) {
        long step = Totp.step(Instant.now());
        List<FlowTicket> payments = new ArrayList<>();
        for (int k = 0; k < PAYMENTS_PER_USER; k++) {
            for (DemoLogin user : tickets.users()) {
                payments.add(tickets.payment(user, Totp.code(Base32.decode(user.totpSecret()), step + k)));
            }
        }
        return payments;
    }

    private static FlowRoundResult print(FlowRoundResult result) {
        System.out.println(result.line());
        System.out.println(result.stepsLine());
        return result;
    }

    private static int count(Duration length, int perSecond) {
        return (int) (length.toSeconds() * perSecond);
    }

    private static double idleCpuMillisPerSecond(ServerProcess server, Duration length) throws Exception {
        double before = server.cpuSeconds();
        Thread.sleep(length);
        return (server.cpuSeconds() - before) * 1000 / length.toSeconds();
    }

    private static String loadAverage() throws java.io.IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
