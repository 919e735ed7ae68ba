package io.bulwark.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The token benchmark's load generator: a fixed number of concurrent clients (virtual threads sharing one Java
 * HttpClient per target, HTTP/1.1 keep-alive TLS) sending token requests made before the clock starts, either as fast
 * as answers come or each on a fixed schedule; the same generator for every server, so the comparison is fair.
 */
final class TokenLoad {

    /** A server and variant to load: its requests (each single-use: signed assertion, DPoP proof) and whose CPU counts. */
    record Target(String name, HttpClient http, Supplier<HttpRequest> next, ServerProcess server) {
    }

    /**
     * A round's figures, the first refused answer (status and body) if any was refused, whether its requests ran out
     * before its end, and how many requests a second the load generator made ahead of it.
     */
    record Round(LoadResult result, String firstFailure, boolean ranOut, double madePerSecond) {

        boolean valid() {
            return result.failed() == 0 && result.ok() > 0;
        }
    }

    private final int concurrency;

    TokenLoad(int concurrency) {
        this.concurrency = concurrency;
    }

    /**
     * Runs {@code target} for {@code length} with {@code requests} requests made ahead; {@code ratePerSecond} 0 means
     * unpaced, otherwise each client sends one request every {@code concurrency / rate} seconds.
     */
    Round run(String label, Target target, Duration length, int requests, double ratePerSecond) throws Exception {
        // Signing is the load generator's work, not the server's: all of it happens before the clock starts.
        long making = System.nanoTime();
        ConcurrentLinkedQueue<HttpRequest> queue = new ConcurrentLinkedQueue<>(
                IntStream.range(0, requests).parallel().mapToObj(i -> target.next().get()).toList());
        double madePerSecond = requests / ((System.nanoTime() - making) / 1e9);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long interval = ratePerSecond > 0 ? (long) (concurrency * 1e9 / ratePerSecond) : 0;
        double cpuBefore = target.server().cpuSeconds();
        double jitBefore = target.server().jitCpuSeconds();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                // Paced clients start spread over one interval, so the requests do not arrive in bursts of `concurrency`.
                long first = start + interval * c / concurrency;
                executor.submit(() -> {
                    long next = first;
                    HttpRequest request;
                    while (true) {
                        if (interval > 0) {
                            LockSupport.parkNanos(next - System.nanoTime());
                            // A late client sends at once but does not catch up with a burst.
                            next = Math.max(next + interval, System.nanoTime());
                        }
                        if (System.nanoTime() >= end || (request = queue.poll()) == null) {
                            break;
                        }
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = target.http().send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                                latencies.add((System.nanoTime() - sent) / 1000);
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = target.server().cpuSeconds() - cpuBefore;
        double jit = target.server().jitCpuSeconds() - jitBefore;
        LoadResult result = new LoadResult(label, ok.get(), failed.get(), seconds,
                latencies.stream().mapToLong(Long::longValue).toArray(), cpu, jit);
        return new Round(result, firstFailure.get(), queue.isEmpty() && seconds < length.toNanos() / 1e9 * 0.98,
                madePerSecond);
    }
}
