package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway benchmark of issue 5 (`bench/gateway.sh`): the demo bank's JSON endpoints loaded
 * (a) directly over TLS, (n) through nginx as a plain TLS reverse proxy, (b) through the gateway's
 * listener, route table and access-token verification alone, (c) through the gateway with the full
 * FAPI policy (a fresh DPoP proof per request, made ahead), each server in its own process, with wrk,
 * keep-alive TLS, fixed concurrency and interleaved rounds; then one DPoP proof verification alone
 * (JMH) and a paced round of (a) and (c) at half of (c)'s rate. Prints requests/s, p50/p99/p99.9 and
 * server CPU time per request, the ratios, and each of the targets as met or missed.
 */
public final class GatewayBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    // The gateway is a large Java program: its JIT compiler is still busy after 10 s at a few hundred requests a second.
    private static final int GATEWAY_WARMUP = Integer.getInteger("bench.gatewayWarmup", 60);
    // JVM options for the two gateway processes, e.g. -XX:StartFlightRecording=filename=gw.jfr to profile them.
    private static final List<String> GATEWAY_JVM = System.getProperty("bench.gatewayJavaOpts", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.gatewayJavaOpts").trim().split("\\s+"));
    private static final String DIRECT = "(a) direct upstream over TLS";
    private static final String NGINX = "(n) nginx TLS reverse proxy";
    private static final String JWT_ONLY = "(b) gateway, JWT validation only";
    private static final String FAPI = "(c) gateway, full FAPI policy";
    private static final String PACED = " at half of (c)'s rate";
    // More proofs than the gateway can use in a round, so none repeats (a repeated jti is refused).
    private static final int PROOFS_PER_SECOND = Integer.getInteger("bench.proofsPerSecond", 5000);
    // A lever measured against the build before it, in the same run: another build's target/classes for a second (c) gateway.
    private static final String BASELINE_CLASSES = System.getProperty("bench.baselineClasses", "");
    // "fapi": only (c), and (c) of the baseline build if given; no nginx, (b), JMH or paced rounds.
    private static final boolean FAPI_ONLY = "fapi".equals(System.getProperty("bench.only", ""));
    // Issue 11's cost: (c) with metrics, traces exported (10 % sampled, to a receiver process of its own) and JSON log lines,
    // against (c0): the same build with the three off (no metrics, export off, text logs), or -Dbench.baselineClasses if given.
    private static final boolean OBSERVABILITY = Boolean.getBoolean("bench.observability");
    // Issue 12's cost: (c) with the node's defaults (the behaviour detector on), against (c0), the same build without it.
    private static final boolean ANOMALY = Boolean.getBoolean("bench.anomaly");
    // Warm-up goes on while the JIT compiler takes more than this share of a scenario's CPU, for at most this many seconds
    // more: a scenario with more code (trace export, protobuf, the HTTP client) compiles for longer before it is steady.
    private static final double WARMUP_JIT_SHARE = Double.parseDouble(System.getProperty("bench.warmupJitShare", "0.05"));
    private static final int WARMUP_EXTRA_SECONDS = Integer.getInteger("bench.warmupExtraSeconds", 120);
    private static final String FAPI_BASELINE = !BASELINE_CLASSES.isBlank() ? "(c0) full FAPI policy, baseline build"
            : OBSERVABILITY ? "(c0) full FAPI policy, watching off" : "(c0) full FAPI policy, detector off";

    /** A scenario: where wrk sends requests, how its requests file is made for each round, whose CPU counts as "the server". */
    private record Scenario(String name, String baseUrl, RequestsFile requests, ProcessCpu server, ProcessCpu jit, int warmupSeconds) {
    }

    /** CPU seconds so far per kind of thread of a scenario's server process, to show where a lever's difference goes. */
    @FunctionalInterface
    private interface ThreadCpu {
        Map<String, Double> secondsByKind() throws IOException;
    }

    @FunctionalInterface
    private interface RequestsFile {
        /** Writes the requests for a run of {@code seconds} and returns the file. */
        Path write(int seconds) throws IOException;
    }

    @FunctionalInterface
    private interface ProcessCpu {
        double seconds() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bulwark-bench-gateway");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        int directPort = FreePorts.next();
        int nginxPort = FreePorts.next();
        int jwtOnlyPort = FreePorts.next();
        DemoEnvironment environment = DemoEnvironment.prepare(dir.resolve("data"), ports);
        Path tls = environment.dataDir().resolve("tls");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");

        ServerProcess otlp = OBSERVABILITY ? ServerProcess.start(List.of(java, "-cp", classpath, BenchOtlpReceiver.class.getName()),
                dir.resolve("otlp.log"), "bench otlp receiver ready") : null;
        List<String> observed = otlp == null ? List.of() : List.of("-Dbench.tracing=" + Files.readString(dir.resolve("otlp.log")).lines()
                .filter(line -> line.startsWith("bench otlp receiver ready: ")).findFirst().orElseThrow()
                .substring("bench otlp receiver ready: ".length()), "-Dbulwark.log.appender=json");
        List<String> gatewayCommand = new ArrayList<>(javaCommand(java, classpath, BenchGateway.class, environment.dataDir().toString(),
                Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()), Integer.toString(ports.bank())));
        gatewayCommand.addAll(1, observed);
        try (otlp;
             ServerProcess upstream = ServerProcess.start(List.of(java, "-cp", classpath, BenchUpstream.class.getName(),
                     tls.toString(), Integer.toString(ports.bank()), Integer.toString(directPort)), dir.resolve("upstream.log"),
                     "bench upstream ready");
             ServerProcess gateway = ServerProcess.start(gatewayCommand, dir.resolve("gateway.log"), "bench gateway ready");
             ServerProcess nginx = Nginx.start(dir, nginxPort, environment, ports.bank());
             // Started after the full gateway: it reads that process's data folder and fetches its JWKS.
             ServerProcess jwtOnly = ServerProcess.start(javaCommand(java, classpath, BenchJwtOnlyGateway.class,
                     environment.dataDir().toString(), Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()),
                     Integer.toString(ports.bank()), Integer.toString(jwtOnlyPort)), dir.resolve("jwt-only.log"), "bench jwt-only gateway ready")) {

            Path credentials = environment.dataDir().resolve("demo/clients/demo-service.json");
            ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
            String token = DemoServiceToken.token(environment, ports, dpopKey);
            BaselineGateway baseline = !BASELINE_CLASSES.isBlank()
                    ? BaselineGateway.start(dir, tls, java, baselineClasspath(classpath), List.of(), ports.bank())
                    : sameBuildBaselineSwitch().isEmpty() ? null
                    : BaselineGateway.start(dir, tls, java, classpath, sameBuildBaselineSwitch(), ports.bank());
            // Access tokens live 5 minutes, less than a whole run: each round's requests get a token of their own.
            java.util.function.Supplier<String> freshToken = () -> {
                try {
                    return DemoServiceToken.token(environment, ports, dpopKey);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            String gatewayUrl = "https://localhost:" + ports.gateway();
            // A client's own token reaches no customer's data (x-bulwark-caller: user), so the machine client reads the catalogue.
            DemoServiceToken.checkCatalogue(environment, gatewayUrl, token, dpopKey);
            List<String> paths = List.of("/bank/v1/products");
            List<String> upstreamPaths = paths.stream().map(p -> p.substring("/bank/v1".length())).toList();
            Map<String, String> machineCaller = Map.of("X-Bulwark-Subject", "demo-service");

            Path direct = Wrk.requests(dir.resolve("direct.txt"), upstreamPaths, machineCaller);
            Path viaNginx = Wrk.requests(dir.resolve("nginx.txt"), paths, machineCaller);
            // (b) verifies the token only: the DPoP scheme with no proof, which only the sender-constraint step would ask for.
            RequestsFile tokenOnly = seconds -> Wrk.requests(dir.resolve("jwt-only.txt"), paths, Map.of("Authorization", "DPoP " + freshToken.get()));
            Scenario directScenario = new Scenario(DIRECT, "https://localhost:" + directPort, seconds -> direct, upstream::cpuSeconds,
                    upstream::jitCpuSeconds, WARMUP);
            // A fresh DPoP proof per request (unique jti, ath), made before the round starts.
            Scenario fapiScenario = new Scenario(FAPI, gatewayUrl, seconds -> Wrk.dpopRequests(dir.resolve("gateway.txt"), gatewayUrl, paths,
                    freshToken.get(), dpopKey, seconds * PROOFS_PER_SECOND), gateway::cpuSeconds, gateway::jitCpuSeconds, GATEWAY_WARMUP);
            List<Scenario> scenarios = new ArrayList<>();
            if (!FAPI_ONLY) {
                scenarios.addAll(List.of(directScenario,
                        new Scenario(NGINX, "https://localhost:" + nginxPort, seconds -> viaNginx, () -> Nginx.cpuSeconds(nginx), () -> 0, WARMUP),
                        new Scenario(JWT_ONLY, "https://localhost:" + jwtOnlyPort, tokenOnly, jwtOnly::cpuSeconds, jwtOnly::jitCpuSeconds,
                                GATEWAY_WARMUP)));
            }
            scenarios.add(fapiScenario);
            if (baseline != null) {
                String baselineUrl = "https://localhost:" + baseline.ports().gateway();
                scenarios.add(new Scenario(FAPI_BASELINE, baselineUrl, seconds -> Wrk.dpopRequests(dir.resolve("baseline.txt"), baselineUrl, paths,
                        baseline.freshToken(), baseline.dpopKey(), seconds * PROOFS_PER_SECOND), baseline.process()::cpuSeconds,
                        baseline.process()::jitCpuSeconds, GATEWAY_WARMUP));
            }

            System.out.printf("Gateway benchmark: wrk -t1 -c%d, %d rounds of %d s per scenario (interleaved), %d cores shared by "
                    + "load generator, proxy and upstream; %d request paths rotated.%n", CONNECTIONS, ROUNDS, SECONDS,
                    Runtime.getRuntime().availableProcessors(), paths.size());
            for (Scenario scenario : scenarios) {
                // Warm-up (JIT), discarded; in parts of at most 20 s, since DPoP proofs made ahead go stale after 60 s. On a
                // busy machine the JIT needs longer: it goes on, up to 120 s more, while the compiler takes over 5 % of the CPU.
                LoadResult last = null;
                for (int left = scenario.warmupSeconds(); left > 0; left -= 20) {
                    last = measure(scenario, Math.min(20, left), dir, 0);
                    print("warm-up", last);
                }
                for (int extra = 0; last != null && extra < WARMUP_EXTRA_SECONDS
                        && last.jitMillisPerRequest() > WARMUP_JIT_SHARE * last.cpuMillisPerRequest(); extra += 20) {
                    last = measure(scenario, 20, dir, 0);
                    print("warm-up+", last);
                }
            }
            Map<String, List<LoadResult>> results = new LinkedHashMap<>();
            // Where the lever's CPU goes: each gateway's threads by kind, summed over the rounds it was measured in.
            Map<String, ThreadCpu> threadCpu = new LinkedHashMap<>();
            threadCpu.put(FAPI, gateway::cpuSecondsByThreadKind);
            if (baseline != null) {
                threadCpu.put(FAPI_BASELINE, baseline.process()::cpuSecondsByThreadKind);
            }
            Map<String, Map<String, Double>> threadSeconds = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                // Every other round in reverse order (A B, B A, ...): a machine that speeds up or slows down over the run
                // then weighs on each scenario alike, instead of always on the one measured first.
                for (Scenario scenario : round % 2 == 1 ? scenarios : scenarios.reversed()) {
                    ThreadCpu threads = threadCpu.get(scenario.name());
                    Map<String, Double> before = threads == null ? Map.of() : threads.secondsByKind();
                    LoadResult result = measure(scenario, SECONDS, dir, 0);
                    if (threads != null) {
                        Map<String, Double> used = threadSeconds.computeIfAbsent(scenario.name(), k -> new java.util.TreeMap<>());
                        threads.secondsByKind().forEach((kind, seconds) -> used.merge(kind, seconds - before.getOrDefault(kind, 0.0), Double::sum));
                        used.merge(REQUESTS, (double) result.ok(), Double::sum);
                    }
                    results.computeIfAbsent(scenario.name(), k -> new ArrayList<>()).add(result);
                    print("round " + round, result);
                }
            }
            Map<String, double[]> medians = report(results);
            if (baseline != null) {
                printThreadCpu(threadSeconds.get(FAPI), threadSeconds.get(FAPI_BASELINE));
                baseline.close();
                double lever = medians.get(FAPI)[4] / medians.get(FAPI_BASELINE)[4];
                double leverWithoutJit = withoutJit(results.get(FAPI)) / withoutJit(results.get(FAPI_BASELINE));
                System.out.printf("%nlever: (c) / (c0) CPU per request = %.3f / %.3f ms = %.2f (without the JIT compiler's share: %.2f); "
                        + "throughput %.2f%n", medians.get(FAPI)[4], medians.get(FAPI_BASELINE)[4], lever, leverWithoutJit,
                        medians.get(FAPI)[0] / medians.get(FAPI_BASELINE)[0]);
                if (ANOMALY) {
                    // Issue 12: the detectors at most 5 % more CPU per request.
                    System.out.printf("target (issue 12): the behaviour detector's CPU per request <= 1.05 x (c0): %.3f   %s%n", lever,
                            lever <= 1.05 ? "MET" : "MISSED");
                }
                if (OBSERVABILITY) {
                    // Issue 11: metrics, traces sampled at 10 % and JSON logging at most 3 % more CPU per request.
                    System.out.printf("target (issue 11): observability's CPU per request <= 1.03 x (c0): %.3f   %s%n", lever,
                            lever <= 1.03 ? "MET" : "MISSED");
                }
            }
            if (FAPI_ONLY) {
                return;
            }
            // The same signature providers as the gateway processes (-Dbench.gatewayJavaOpts=-Dbulwark.crypto=java forces pure Java).
            double dpopMicros = DpopProofJmh.microsPerVerification(GATEWAY_JVM.contains("-Dbulwark.crypto=java") ? "java" : "auto");
            System.out.printf("%nJMH, one DPoP proof verification alone (ES256, claims, htu/htm, ath, jti in the replay guard): %.1f µs%n",
                    dpopMicros);

            // p99 added latency at half of (c)'s throughput: (a) and (c) paced at the same rate, rounds interleaved.
            int rate = (int) Math.max(1, medians.get(FAPI)[0] / 2);
            int paceMillis = Math.max(1, CONNECTIONS * 1000 / rate);
            System.out.printf("%nPaced rounds: %d connections, one request per connection every %d ms after its answer (about %d req/s)%n",
                    CONNECTIONS, paceMillis, CONNECTIONS * 1000 / paceMillis);
            Map<String, List<LoadResult>> paced = new LinkedHashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (Scenario scenario : List.of(directScenario, fapiScenario)) {
                    LoadResult result = measure(scenario, SECONDS, dir, paceMillis);
                    paced.computeIfAbsent(scenario.name() + PACED, k -> new ArrayList<>()).add(result);
                    print("paced " + round, result);
                }
            }
            Map<String, double[]> pacedMedians = report(paced);
            targets(medians, pacedMedians);
        }
    }

    /** What (c0) turns off when it is this build: watching (issue 11), the behaviour detector (issue 12), or nothing asked. */
    private static List<String> sameBuildBaselineSwitch() {
        return OBSERVABILITY ? List.of("-Dbench.metrics=false") : ANOMALY ? List.of("-Dbench.anomaly=false") : List.of();
    }

    /**
     * The classpath with the other build's classes, and its bench classes too when it has them (a sibling
     * {@code test-classes}): the bench gateway is then compiled against the configuration records of its own build.
     */
    private static String baselineClasspath(String classpath) {
        Path testClasses = Path.of(BASELINE_CLASSES).resolveSibling("test-classes");
        String withClasses = classpath.replace("target/classes", BASELINE_CLASSES);
        return Files.isDirectory(testClasses) ? withClasses.replace("target/test-classes", testClasses.toString()) : withClasses;
    }

    static List<String> javaCommand(String java, String classpath, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        // The product's logging (masking converters, the text or JSON appender), not the test sources' logback-test.xml.
        command.add("-Dlogback.configurationFile=logback.xml");
        command.addAll(GATEWAY_JVM);
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static final String REQUESTS = " requests";

    /** CPU per request by thread kind, (c) against (c0), over all measured rounds; kinds under 1 µs a request in both left out. */
    private static void printThreadCpu(Map<String, Double> fapi, Map<String, Double> baseline) {
        System.out.printf("%nCPU per request by thread kind, all rounds (µs):%n%-40s %10s %10s %10s%n", "thread kind", "(c)", "(c0)", "(c)-(c0)");
        java.util.Set<String> kinds = new java.util.TreeSet<>(fapi.keySet());
        kinds.addAll(baseline.keySet());
        kinds.remove(REQUESTS);
        double fapiRequests = fapi.get(REQUESTS);
        double baselineRequests = baseline.get(REQUESTS);
        for (String kind : kinds) {
            double c = fapi.getOrDefault(kind, 0.0) * 1e6 / fapiRequests;
            double c0 = baseline.getOrDefault(kind, 0.0) * 1e6 / baselineRequests;
            if (c >= 1 || c0 >= 1) {
                System.out.printf("%-40s %10.1f %10.1f %+10.1f%n", kind, c, c0, c - c0);
            }
        }
    }

    private static void print(String label, LoadResult result) {
        System.out.printf("%-8s %-32s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  server CPU %6.3f ms/req, JIT %6.3f  (%d ok, %d failed)%n",
                label, result.name(), result.throughput(), result.latenciesMicros()[0] / 1000.0, result.latenciesMicros()[1] / 1000.0,
                result.latenciesMicros()[2] / 1000.0, result.cpuMillisPerRequest(), result.jitMillisPerRequest(), result.ok(), result.failed());
        if (result.failed() > 0) {
            // With (c), failures are replayed proofs once the round has used up the ones made for it: the figures are then capped.
            System.out.printf("         ! %d requests failed: for (c), the round may have run out of proofs (raise -Dbench.proofsPerSecond)%n",
                    result.failed());
        }
    }

    /** Issue 10's targets, each printed with the figures it compares and MET or MISSED. */
    private static void targets(Map<String, double[]> medians, Map<String, double[]> paced) {
        double[] nginx = medians.get(NGINX);
        double[] jwtOnly = medians.get(JWT_ONLY);
        double[] fapi = medians.get(FAPI);
        double bOverN = jwtOnly[0] / nginx[0];
        double cOverN = fapi[0] / nginx[0];
        double addedP99 = paced.get(FAPI + PACED)[2] - paced.get(DIRECT + PACED)[2];
        System.out.printf("%ntargets (issue 10):%n");
        System.out.printf("  (b) throughput >= 0.9 x (n):                 b/n = %.2f                         %s%n", bOverN,
                bOverN >= 0.9 ? "MET" : "MISSED");
        System.out.printf("  (c) server CPU/req <= 0.25 ms:               %.3f ms                           %s%n", fapi[4],
                fapi[4] <= 0.25 ? "MET" : "MISSED");
        System.out.printf("  (c) throughput >= 0.4 x (n):                 c/n = %.2f                         %s%n", cOverN,
                cOverN >= 0.4 ? "MET" : "MISSED");
        System.out.printf("  p99 added at half of (c)'s rate < 2 ms:      %.2f ms (c) - %.2f ms (a) = %.2f ms   %s%n",
                paced.get(FAPI + PACED)[2], paced.get(DIRECT + PACED)[2], addedP99, addedP99 < 2.0 ? "MET" : "MISSED");
    }

    private static LoadResult measure(Scenario scenario, int seconds, Path dir, int paceMillis) throws Exception {
        Path requests = scenario.requests().write(seconds);
        double before = scenario.server().seconds();
        double jitBefore = scenario.jit().seconds();
        Wrk.Run run = Wrk.run(scenario.baseUrl(), requests, CONNECTIONS, seconds, paceMillis, dir);
        double cpu = scenario.server().seconds() - before;
        double jit = scenario.jit().seconds() - jitBefore;
        // wrk reports percentiles, not samples: latenciesMicros holds p50, p99 and p99.9 here.
        return new LoadResult(scenario.name(), (int) (run.requests() - run.errors()), (int) run.errors(), run.seconds(),
                new long[] {(long) run.p50(), (long) run.p99(), (long) run.p999()}, cpu, jit);
    }

    private static Map<String, double[]> report(Map<String, List<LoadResult>> results) {
        System.out.println();
        System.out.printf("%-34s %10s %10s %10s %10s %14s%n", "median of rounds", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "CPU ms/req");
        Map<String, double[]> medians = new LinkedHashMap<>();
        results.forEach((name, rounds) -> {
            double[] m = {LoadResult.median(rounds.stream().mapToDouble(LoadResult::throughput)),
                    LoadResult.median(rounds.stream().mapToDouble(r -> r.latenciesMicros()[0] / 1000.0)),
                    LoadResult.median(rounds.stream().mapToDouble(r -> r.latenciesMicros()[1] / 1000.0)),
                    LoadResult.median(rounds.stream().mapToDouble(r -> r.latenciesMicros()[2] / 1000.0)),
                    LoadResult.median(rounds.stream().mapToDouble(LoadResult::cpuMillisPerRequest))};
            medians.put(name, m);
            System.out.printf("%-34s %10.0f %10.2f %10.2f %10.2f %14.3f%n", name, m[0], m[1], m[2], m[3], m[4]);
        });
        if (medians.containsKey(NGINX)) {
            double[] direct = medians.get(DIRECT);
            double[] nginx = medians.get(NGINX);
            double[] jwtOnly = medians.get(JWT_ONLY);
            double[] fapi = medians.get(FAPI);
            System.out.printf("%nratios: n/a = %.2f   b/n = %.2f   c/n = %.2f   CPU per request: b/n = %.1f, c/b = %.1f%n", nginx[0] / direct[0],
                    jwtOnly[0] / nginx[0], fapi[0] / nginx[0], jwtOnly[4] / nginx[4], fapi[4] / jwtOnly[4]);
        }
        return medians;
    }

    private static double withoutJit(List<LoadResult> rounds) {
        return LoadResult.median(rounds.stream().mapToDouble(r -> r.cpuMillisPerRequest() - r.jitMillisPerRequest()));
    }
}
