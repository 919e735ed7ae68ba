package io.bulwark.bench;

import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 10's third lever, measured alone (bench/hand-off.sh): what the thread hand-offs of a gateway request cost in
 * server CPU and in latency. Three {@link HandOffProxy} processes proxy the same request to the same upstream over the
 * same mTLS: on the event loop alone, on a virtual thread per request (the gateway's model), and on a virtual thread
 * that also waits for a writer thread (the gateway's audit commit). Rounds interleave; medians are compared.
 */
public final class HandOffBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final List<String> MODES = List.of("event-loop", "virtual-thread", "virtual-thread-writer");

    private HandOffBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bulwark-bench-hand-off");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        Path data = dir.resolve("data");
        DemoEnvironment.prepare(data, ports);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Map<String, ServerProcess> proxies = new LinkedHashMap<>();
        Map<String, Integer> proxyPorts = new LinkedHashMap<>();
        try (ServerProcess upstream = ServerProcess.start(List.of(java, "-cp", classpath, BenchUpstream.class.getName(),
                data.resolve("tls").toString(), Integer.toString(ports.bank()), Integer.toString(FreePorts.next())),
                dir.resolve("upstream.log"), "bench upstream ready")) {
            for (String mode : MODES) {
                int port = FreePorts.next();
                proxyPorts.put(mode, port);
                proxies.put(mode, ServerProcess.start(GatewayBenchmark.javaCommand(java, classpath, HandOffProxy.class, mode, data.toString(),
                        Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()), Integer.toString(ports.bank()),
                        Integer.toString(port)), dir.resolve(mode + ".log"), "hand-off proxy ready"));
            }
            Path requests = Wrk.requests(dir.resolve("requests.txt"), List.of("/bank/v1/products"), Map.of("X-Bulwark-Subject", "demo-service"));
            System.out.printf("Hand-off benchmark: wrk -t1 -c%d, %d rounds of %d s per mode (interleaved), %d cores shared by load "
                    + "generator, proxy and upstream.%n", CONNECTIONS, ROUNDS, SECONDS, Runtime.getRuntime().availableProcessors());
            for (String mode : MODES) {
                print("warm-up", measure(mode, proxies.get(mode), proxyPorts.get(mode), requests, WARMUP, 0, dir));
            }
            Map<String, List<LoadResult>> full = rounds(proxies, proxyPorts, requests, 0, dir, "round");
            double slowest = full.values().stream().mapToDouble(r -> LoadResult.median(r.stream().mapToDouble(LoadResult::throughput)))
                    .min().orElseThrow();
            int paceMillis = Math.max(1, (int) (CONNECTIONS * 1000 / (slowest / 2)));
            System.out.printf("%nPaced rounds: one request per connection every %d ms after its answer (about %d req/s, half of the "
                    + "slowest mode's throughput)%n", paceMillis, CONNECTIONS * 1000 / paceMillis);
            Map<String, List<LoadResult>> paced = rounds(proxies, proxyPorts, requests, paceMillis, dir, "paced");
            report(full, paced);
        } finally {
            proxies.values().forEach(ServerProcess::close);
        }
    }

    private static Map<String, List<LoadResult>> rounds(Map<String, ServerProcess> proxies, Map<String, Integer> ports, Path requests,
                                                        int paceMillis, Path dir, String label) throws Exception {
        Map<String, List<LoadResult>> results = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String mode : MODES) {
                LoadResult result = measure(mode, proxies.get(mode), ports.get(mode), requests, SECONDS, paceMillis, dir);
                results.computeIfAbsent(mode, k -> new ArrayList<>()).add(result);
                print(label + " " + round, result);
            }
        }
        return results;
    }

    private static LoadResult measure(String mode, ServerProcess proxy, int port, Path requests, int seconds, int paceMillis, Path dir)
            throws Exception {
        double before = proxy.cpuSeconds();
        double jitBefore = proxy.jitCpuSeconds();
        Wrk.Run run = Wrk.run("https://localhost:" + port, requests, CONNECTIONS, seconds, paceMillis, dir);
        // wrk reports percentiles, not samples: latenciesMicros holds p50, p99 and p99.9 here.
        return new LoadResult(mode, (int) (run.requests() - run.errors()), (int) run.errors(), run.seconds(),
                new long[] {(long) run.p50(), (long) run.p99(), (long) run.p999()}, proxy.cpuSeconds() - before, proxy.jitCpuSeconds() - jitBefore);
    }

    private static void print(String label, LoadResult result) {
        System.out.printf("%-8s %-22s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  proxy CPU %6.3f ms/req, JIT %6.3f  (%d ok, %d failed)%n",
                label, result.name(), result.throughput(), result.latenciesMicros()[0] / 1000.0, result.latenciesMicros()[1] / 1000.0,
                result.cpuMillisPerRequest(), result.jitMillisPerRequest(), result.ok(), result.failed());
    }

    private static void report(Map<String, List<LoadResult>> full, Map<String, List<LoadResult>> paced) {
        System.out.printf("%n%-22s %10s %14s %16s %16s%n", "median of rounds", "req/s", "CPU ms/req", "paced p50 ms", "paced p99 ms");
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String mode : MODES) {
            List<LoadResult> f = full.get(mode);
            List<LoadResult> p = paced.get(mode);
            double[] m = {LoadResult.median(f.stream().mapToDouble(LoadResult::throughput)),
                    LoadResult.median(f.stream().mapToDouble(LoadResult::cpuMillisPerRequest)),
                    LoadResult.median(p.stream().mapToDouble(r -> r.latenciesMicros()[0] / 1000.0)),
                    LoadResult.median(p.stream().mapToDouble(r -> r.latenciesMicros()[1] / 1000.0))};
            medians.put(mode, m);
            System.out.printf("%-22s %10.0f %14.3f %16.2f %16.2f%n", mode, m[0], m[1], m[2], m[3]);
        }
        double[] loop = medians.get("event-loop");
        double[] virtual = medians.get("virtual-thread");
        double[] writer = medians.get("virtual-thread-writer");
        System.out.printf("%nthe virtual thread per request: %+.3f ms CPU per request (%.2fx), %+.2f ms at p99 paced%n",
                virtual[1] - loop[1], virtual[1] / loop[1], virtual[3] - loop[3]);
        System.out.printf("the writer thread's wait on top: %+.3f ms CPU per request (%.2fx), %+.2f ms at p99 paced%n",
                writer[1] - virtual[1], writer[1] / virtual[1], writer[3] - virtual[3]);
        System.out.printf("all hand-offs of the gateway's model: %+.3f ms CPU per request, %+.2f ms at p99 paced%n",
                writer[1] - loop[1], writer[3] - loop[3]);
    }
}
