package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.testing.ClientAssertions;
import io.bulwark.testing.DpopProofs;
import io.bulwark.tls.TlsPolicy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Token-endpoint throughput: client_credentials with private_key_jwt + DPoP, and with mTLS, against the packaged
 * product running as its own process (`bench/token-endpoint.sh`). Assertions are signed ahead of
 * each round, so the figures are the server's, not the load generator's signing speed.
 */
public final class TokenEndpointBenchmark {

    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/bulwark.jar");
        try (DemoProcess demo = DemoProcess.start(jar, "token")) {
            ServerProcess server = demo.server();
            String issuer = demo.issuer();
            Path ca = demo.ca();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TlsPolicy.jdkClientContext(ca)).build();
            Path clients = demo.dataDir().resolve("demo/clients");
            HttpClient mtls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TlsPolicy.jdkClientContext(
                    new TlsFiles(clients.resolve("demo-mtls.crt"), clients.resolve("demo-mtls.key")), ca)).build();

            // FAPI 2.0 issues only sender-constrained tokens, so "without DPoP" is the other binding FAPI allows:
            // mTLS client authentication with a certificate-bound token.
            Map<String, RequestSource> variants = new LinkedHashMap<>();
            variants.put("private_key_jwt + DPoP", privateKeyJwtWithDpop(http, demo));
            variants.put("tls_client_auth + mTLS-bound", new RequestSource(mtls, () ->
                    HttpRequest.newBuilder(URI.create(issuer + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=demo-mtls&scope=accounts%3Aread")).build()));

            System.out.printf("Token endpoint benchmark: %d concurrent clients, %d rounds of %d s per variant after a warm-up, %d cores%n",
                    CONCURRENCY, ROUNDS, ROUND.toSeconds(), Runtime.getRuntime().availableProcessors());
            for (var variant : variants.entrySet()) {
                round(variant.getKey() + " warm-up", variant.getValue(), server, Duration.ofSeconds(Long.getLong("bench.warmup", 15)));
            }
            Map<String, List<LoadResult>> results = new LinkedHashMap<>();
            for (int i = 1; i <= ROUNDS; i++) {
                for (var variant : variants.entrySet()) {
                    LoadResult result = round(variant.getKey() + " round " + i, variant.getValue(), server, ROUND);
                    results.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(result);
                    System.out.println(result.line());
                }
            }
            results.forEach((name, rounds) -> System.out.printf("%s: mean %.0f tokens/s over %d rounds, median server CPU %.3f ms/token%n",
                    name, rounds.stream().mapToDouble(LoadResult::throughput).average().orElse(0), rounds.size(),
                    rounds.stream().mapToDouble(LoadResult::cpuMillisPerRequest).sorted().toArray()[rounds.size() / 2]));
        }
    }

    /** client_credentials as the demo's machine client asks for it: private_key_jwt and a DPoP proof, each signed ahead. */
    static RequestSource privateKeyJwtWithDpop(HttpClient http, DemoProcess demo) {
        Path credentials = demo.clientFile("demo-service");
        ECKey key = DemoClientCredentials.privateKey(credentials);
        ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
        String issuer = demo.issuer();
        return new RequestSource(http, () -> {
            String body = form(ClientAssertions.privateKeyJwt("demo-service", key, issuer, Instant.now(), Duration.ofSeconds(300))
                    .getClientAssertion().serialize());
            return HttpRequest.newBuilder(URI.create(issuer + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token")).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        });
    }

    /** Where a variant's requests go, and how to make one (signatures included) before the clock starts. */
    record RequestSource(HttpClient http, Supplier<HttpRequest> next) {
    }

    private static LoadResult round(String name, RequestSource source, ServerProcess server, Duration length) throws Exception {
        return round(name, source, server, length, CONCURRENCY, Integer.getInteger("bench.requestsPerSecond", 4000));
    }

    /**
     * {@code concurrency} clients send {@code source}'s requests for {@code length}, or until the
     * {@code length × requestsPerSecond} requests signed before the clock starts run out.
     */
    static LoadResult round(String name, RequestSource source, ServerProcess server, Duration length, int concurrency,
                            int requestsPerSecond) throws Exception {
        // Enough single-use requests for a generous rate; assertions and proofs are signed before the clock starts.
        int needed = (int) (length.toSeconds() * requestsPerSecond);
        ConcurrentLinkedQueue<HttpRequest> requests = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < needed; i++) {
            requests.add(source.next().get());
        }
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        double cpuBefore = server.cpuSeconds();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                executor.submit(() -> {
                    HttpRequest request;
                    while (System.nanoTime() < end && (request = requests.poll()) != null) {
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = source.http().send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                                latencies.add((System.nanoTime() - sent) / 1000);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server.cpuSeconds() - cpuBefore;
        return new LoadResult(name, ok.get(), failed.get(), seconds, latencies.stream().mapToLong(Long::longValue).toArray(), cpu);
    }

    private static String form(String assertion) {
        return "grant_type=client_credentials&scope=" + URLEncoder.encode("products:read", StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode(ClientAssertions.JWT_BEARER, StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
    }
}
