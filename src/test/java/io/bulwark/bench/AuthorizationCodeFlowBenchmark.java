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
import java.util.function.ToDoubleFunction;
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
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 20));
    private static final Duration BASELINE = Duration.ofSeconds(Long.getLong("bench.baselineSeconds", 5));
    private static final int BASELINE_CONCURRENCY = 16;
    private static final int BASELINE_TOKENS_PER_SECOND = Integer.getInteger("bench.baselineTokensPerSecond", 2500);
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
        int failed = 0;
        int ok = 0;
        try (DemoProcess demo = DemoProcess.start(jar, "flow")) {
            ServerProcess server = demo.server();
            SSLContext ssl = TlsPolicy.jdkClientContext(demo.ca());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
            FlowTickets tickets = new FlowTickets(demo, GATEWAY_CALL);
            CodeFlow flow = new CodeFlow(demo.issuer(), client, ssl, tickets.dpopKey());
            TokenEndpointBenchmark.RequestSource baseline = TokenEndpointBenchmark.privateKeyJwtWithDpop(client, demo);

            System.out.printf("Authorization-code flow benchmark: %s demo client, %d demo users, concurrencies %s, %d round(s) of %d s each "
                            + "after a %d s warm-up, gateway call %s, %d cores, load average %s%n", FlowTickets.CLIENT, tickets.users().size(),
                    CONCURRENCIES, ROUNDS, ROUND.toSeconds(), WARMUP.toSeconds(), GATEWAY_CALL ? "on" : "off",
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            double idle = idleCpuMillisPerSecond(server, Duration.ofSeconds(3));
            System.out.printf("idle server: %.1f ms CPU per second%n", idle);

            List<FlowRoundResult> everything = new ArrayList<>();
            everything.add(print(FlowRound.run("warm-up c=4", 4, WARMUP, tickets.accountAccess(count(WARMUP)), flow, server, false)));
            System.out.println(TokenEndpointBenchmark.round("client_credentials warm-up", baseline, server, BASELINE,
                    BASELINE_CONCURRENCY, BASELINE_TOKENS_PER_SECOND).line());

            Map<Integer, List<FlowRoundResult>> byConcurrency = new LinkedHashMap<>();
            List<LoadResult> baselines = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (int concurrency : CONCURRENCIES) {
                    FlowRoundResult result = print(FlowRound.run("c=" + concurrency + " round " + round, concurrency, ROUND,
                            tickets.accountAccess(count(ROUND)), flow, server, concurrency == 1));
                    byConcurrency.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(result);
                    everything.add(result);
                }
                LoadResult token = TokenEndpointBenchmark.round("client_credentials round " + round, baseline, server, BASELINE,
                        BASELINE_CONCURRENCY, BASELINE_TOKENS_PER_SECOND);
                baselines.add(token);
                System.out.println(token.line());
            }

            int top = CONCURRENCIES.stream().mapToInt(Integer::intValue).max().orElseThrow();
            FlowRoundResult kept = null;
            if (KEPT_BROWSERS_ROUND) {
                kept = print(FlowRound.run("c=" + top + " browsers kept", top, ROUND, tickets.accountAccess(count(ROUND)), flow, server,
                        false, true));
                everything.add(kept);
            }

            Argon2idCost.Cost argon2 = Argon2idCost.measure(3, 15);
            System.out.printf("one Argon2id check (PasswordHasher: m=%d KiB, t=%d, p=%d) in the load generator, server idle, 15 checks: "
                            + "%.1f ms CPU with its garbage collection (%.1f ms on its thread), %.1f ms wall%n", PasswordHasher.MEMORY_KIB,
                    PasswordHasher.ITERATIONS, PasswordHasher.PARALLELISM, argon2.processCpuMillis(), argon2.threadCpuMillis(), argon2.wallMillis());

            FlowRoundResult payments = print(FlowRound.run("payment + TOTP c=1", 1, Duration.ofSeconds(60), paymentTickets(tickets),
                    flow, server, true));
            everything.add(payments);

            for (FlowRoundResult result : everything) {
                ok += result.flows().ok();
                failed += result.flows().failed();
                result.failures().forEach(f -> System.out.println("  failure in " + result.name() + ": " + f));
            }
            Report report = new Report(byConcurrency, kept, median(baselines, LoadResult::cpuMillisPerRequest), argon2.processCpuMillis(), idle);
            report.print();
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

    /** The figures across rounds, per concurrency and per step, and the ratios to compare runs by. */
    private record Report(Map<Integer, List<FlowRoundResult>> byConcurrency, FlowRoundResult keptBrowsers, double tokenCpu, double argon2Cpu,
                          double idleCpuPerSecond) {

        void print() {
            System.out.printf("%nper concurrency (median of rounds):%n");
            System.out.printf("%-6s %9s %9s %9s %16s %22s%n", "c", "flows/s", "p50 ms", "p99 ms", "server CPU ms/flow", "load generator ms/flow");
            byConcurrency.forEach((c, rounds) -> System.out.printf("%-6d %9.1f %9.1f %9.1f %16.2f %22.2f%n", c,
                    median(rounds, r -> r.flows().throughput()), median(rounds, r -> r.flows().percentileMillis(50)),
                    median(rounds, r -> r.flows().percentileMillis(99)), median(rounds, r -> r.flows().cpuMillisPerRequest()),
                    median(rounds, FlowRoundResult::harnessCpuMillisPerFlow)));

            System.out.printf("%nlatency per step, p50 / p99 ms (all rounds of a concurrency together):%n%-14s", "step");
            byConcurrency.keySet().forEach(c -> System.out.printf(" %18s", "c=" + c));
            System.out.println();
            for (CodeFlow.Step step : CodeFlow.Step.values()) {
                if (byConcurrency.values().stream().flatMap(List::stream).noneMatch(r -> r.steps().containsKey(step))) {
                    continue;
                }
                System.out.printf("%-14s", step.label);
                byConcurrency.values().forEach(rounds -> {
                    LoadResult merged = merged(rounds, step);
                    System.out.printf(" %18s", String.format("%.1f / %.1f", merged.percentileMillis(50), merged.percentileMillis(99)));
                });
                System.out.println();
            }

            List<FlowRoundResult> single = byConcurrency.getOrDefault(1, List.of());
            int singleFlows = single.stream().mapToInt(r -> r.flows().ok()).sum();
            double singleCpu = single.stream().mapToDouble(r -> r.flows().serverCpuSeconds()).sum() * 1000 / singleFlows;
            double signInCpu = Double.NaN;
            if (singleFlows > 0) {
                System.out.printf("%nserver CPU per step, one flow at a time (c=1, %d flows, %.2f ms/flow in all):%n", singleFlows, singleCpu);
                double attributed = 0;
                for (CodeFlow.Step step : CodeFlow.Step.values()) {
                    double cpu = single.stream().mapToDouble(r -> r.stepCpuSeconds().getOrDefault(step, 0.0)).sum() * 1000 / singleFlows;
                    if (single.stream().anyMatch(r -> r.stepCpuSeconds().containsKey(step))) {
                        System.out.printf("  %-14s %7.2f ms  %5.1f %%%n", step.label, cpu, 100 * cpu / singleCpu);
                        attributed += cpu;
                        if (step == CodeFlow.Step.SIGN_IN) {
                            signInCpu = cpu;
                        }
                    }
                }
                System.out.printf("  %-14s %7.2f ms  %5.1f %%  (idle server: %.1f ms per second of the round)%n", "between steps",
                        singleCpu - attributed, 100 * (singleCpu - attributed) / singleCpu, idleCpuPerSecond);
            }

            int top = byConcurrency.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
            double flowCpu = median(byConcurrency.get(top), r -> r.flows().cpuMillisPerRequest());
            printThreads(top, byConcurrency.get(top));
            if (keptBrowsers != null) {
                double kept = keptBrowsers.flows().cpuMillisPerRequest();
                System.out.printf("%na browser per flow (new TLS connection) against one kept per user (c=%d): %.2f against %.2f ms/flow, "
                                + "so the new connection costs %.2f ms of server CPU per flow; %.1f against %.1f flows/s%n", top, flowCpu, kept,
                        flowCpu - kept, median(byConcurrency.get(top), r -> r.flows().throughput()), keptBrowsers.flows().throughput());
            }
            System.out.printf("%nbaseline, same run: one client_credentials token (private_key_jwt + DPoP, c=%d) costs %.3f ms of server CPU (median of rounds)%n",
                    BASELINE_CONCURRENCY, tokenCpu);
            System.out.printf("ratio: server CPU per flow (c=%d) / per client_credentials token = %.2f / %.3f = %.1f%n", top, flowCpu, tokenCpu, flowCpu / tokenCpu);
            System.out.printf("Argon2id share of a flow's CPU: one check %.1f ms with its GC (load generator) / %.2f ms per flow (c=%d) = %.0f %%", argon2Cpu, flowCpu, top,
                    100 * argon2Cpu / flowCpu);
            if (!Double.isNaN(signInCpu)) {
                System.out.printf("; the sign-in step's own CPU at c=1 (Argon2id and the rest of the POST): %.1f ms = %.0f %% of that flow's %.2f ms",
                        signInCpu, 100 * signInCpu / singleCpu, singleCpu);
            }
            System.out.println();
            System.out.printf("flow CPU without the password check: %.2f ms = %.1f client_credentials tokens%n", flowCpu - argon2Cpu,
                    (flowCpu - argon2Cpu) / tokenCpu);
            System.out.println("(no numeric target: issue 10 asks for these figures; compare runs by the ratios)");
        }

        /** The server's CPU per flow by kind of thread, over the rounds at concurrency {@code c}. */
        private static void printThreads(int c, List<FlowRoundResult> rounds) {
            int flows = rounds.stream().mapToInt(r -> r.flows().ok()).sum();
            double total = rounds.stream().mapToDouble(r -> r.flows().serverCpuSeconds()).sum() * 1000 / flows;
            Map<String, Double> kinds = new java.util.TreeMap<>();
            rounds.forEach(r -> r.threadCpuSeconds().forEach((kind, seconds) -> kinds.merge(kind, seconds * 1000 / flows, Double::sum)));
            System.out.printf("%nserver CPU per flow by thread (c=%d, %d flows, %.2f ms/flow in all):%n", c, flows, total);
            double shown = 0;
            for (var kind : kinds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
                if (kind.getValue() >= 0.01 * total) {
                    System.out.printf("  %-26s %7.2f ms  %5.1f %%%n", kind.getKey(), kind.getValue(), 100 * kind.getValue() / total);
                    shown += kind.getValue();
                }
            }
            System.out.printf("  %-26s %7.2f ms  %5.1f %%%n", "other (and ended threads)", total - shown, 100 * (total - shown) / total);
        }

        private static LoadResult merged(List<FlowRoundResult> rounds, CodeFlow.Step step) {
            long[] latencies = rounds.stream().filter(r -> r.steps().containsKey(step))
                    .flatMapToLong(r -> Arrays.stream(r.steps().get(step).latenciesMicros())).toArray();
            return new LoadResult(step.label, latencies.length, 0, 1, latencies, 0);
        }
    }

    private static FlowRoundResult print(FlowRoundResult result) {
        System.out.println(result.line());
        System.out.println(result.stepsLine());
        return result;
    }

    private static int count(Duration length) {
        return (int) (length.toSeconds() * FLOWS_PER_SECOND);
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
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
