package io.bulwark.oauth.clientauth;

import io.bulwark.jose.JwsSignatures;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.testing.TestClients;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refusals do not tell registered client ids from unregistered ones: the same words, and a signature check (against a
 * decoy key when no client key applies) for each. That they also take the same time is measured by
 * {@code bench/timing-side-channels.sh}, which prints the ratios against a baseline of the same run.
 */
class ClientAuthenticationTimingTest {

    private static final String ISSUER = "https://as.example";

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

    /** The refusal's words: they must not tell a registered client id from an unregistered one. */
    private String refusal(Map<String, String> params) {
        try {
            verifier.authenticate(params);
            throw new AssertionError("authenticated with a wrong key");
        } catch (OAuthError e) {
            assertThat(e.code()).isEqualTo("invalid_client");
            return e.description();
        }
    }

    @Test
    void unknownAndDisabledClientsAreRefusedInTheWordsOfARegisteredClientWithAWrongKey() {
        Instant valid = clock.instant().plusSeconds(60);
        assertThat(refusal(request("partner", valid))).isEqualTo("client authentication failed");
        assertThat(refusal(request("ghost", valid))).isEqualTo("client authentication failed");
        assertThat(refusal(request("retired", valid))).isEqualTo("client authentication failed");
        // A refusal before the signature check has its own words: the three above all got past the checks before it.
        assertThat(refusal(request("partner", clock.instant().minusSeconds(60)))).isEqualTo("client assertion has expired");
    }

    /**
     * Where no client key applies, the signature is checked against a decoy of the algorithm's key type, which
     * verifies nothing: the same work as for a registered client with a wrong key.
     */
    @Test
    void everyAllowedAlgorithmHasADecoyKeyThatVerifiesNothing() throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("ghost").subject("ghost").audience(ISSUER).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60))).jwtID("j").build();
        for (JWK key : List.<JWK>of(JwtFactory.ecKey("k"), JwtFactory.rsaKey("k", 2048), JwtFactory.edKey("k"))) {
            JWSAlgorithm alg = DpopProofs.algorithmFor(key);
            SignedJWT assertion = SignedJWT.parse(JwtFactory.sign(key, alg, null, claims));
            List<JWK> decoys = DecoyKeys.forHeader(assertion.getHeader());
            assertThat(decoys).as(alg.getName()).singleElement()
                    .satisfies(decoy -> assertThat(decoy.getKeyType()).isEqualTo(KeyType.forAlgorithm(alg)));
            assertThat(JwsSignatures.verify(assertion, decoys)).as(alg.getName()).isFalse();
        }
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
