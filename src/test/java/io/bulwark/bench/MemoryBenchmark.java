package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The memory harness of issue 10 ({@code bench/memory.sh}): the gateway of scenario (c) (full FAPI policy, a DPoP-bound
 * token, a fresh proof per request) under a long wrk load, with its resident set at idle and under load, its live heap
 * after a full GC each minute and after the load, the final histogram's largest classes, and the 256 MiB target.
 */
public final class MemoryBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.minutes", 10);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    // Proofs are signed during the previous segment and used during this one: both together must stay under 60 s.
    private static final int SEGMENT_SECONDS = Integer.getInteger("bench.segmentSeconds", 20);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.idleSeconds", 10);
    // Proofs for the first segment, before any throughput is known; later segments get 1.5 x the rate of the last finished
    // one, or twice its requests when it used up all its proofs (wrk sends each at most once, then its connections idle).
    private static final int FIRST_PROOFS_PER_SECOND = Integer.getInteger("bench.proofsPerSecond", 1000);
    private static final int MIN_PROOFS_PER_SECOND = 300;
    private static final Duration PROOF_MAX_AGE = Duration.ofSeconds(55);
    private static final long TARGET_MIB = 256;
    private static final int TOP_CLASSES = 10;

    /** One minute's sample under load: resident set and heap as they are, then the live objects (class histogram total). */
    private record Sample(long elapsedSeconds, long requests, ResidentMemory resident, Jcmd.HeapUse beforeGc, Jcmd.HeapUse live) {
    }

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bulwark-bench-memory");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        int directPort = FreePorts.next();
        DemoEnvironment environment = DemoEnvironment.prepare(dir.resolve("data"), ports);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Jcmd jcmd = new Jcmd();

        try (ServerProcess upstream = ServerProcess.start(List.of(java, "-cp", classpath, BenchUpstream.class.getName(),
                     environment.dataDir().resolve("tls").toString(), Integer.toString(ports.bank()), Integer.toString(directPort)),
                     dir.resolve("upstream.log"), "bench upstream ready");
             ServerProcess gateway = ServerProcess.start(gatewayCommand(java, classpath, environment.dataDir().toString(),
                     Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()), Integer.toString(ports.bank())),
                     dir.resolve("gateway.log"), "bench gateway ready")) {
            long pid = gateway.pid();
            System.out.printf("Memory benchmark: scenario (c) for %d min, wrk -t1 -c%d in segments of %d s (fresh token and proofs each),"
                    + " %d cores shared by load generator, gateway and upstream.%n", MINUTES, CONNECTIONS, SEGMENT_SECONDS,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("gateway + authorization server: one process (pid %d), as `bulwark serve` runs them; JVM flags (launcher's"
                    + " options, the rest ergonomic):%n  %s%n", pid, jcmd.flags(pid));

            Thread.sleep(IDLE_SECONDS * 1000L);
            ResidentMemory idle = ResidentMemory.of(pid);
            ResidentMemory upstreamIdle = ResidentMemory.of(upstream.pid());
            Jcmd.HeapUse idleHeap = jcmd.heapInfo(pid);
            jcmd.fullGc(pid);
            Jcmd.HeapUse idleLive = jcmd.heapInfo(pid);
            System.out.printf("%nidle, %d s after start: RSS %.1f MiB (peak %.1f), heap committed %.1f MiB, live heap after full GC %.1f MiB,"
                    + " metaspace %.1f MiB; upstream RSS %.1f MiB%n", IDLE_SECONDS, idle.rssMib(), idle.peakMib(), idleHeap.committedMib(),
                    idleLive.heapMib(), idleLive.metaspaceMib(), upstreamIdle.rssMib());

            ECKey dpopKey = DemoClientCredentials.dpopKey(environment.dataDir().resolve("demo/clients/demo-service.json"));
            String gatewayUrl = "https://localhost:" + ports.gateway();
            DemoServiceToken.checkCatalogue(environment, gatewayUrl, DemoServiceToken.token(environment, ports, dpopKey), dpopKey);
            // Access tokens live 5 minutes: each segment's requests carry one taken just before its proofs are signed.
            Supplier<String> freshToken = () -> {
                try {
                    return DemoServiceToken.token(environment, ports, dpopKey);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };

            AtomicLong served = new AtomicLong();
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            long failed = 0;
            long loadStart;
            // A daemon thread: if the load fails, the harness still exits.
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sampler").daemon().factory());
            try (FreshProofs proofs = new FreshProofs(dir, gatewayUrl, List.of("/bank/v1/products"), freshToken, dpopKey)) {
                int nextCount = SEGMENT_SECONDS * FIRST_PROOFS_PER_SECOND;
                double peakRate = 0;
                Future<FreshProofs.Segment> next = proofs.prepare(nextCount);
                next.get(); // the clock starts once the first segment's proofs are signed
                loadStart = System.nanoTime();
                long start = loadStart;
                sampler.scheduleAtFixedRate(() -> sample(jcmd, pid, start, served, samples), 60, 60, TimeUnit.SECONDS);
                long loadMillis = MINUTES * 60_000L;
                for (int segment = 1; ; segment++) {
                    long left = loadMillis - (System.nanoTime() - loadStart) / 1_000_000;
                    if (left < 1000) {
                        break;
                    }
                    if (!gateway.alive()) {
                        // Nothing in the harness stops it mid-load: a crash, or a signal from outside (the machine is shared).
                        throw new IllegalStateException("the gateway process ended during the load; its log: " + gateway.log());
                    }
                    int seconds = (int) Math.min(SEGMENT_SECONDS, left / 1000);
                    FreshProofs.Segment requests = next.get();
                    if (!requests.freshThrough(seconds, PROOF_MAX_AGE)) {
                        // Signing fell behind (a busy machine): sign afresh rather than send proofs the gateway would call stale.
                        System.out.println("  ! proofs of segment " + segment + " would go stale: signing them again");
                        requests = proofs.prepare(requests.proofs()).get();
                    }
                    next = proofs.prepare(nextCount);
                    Wrk.Run run = Wrk.run(gatewayUrl, requests.file(), CONNECTIONS, seconds, 0, dir, true);
                    boolean usedUp = run.requests() >= requests.proofs() - CONNECTIONS;
                    double rate = run.requests() / (double) seconds;
                    peakRate = Math.max(peakRate, rate);
                    // The gateway's best rate so far, with a margin; a segment that used all its proofs may have been held back.
                    nextCount = (int) (SEGMENT_SECONDS * Math.max(MIN_PROOFS_PER_SECOND, Math.max(1.5 * peakRate, usedUp ? 2 * rate : 0)));
                    served.addAndGet(run.requests() - run.errors());
                    failed += run.errors();
                    System.out.printf("  segment %2d: %3d s, %7d requests (%.0f/s) of %7d proofs (signed in %.1f s)%s, %d failed%n",
                            segment, seconds, run.requests(), run.requests() / run.seconds(), requests.proofs(), requests.signingSeconds(),
                            usedUp ? " (all used: load idled)" : "", run.errors());
                }
            }
            long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000L;
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.MINUTES);
            ResidentMemory afterLoad = ResidentMemory.of(pid);
            ResidentMemory upstreamAfter = ResidentMemory.of(upstream.pid());
            Jcmd.HeapUse afterHeap = jcmd.heapInfo(pid);
            jcmd.fullGc(pid);
            Jcmd.HeapUse finalLive = jcmd.heapInfo(pid);
            Jcmd.Histogram histogram = jcmd.histogram(pid, TOP_CLASSES);
            report(idle, idleHeap, idleLive, samples, afterLoad, afterHeap, upstreamAfter, finalLive, histogram, served.get(), failed, loadSeconds);
        }
    }

    /** Reads the resident set under load, then runs a full GC and reads the live heap; prints and keeps the sample. */
    private static void sample(Jcmd jcmd, long pid, long loadStart, AtomicLong served, List<Sample> samples) {
        try {
            ResidentMemory resident = ResidentMemory.of(pid);
            long requests = served.get();
            Jcmd.HeapUse beforeGc = jcmd.heapInfo(pid);
            // Under load, GC.heap_info read after GC.run also counts what the requests allocated between the two commands
            // (tens of MiB at 2 000 req/s): the histogram collects and counts the live objects in one safepoint instead.
            long liveBytes = jcmd.histogram(pid, 0).totalBytes();
            Jcmd.HeapUse live = new Jcmd.HeapUse(liveBytes / 1024, -1, jcmd.heapInfo(pid).metaspaceKib());
            Sample sample = new Sample((System.nanoTime() - loadStart) / 1_000_000_000L, requests, resident, beforeGc, live);
            samples.add(sample);
            System.out.printf("  sample at %4d s: RSS %7.1f MiB, heap committed %7.1f MiB, live heap %6.1f MiB, metaspace %5.1f MiB"
                    + " (%d requests in finished segments)%n", sample.elapsedSeconds(), resident.rssMib(), beforeGc.committedMib(),
                    sample.live().heapMib(), sample.live().metaspaceMib(), requests);
        } catch (Exception e) {
            System.out.println("  ! sample failed: " + e.getMessage());
        }
    }

    /** The gateway's process as gateway.sh starts it, with the JVM options of the `bulwark` launcher and nothing else. */
    private static List<String> gatewayCommand(String java, String classpath, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        // The launcher runs `java $BULWARK_JAVA_OPTS -jar bulwark.jar`, with BULWARK_JAVA_OPTS empty by default; the jar's
        // manifest adds Enable-Native-Access: ALL-UNNAMED. No heap option: the heap is the JVM's own choice on this machine.
        command.add("--enable-native-access=ALL-UNNAMED");
        String extra = System.getProperty("bench.gatewayJavaOpts", "").trim();
        if (!extra.isEmpty()) {
            // As BULWARK_JAVA_OPTS would be, e.g. -XX:StartFlightRecording:... to find what holds memory.
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, BenchGateway.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void report(ResidentMemory idle, Jcmd.HeapUse idleHeap, Jcmd.HeapUse idleLive, List<Sample> samples,
                               ResidentMemory afterLoad, Jcmd.HeapUse afterHeap,
                               ResidentMemory upstream, Jcmd.HeapUse finalLive, Jcmd.Histogram histogram, long served, long failed,
                               long loadSeconds) {
        System.out.printf("%nper minute of load (MiB): resident set and heap committed as sampled, then live heap (idle and after: GC.run + GC.heap_info;"
                + " under load: the class histogram's total, which collects and counts at once):%n");
        System.out.printf("  %8s %12s %10s %15s %10s %10s%n", "minute", "requests", "RSS", "heap committed", "live heap", "metaspace");
        System.out.printf("  %8s %12d %10.1f %15.1f %10.1f %10.1f%n", "idle", 0, idle.rssMib(), idleHeap.committedMib(), idleLive.heapMib(),
                idleLive.metaspaceMib());
        long peakUnderLoad = idle.rssKib();
        for (Sample s : samples) {
            peakUnderLoad = Math.max(peakUnderLoad, s.resident().rssKib());
            System.out.printf("  %8.1f %12d %10.1f %15.1f %10.1f %10.1f%n", s.elapsedSeconds() / 60.0, s.requests(), s.resident().rssMib(),
                    s.beforeGc().committedMib(), s.live().heapMib(), s.live().metaspaceMib());
        }
        System.out.printf("  %8s %12d %10.1f %15.1f %10.1f %10.1f%n", "after", served, afterLoad.rssMib(), afterHeap.committedMib(),
                finalLive.heapMib(),
                finalLive.metaspaceMib());
        if (samples.size() >= 3) {
            // The trend from the second sample on (the first still holds start-up and JIT growth): slope of a least-squares line.
            List<Sample> steady = samples.subList(1, samples.size());
            System.out.printf("  trend from minute %.0f on: %+.2f MiB per minute, %+.2f MiB per million requests%n",
                    steady.get(0).elapsedSeconds() / 60.0, slope(steady, s -> s.elapsedSeconds() / 60.0),
                    slope(steady, s -> s.requests() / 1e6));
        }

        System.out.printf("%nresident set (gateway + authorization server): idle %.1f MiB, under load up to %.1f MiB (sampled each minute),"
                + " peak VmHWM %.1f MiB, after the load %.1f MiB; upstream %.1f MiB (peak %.1f)%n", idle.rssMib(), peakUnderLoad / 1024.0,
                afterLoad.peakMib(), afterLoad.rssMib(), upstream.rssMib(), upstream.peakMib());
        System.out.printf("requests served: %d in %d s (%.0f req/s); failed (status >= 400 or socket errors): %d%n", served, loadSeconds,
                served / (double) Math.max(1, loadSeconds), failed);
        if (failed > 0) {
            System.out.printf("  ! %d requests failed (%.3f %%): the load was partly refused, see the segment lines above%n", failed,
                    100.0 * failed / Math.max(1, served + failed));
        }

        System.out.printf("%nfinal class histogram (live objects): %.1f MiB in %d objects; the %d largest classes:%n",
                histogram.totalBytes() / 1048576.0, histogram.totalInstances(), TOP_CLASSES);
        for (Jcmd.ClassRow row : histogram.top()) {
            System.out.printf("  %10.1f MiB %10d  %s%n", row.bytes() / 1048576.0, row.instances(), row.className());
        }

        double live = finalLive.heapMib();
        System.out.printf("%ntargets:%n  live heap after the %d-minute load < %d MiB:  %.1f MiB (idle after start %.1f MiB, x%.2f)   %s%n",
                Math.round(loadSeconds / 60.0), TARGET_MIB, live, idleLive.heapMib(), live / idleLive.heapMib(), live < TARGET_MIB ? "MET" : "MISSED");
    }

    private static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> x) {
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Sample s : samples) {
            double xi = x.applyAsDouble(s);
            double yi = s.live().heapMib();
            sx += xi;
            sy += yi;
            sxx += xi * xi;
            sxy += xi * yi;
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
    }
}
