package io.bulwark.oauth;

import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.testing.TestClients;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.jdbc.JdbcStore;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Timing does not tell registered client ids from unregistered ones: over many interleaved tries, a wrong key for a
 * registered client and any key for an unknown one take the same time, because both cost one signature check.
 */
class ClientAuthenticationTimingTest {

    private static final String ISSUER = "https://as.example";
    private static final int WARM_UP = 200;
    private static final int TRIES = 400;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey registeredKey = JwtFactory.ecKey("partner-key");
    private final ECKey attackerKey = JwtFactory.ecKey("partner-key");
    private JdbcStore store;
    private ClientAssertionVerifier verifier;

    @BeforeEach
    void setUp() {
        store = JdbcStore.embedded(dir, clock);
        store.clients().save(TestClients.client("partner")
                .jwks(new JWKSet(registeredKey.toPublicJWK()).toString()).scopes("accounts:read").createdAt(clock.instant()).build());
        store.clients().save(TestClients.client("retired")
                .jwks(new JWKSet(registeredKey.toPublicJWK()).toString()).scopes("accounts:read").disabled(true).createdAt(clock.instant()).build());
        verifier = new ClientAssertionVerifier(ISSUER, store.clients(), store.replayGuard(), clock, ClientKeys.inlineOnly());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Map<String, String> request(String clientId, Instant expiry) {
        Instant now = clock.instant();
        String assertion = JwtFactory.sign(attackerKey, JWSAlgorithm.ES256, null, new JWTClaimsSet.Builder()
                .issuer(clientId).subject(clientId).audience(ISSUER).issueTime(Date.from(now)).expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString()).build());
        Map<String, String> params = new HashMap<>();
        params.put("client_assertion_type", ClientAssertionVerifier.JWT_BEARER);
        params.put("client_assertion", assertion);
        return params;
    }

    /** Nanoseconds one refused authentication takes; the refusal's words must not differ either. */
    private long time(Map<String, String> params, String expectedDescription) {
        long start = System.nanoTime();
        try {
            verifier.authenticate(params);
            throw new AssertionError("authenticated with a wrong key");
        } catch (OAuthError e) {
            long elapsed = System.nanoTime() - start;
            assertThat(e.code()).isEqualTo("invalid_client");
            assertThat(e.description()).isEqualTo(expectedDescription);
            return elapsed;
        }
    }

    private static double median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2] + sorted[(sorted.length - 1) / 2]) / 2.0;
    }

    @Test
    void unknownAndDisabledClientsTakeAsLongAsARegisteredClientWithAWrongKey() {
        Instant valid = clock.instant().plusSeconds(60);
        Instant expired = clock.instant().minusSeconds(60);
        List<Map<String, String>> known = new ArrayList<>();
        List<Map<String, String>> unknown = new ArrayList<>();
        List<Map<String, String>> disabled = new ArrayList<>();
        List<Map<String, String>> malformed = new ArrayList<>();
        for (int i = 0; i < WARM_UP + TRIES; i++) {
            known.add(request("partner", valid));
            unknown.add(request("ghost-" + i, valid));
            disabled.add(request("retired", valid));
            malformed.add(request("partner", expired));
        }
        long[] knownTimes = new long[TRIES];
        long[] unknownTimes = new long[TRIES];
        long[] disabledTimes = new long[TRIES];
        long[] earlyRefusalTimes = new long[TRIES];
        for (int i = 0; i < WARM_UP + TRIES; i++) {
            // Interleaved, so that JIT, GC and other load fall on every kind alike.
            long k = time(known.get(i), "client authentication failed");
            long u = time(unknown.get(i), "client authentication failed");
            long d = time(disabled.get(i), "client authentication failed");
            long e = time(malformed.get(i), "client assertion has expired");
            if (i >= WARM_UP) {
                knownTimes[i - WARM_UP] = k;
                unknownTimes[i - WARM_UP] = u;
                disabledTimes[i - WARM_UP] = d;
                earlyRefusalTimes[i - WARM_UP] = e;
            }
        }
        double knownMedian = median(knownTimes);
        double unknownRatio = median(unknownTimes) / knownMedian;
        double disabledRatio = median(disabledTimes) / knownMedian;
        double earlyRatio = median(earlyRefusalTimes) / knownMedian;
        String report = "medians (µs): known %.0f, unknown %.0f, disabled %.0f, refused before the signature %.0f"
                .formatted(knownMedian / 1000, median(unknownTimes) / 1000, median(disabledTimes) / 1000, median(earlyRefusalTimes) / 1000);
        System.out.println(report);
        assertThat(unknownRatio).as(report).isBetween(0.8, 1.25);
        assertThat(disabledRatio).as(report).isBetween(0.8, 1.25);
        // The check is sensitive: a refusal that skips the signature (as an unknown client did before decoy keys) is far quicker.
        assertThat(earlyRatio).as(report).isLessThan(0.6);
    }

    @Test
    void aRegisteredClientWithNoKeyOfTheAssertionsKidAlsoCostsOneSignatureCheck() {
        // Same words as every other authentication failure; the decoy key is checked and fails.
        ECKey otherKid = JwtFactory.ecKey("unknown-kid");
        Instant now = clock.instant();
        String assertion = JwtFactory.sign(otherKid, JWSAlgorithm.ES256, null, new JWTClaimsSet.Builder()
                .issuer("partner").subject("partner").audience(ISSUER).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60))).jwtID("j").build());
        assertThatThrownBy(() -> verifier.authenticate(Map.of("client_assertion_type", ClientAssertionVerifier.JWT_BEARER,
                "client_assertion", assertion))).isInstanceOfSatisfying(OAuthError.class,
                e -> assertThat(e.description()).isEqualTo("client authentication failed"));
    }
}
