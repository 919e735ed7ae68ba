package io.bulwark.bench;

import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.testing.TestClients;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.users.PasswordHasher;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Timing side channels, as ratios against a baseline measured in the same run (`bench/timing-side-channels.sh`):
 * client authentication (an unknown or disabled client against a registered client with a wrong key, which must be
 * near 1.0; a refusal before the signature check shows how far off a leak would be) and password checks (an unknown
 * user's dummy Argon2id check against a known user's, near 1.0). Interleaved, so that JIT, GC and other load fall on
 * every kind alike; medians. Options: -Dbench.tries=N -Dbench.warmup=N -Dbench.passwordTries=N.
 */
public final class AuthenticationTimingBenchmark {

    private static final String ISSUER = "https://as.example";
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
    private static final int TRIES = Integer.getInteger("bench.tries", 400);
    private static final int PASSWORD_TRIES = Integer.getInteger("bench.passwordTries", 15);

    private AuthenticationTimingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        clientAuthentication();
        passwords();
    }

    private static void clientAuthentication() throws Exception {
        MutableClock clock = MutableClock.atNow();
        ECKey registeredKey = JwtFactory.ecKey("partner-key");
        ECKey attackerKey = JwtFactory.ecKey("partner-key");
        Path dir = Files.createTempDirectory("bulwark-timing-bench");
        JdbcStore store = JdbcStore.embedded(dir, clock);
        try {
            store.clients().save(TestClients.client("partner").jwks(new JWKSet(registeredKey.toPublicJWK()).toString())
                    .scopes("accounts:read").createdAt(clock.instant()).build());
            store.clients().save(TestClients.client("retired").jwks(new JWKSet(registeredKey.toPublicJWK()).toString())
                    .scopes("accounts:read").createdAt(clock.instant()).build().withDisabled(true));
            ClientAssertionVerifier verifier = new ClientAssertionVerifier(ISSUER, store.clients(), store.replayGuard(), clock,
                    ClientKeys.inlineOnly());
            Instant valid = clock.instant().plusSeconds(60);
            Instant expired = clock.instant().minusSeconds(60);
            List<Map<String, String>> known = new ArrayList<>();
            List<Map<String, String>> unknown = new ArrayList<>();
            List<Map<String, String>> disabled = new ArrayList<>();
            List<Map<String, String>> early = new ArrayList<>();
            for (int i = 0; i < WARM_UP + TRIES; i++) {
                known.add(request(attackerKey, "partner", clock.instant(), valid));
                unknown.add(request(attackerKey, "ghost-" + i, clock.instant(), valid));
                disabled.add(request(attackerKey, "retired", clock.instant(), valid));
                early.add(request(attackerKey, "partner", clock.instant(), expired));
            }
            long[][] samples = new long[4][TRIES];
            for (int i = 0; i < WARM_UP + TRIES; i++) {
                List<Map<String, String>> tries = List.of(known.get(i), unknown.get(i), disabled.get(i), early.get(i));
                for (int kind = 0; kind < tries.size(); kind++) {
                    Map<String, String> params = tries.get(kind);
                    long elapsed = time(() -> refused(verifier, params));
                    if (i >= WARM_UP) {
                        samples[kind][i - WARM_UP] = elapsed;
                    }
                }
            }
            double baseline = median(samples[0]);
            System.out.printf("client authentication, median of %d interleaved tries; baseline: a registered client with a wrong key, %.0f µs%n",
                    TRIES, baseline / 1000);
            System.out.printf("  unknown client  / baseline: %.2f   (near 1.00: the id's existence does not show)%n", median(samples[1]) / baseline);
            System.out.printf("  disabled client / baseline: %.2f   (near 1.00)%n", median(samples[2]) / baseline);
            System.out.printf("  refused before the signature (expired) / baseline: %.2f   (what skipping the signature would look like)%n",
                    median(samples[3]) / baseline);
        } finally {
            store.close();
        }
    }

    private static Map<String, String> request(ECKey key, String clientId, Instant now, Instant expiry) {
        String assertion = JwtFactory.sign(key, JWSAlgorithm.ES256, null, new JWTClaimsSet.Builder()
                .issuer(clientId).subject(clientId).audience(ISSUER).issueTime(Date.from(now)).expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString()).build());
        return Map.of("client_assertion_type", ClientAssertionVerifier.JWT_BEARER, "client_assertion", assertion);
    }

    private static long refused(ClientAssertionVerifier verifier, Map<String, String> params) {
        try {
            verifier.authenticate(params);
        } catch (OAuthError e) {
            return 0;
        }
        throw new IllegalStateException("authenticated with a wrong key");
    }

    private static void passwords() {
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash("pw");
        hasher.verify("x", hash);
        hasher.verifyAgainstDummy("x");
        long[] real = new long[PASSWORD_TRIES];
        long[] dummy = new long[PASSWORD_TRIES];
        for (int i = 0; i < PASSWORD_TRIES; i++) {
            real[i] = time(() -> hasher.verify("wrong", hash) ? 1 : 0);
            dummy[i] = time(() -> hasher.verifyAgainstDummy("wrong") ? 1 : 0);
        }
        double baseline = median(real);
        System.out.printf("password checks (Argon2id m=%d KiB, t=%d, p=%d), median of %d interleaved tries; baseline: a known user's"
                        + " wrong password, %.1f ms%n", PasswordHasher.MEMORY_KIB, PasswordHasher.ITERATIONS, PasswordHasher.PARALLELISM,
                PASSWORD_TRIES, baseline / 1_000_000);
        System.out.printf("  unknown user's dummy check / baseline: %.2f   (near 1.00: the user's existence does not show)%n",
                median(dummy) / baseline);
    }

    private static long time(LongSupplier work) {
        long start = System.nanoTime();
        work.getAsLong();
        return System.nanoTime() - start;
    }

    private static double median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2] + sorted[(sorted.length - 1) / 2]) / 2.0;
    }
}
