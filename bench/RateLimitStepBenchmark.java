/*
 * The cost of the rate-limit step, local and on Redis, as a ratio against the same pipeline without it.
 *
 * Run from the repository root (JDK 25; Redis at 127.0.0.1:6379 for the Redis rows, else they are skipped):
 *
 *   bench/run-rate-limit-benchmark.sh
 *
 * Each configuration runs the gateway pipeline in process (security events, route, access token: ES256 verified
 * once per token and cached, as in the product; scope, and a terminal step standing in for the upstream), on 1 and on 4 threads: a warm-up, then
 * interleaved rounds whose median is reported. No network between client and gateway: what is measured is the step's
 * own cost. Then the limiter alone, one token per call. Options: -Dwarmup=S -Dmeasure=S -Drounds=N -Dredis=URL.
 */

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.config.RedisConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.RateLimitStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.steps.ScopeStep;
import io.bulwark.gateway.steps.SecurityEventStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.ratelimit.LocalRateLimiter;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.ratelimit.redis.RedisRateLimiter;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class RateLimitStepBenchmark {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("warmup", 3));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("measure", 2));
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int CLIENTS = 1000;

    public static void main(String[] args) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            tokens.add(token(key, "client-" + i));
        }
        // Limits far above what a run reaches: the step does all its work and never refuses.
        RateLimitsConfig config = new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of(), List.of(
                new RateLimitPolicyConfig("per-client", List.of(RateLimitPolicyConfig.KeyPart.CLIENT), 1_000_000_000L, Duration.ofMinutes(1),
                        null, RateLimitPolicyConfig.Refill.INTERVAL, null, null, null)));
        RateLimitPolicies policies = new RateLimitPolicies(config, List.of("getAccount"));

        RedisConfig redis = new RedisConfig(URI.create(System.getProperty("redis", "redis://127.0.0.1:6379")), null,
                "bulwark-bench-" + System.nanoTime(), Duration.ofMillis(500));
        try (RedisLink link = new RedisLink(redis)) {
            Map<String, GatewayPipeline> configurations = new LinkedHashMap<>();
            configurations.put("without rate limit", pipeline(key, null, null));
            configurations.put("rate limit, local buckets", pipeline(key, policies, new LocalRateLimiter(Clock.systemUTC())));
            if (link.answers()) {
                configurations.put("rate limit, Redis buckets", pipeline(key, policies, new RedisRateLimiter(link, Clock.systemUTC())));
            } else {
                System.out.println("Redis rows skipped: no Redis at " + redis.url());
            }
            System.out.printf("load average before: %s; %d rounds of %d s per configuration, interleaved; medians%n",
                    loadAverage(), ROUNDS, MEASURE.toSeconds());
            System.out.printf("%-28s %8s %14s %12s %8s%n", "configuration", "threads", "requests/s", "µs/request", "ratio");
            for (int threads : new int[] {1, 4}) {
                for (GatewayPipeline pipeline : configurations.values()) {
                    measure(pipeline, tokens, threads, WARM_UP);
                }
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    // Interleaved rounds, so that drift in machine load falls on every configuration alike.
                    for (var entry : configurations.entrySet()) {
                        long count = measure(entry.getValue(), tokens, threads, MEASURE);
                        rates.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(count / (MEASURE.toNanos() / 1e9));
                    }
                }
                double baseline = median(rates.get("without rate limit"));
                for (var entry : rates.entrySet()) {
                    double perSecond = median(entry.getValue());
                    System.out.printf("%-28s %8d %14.0f %12.1f %8.2f%n", entry.getKey(), threads, perSecond, 1e6 * threads / perSecond,
                            baseline / perSecond);
                }
            }
            // The step's own work, without the rest of the pipeline: one token taken per call.
            System.out.printf("%nlimiter alone (1 thread)     %14s %12s%n", "calls/s", "µs/call");
            limiterAlone("local buckets", new LocalRateLimiter(Clock.systemUTC()), policies);
            if (link.answers()) {
                limiterAlone("Redis buckets", new RedisRateLimiter(link, Clock.systemUTC()), policies);
            }
            System.out.printf("load average after: %s%n", loadAverage());
        }
    }

    private static void limiterAlone(String name, RateLimiter limiter, RateLimitPolicies policies) {
        List<RateLimitPolicies.Applied> applied = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            applied.addAll(policies.select(true, new RateLimitPolicies.Caller("192.0.2.1", "bank", "getAccount", "client-" + i, "u")));
        }
        List<Double> rates = new ArrayList<>();
        for (int round = -1; round < ROUNDS; round++) {
            long end = System.nanoTime() + MEASURE.toNanos();
            long calls = 0;
            while (System.nanoTime() < end) {
                RateLimitPolicies.Applied limit = applied.get((int) (calls % applied.size()));
                limiter.tryConsume(limit.quota(), limit.key());
                calls++;
            }
            if (round >= 0) {
                rates.add(calls / (MEASURE.toNanos() / 1e9));
            }
        }
        double perSecond = median(rates);
        System.out.printf("%-28s %14.0f %12.1f%n", name, perSecond, 1e6 / perSecond);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return (sorted.get(sorted.size() / 2) + sorted.get((sorted.size() - 1) / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static GatewayPipeline pipeline(ECKey key, RateLimitPolicies policies, RateLimiter limiter) {
        List<Step> steps = new ArrayList<>();
        steps.add(new SecurityEventStep(event -> { }, Clock.systemUTC()));
        steps.add(new RouteStep(new RouteTable().add("bank", "/bank/v1",
                List.of(new ApiOperation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read")))))));
        steps.add(new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                Clock.systemUTC())));
        if (limiter != null) {
            steps.add(RateLimitStep.afterAuthentication(policies, limiter));
        }
        steps.add(new ScopeStep());
        steps.add((exchange, chain) -> new GatewayResponse(200, Map.of(), new byte[0], null, null));
        return new GatewayPipeline(steps);
    }

    /** Runs warm-up then measurement on {@code threads} threads; prints and returns requests per second. */
    private static double run(String name, GatewayPipeline pipeline, List<String> tokens, int threads, double baseline) throws Exception {
        measure(pipeline, tokens, threads, WARM_UP);
        long count = measure(pipeline, tokens, threads, MEASURE);
        double perSecond = count / (MEASURE.toNanos() / 1e9);
        double micros = 1e6 * threads / perSecond;
        String ratio = baseline == 0 ? "1.00" : String.format("%.2f", baseline / perSecond);
        System.out.printf("%-28s %8d %14.0f %12.1f %8s%n", name, threads, perSecond, micros, ratio);
        return perSecond;
    }

    private static long measure(GatewayPipeline pipeline, List<String> tokens, int threads, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    long done = 0;
                    while (System.nanoTime() < end) {
                        String token = tokens.get((int) ((done * 7 + offset) % tokens.size()));
                        GatewayResponse response = pipeline.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/accounts/a1", null,
                                Map.of("Authorization", List.of("Bearer " + token)), new byte[0], "192.0.2.1", null)));
                        if (response.status() != 200) {
                            throw new IllegalStateException("unexpected " + response.status() + " " + new String(response.body()));
                        }
                        done++;
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> result : results) {
                total += result.get();
            }
            return total;
        }
    }

    private static String token(ECKey key, String clientId) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-" + clientId).claim("client_id", clientId)
                        .claim("scope", "accounts:read").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                        .jwtID(clientId).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
