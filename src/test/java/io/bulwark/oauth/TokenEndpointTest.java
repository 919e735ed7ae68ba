package io.bulwark.oauth;

import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.oauth.clientauth.ClientAuthenticator;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.testing.TestClients;
import io.bulwark.testing.TestGuards;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.TokenSettings;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.mtls.MutualTlsClientAuthenticator;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The token endpoint with private_key_jwt (RFC 7523) over the real embedded store; every request carries a DPoP proof. */
class TokenEndpointTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey clientKey = JwtFactory.ecKey("client-key");
    private final ECKey dpopKey = JwtFactory.ecKey("dpop-key");
    private JdbcStore store;
    private SigningKeyRing keys;
    private TokenEndpoint endpoint;
    private ClientAuthenticator authentication;
    private DpopProofVerifier dpop;
    private AccessTokenIssuer issuer;

    @BeforeEach
    void setUp() {
        store = JdbcStore.embedded(dir, clock);
        keys = new SigningKeyRing(store.signingKeys(), new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key"))),
                clock, Duration.ofMinutes(5), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD);
        register("partner", new JWKSet(clientKey.toPublicJWK()), false);
        issuer = new AccessTokenIssuer(ISSUER, keys, Duration.ofMinutes(5), clock);
        authentication = new ClientAuthenticator(ISSUER,
                new ClientAssertionVerifier(ISSUER, store.clients(), store.replayGuard(), clock, ClientKeys.inlineOnly()),
                new MutualTlsClientAuthenticator(store.clients(), null));
        dpop = new DpopProofVerifier(store.replayGuard(),
                new DpopNonces(MasterKey.createIfMissing(dir.resolve("master.key")).deriveHmacKey("test"), clock), false,
                Duration.ofSeconds(60), clock);
        endpoint = new TokenEndpoint(new GuardedClientAuthentication(authentication, TestGuards.farOff(clock)), dpop,
                URI.create(ISSUER + "/token"), List.of(new ClientCredentialsGrant(issuer, AUDIENCE)));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void register(String clientId, JWKSet jwks, boolean disabled) {
        store.clients().save(TestClients.client(clientId).jwks(jwks.toString())
                .scopes("accounts:read", "balances:read").disabled(disabled).createdAt(clock.instant()).build());
    }

    private JWTClaimsSet.Builder assertionClaims(String clientId) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(ISSUER)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString());
    }

    private Map<String, String> request(String assertion, String scope) {
        Map<String, String> params = new HashMap<>();
        params.put("grant_type", "client_credentials");
        params.put("client_assertion_type", ClientAssertionVerifier.JWT_BEARER);
        params.put("client_assertion", assertion);
        if (scope != null) {
            params.put("scope", scope);
        }
        return params;
    }

    private String assertion(UnaryOperator<JWTClaimsSet.Builder> change) {
        return JwtFactory.sign(clientKey, JWSAlgorithm.ES256, null, change.apply(assertionClaims("partner")).build());
    }

    /** The token request with a fresh DPoP proof, since every client's tokens are sender-constrained. */
    private IssuedAccessToken handle(Map<String, String> params) {
        String proof = DpopProofs.proof(dpopKey, "POST", ISSUER + "/token", null, null, clock.instant());
        return endpoint.handle(new TokenRequest(params, List.of(proof), List.of(), null)).token();
    }

    private void assertRefused(Map<String, String> request, String code, String description) {
        assertThatThrownBy(() -> handle(request)).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.description()).contains(description);
        });
    }

    @Test
    void issuesAnRfc9068AccessTokenThatTheGatewayAccepts() throws Exception {
        IssuedAccessToken token = handle(request(assertion(b -> b), "accounts:read"));

        assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(5));
        SignedJWT jwt = SignedJWT.parse(token.value());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("partner");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("partner");
        assertThat(claims.getStringClaim("scope")).isEqualTo("accounts:read");
        assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(token.tokenType()).isEqualTo("DPoP");
        assertThat(claims.getJSONObjectClaim("cnf")).containsEntry("jkt", dpopKey.computeThumbprint().toString());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(5));

        VerifiedAccessToken verified = new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(keys.publicJwks()), clock).verify(token.value());
        assertThat(verified.scopes()).containsExactly("accounts:read");
    }

    @Test
    void aClientsOwnAccessTokenLifetimeOverridesTheServersDefault() throws Exception {
        RegisteredClient partner = store.clients().find("partner").orElseThrow();
        store.clients().save(partner.withTokenSettings(partner.tokenSettings().withAccessTokenLifetime(Duration.ofMinutes(15))));

        IssuedAccessToken token = handle(request(assertion(b -> b), "accounts:read"));

        assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(15));
        JWTClaimsSet claims = SignedJWT.parse(token.value()).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(claims.getIssueTime().toInstant().plus(Duration.ofMinutes(15)));
        // Bounded (1 minute to 1 hour) wherever it is set: FAPI 2.0 wants access tokens short-lived.
        assertThatThrownBy(() -> new TokenSettings(Duration.ofHours(2), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenSettings(Duration.ofSeconds(30), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetiredSigningKeyStaysPublishedForTheLongestLifetimeAClientMayHave() {
        assertThat(TokenSettings.longestInForce(Duration.ofMinutes(5))).isEqualTo(TokenSettings.MAX_ACCESS_TOKEN_LIFETIME);
    }

    @Test
    void acceptsPs256AndEdDsaClientKeys() {
        RSAKey rsa = JwtFactory.rsaKey("rsa", 2048);
        OctetKeyPair ed = JwtFactory.edKey("ed");
        register("rsa-client", new JWKSet(rsa.toPublicJWK()), false);
        register("ed-client", new JWKSet(ed.toPublicJWK()), false);
        handle(request(JwtFactory.sign(rsa, JWSAlgorithm.PS256, null, assertionClaims("rsa-client").build()), "accounts:read"));
        handle(request(JwtFactory.sign(ed, JWSAlgorithm.EdDSA, null, assertionClaims("ed-client").build()), "accounts:read"));
    }

    @Test
    void refusesRsaKeysUnder2048Bits() {
        RSAKey weak = JwtFactory.rsaKey("weak", 1024);
        register("weak-client", new JWKSet(weak.toPublicJWK()), false);
        // Nimbus will not sign PS256 with a short key, so sign with its JCA key directly.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("weak").build(), assertionClaims("weak-client").build());
        try {
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(weak.toPrivateKey(), true));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertRefused(request(jwt.serialize(), "accounts:read"), "invalid_client", "client authentication failed");
    }

    @Test
    void aJtiIsSingleUse() {
        String assertion = assertion(b -> b);
        handle(request(assertion, "accounts:read"));
        assertRefused(request(assertion, "accounts:read"), "invalid_client", "already used");
    }

    @Test
    void audienceMustBeTheIssuerAlone() {
        assertRefused(request(assertion(b -> b.audience(ISSUER + "/token")), "accounts:read"), "invalid_client", "aud must be the issuer");
        assertRefused(request(assertion(b -> b.audience(List.of(ISSUER, "https://other"))), "accounts:read"), "invalid_client", "aud must be the issuer");
        // FAPI 2.0 SP §5.3.2.1: the issuer as a string; a one-element array holding it is refused too. Nimbus writes a
        // one-element audience as a string, so this payload is written by hand.
        Map<String, Object> payload = new HashMap<>(assertionClaims("partner").build().toJSONObject());
        payload.put("aud", List.of(ISSUER));
        assertRefused(request(signedPayload(payload), "accounts:read"), "invalid_client", "aud must be the issuer");
        handle(request(assertion(b -> b), "accounts:read"));
    }

    private String signedPayload(Map<String, Object> payload) {
        try {
            var jws = new com.nimbusds.jose.JWSObject(new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.ES256).keyID(clientKey.getKeyID()).build(),
                    new com.nimbusds.jose.Payload(payload));
            jws.sign(new com.nimbusds.jose.crypto.ECDSASigner(clientKey));
            return jws.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void expiryIsRequiredAndEnforced() {
        assertRefused(request(assertion(b -> b.expirationTime(null)), "accounts:read"), "invalid_client", "exp");
        String assertion = assertion(b -> b);
        clock.advance(Duration.ofSeconds(71));
        assertRefused(request(assertion, "accounts:read"), "invalid_client", "expired");
        assertRefused(request(assertion(b -> b.expirationTime(Date.from(clock.instant().plus(Duration.ofHours(1))))), "accounts:read"),
                "invalid_client", "minutes ahead");
    }

    @Test
    void issuedAtInTheFutureIsToleratedOnlyWithinTheSkew() {
        handle(request(assertion(b -> b.issueTime(Date.from(clock.instant().plusSeconds(5)))), "accounts:read"));
        assertRefused(request(assertion(b -> b.issueTime(Date.from(clock.instant().plusSeconds(60)))), "accounts:read"),
                "invalid_client", "future");
    }

    @Test
    void issuerAndSubjectMustBeTheClient() {
        assertRefused(request(assertion(b -> b.subject("someone-else")), "accounts:read"), "invalid_client", "iss and sub");
        Map<String, String> mismatched = request(assertion(b -> b), "accounts:read");
        mismatched.put("client_id", "another");
        assertRefused(mismatched, "invalid_client", "client_id does not match");
    }

    @Test
    void unknownDisabledAndWronglySignedClientsGetTheSameAnswer() {
        ECKey other = JwtFactory.ecKey("client-key");
        assertRefused(request(JwtFactory.sign(other, JWSAlgorithm.ES256, null, assertionClaims("partner").build()), "accounts:read"),
                "invalid_client", "client authentication failed");
        assertRefused(request(JwtFactory.sign(clientKey, JWSAlgorithm.ES256, null, assertionClaims("nobody").build()), "accounts:read"),
                "invalid_client", "client authentication failed");
        register("off", new JWKSet(clientKey.toPublicJWK()), true);
        assertRefused(request(JwtFactory.sign(clientKey, JWSAlgorithm.ES256, null, assertionClaims("off").build()), "accounts:read"),
                "invalid_client", "client authentication failed");
    }

    @Test
    void refusesNoneAndHmacAssertions() throws Exception {
        assertRefused(request(new PlainJWT(assertionClaims("partner").build()).serialize(), "accounts:read"), "invalid_client", "not a signed JWT");
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), assertionClaims("partner").build());
        hmac.sign(new MACSigner(clientKey.toPublicKey().getEncoded()));
        assertRefused(request(hmac.serialize(), "accounts:read"), "invalid_client", "alg must be one of");
    }

    @Test
    void refusesMissingOrForeignClientAuthentication() {
        Map<String, String> noAuth = new HashMap<>(Map.of("grant_type", "client_credentials", "scope", "accounts:read"));
        assertRefused(noAuth, "invalid_client", "client authentication is required");
        Map<String, String> saml = request(assertion(b -> b), "accounts:read");
        saml.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        assertRefused(saml, "invalid_client", "client_assertion_type must be");
    }

    @Test
    void scopesAreRequiredAndLimitedToTheRegistration() {
        assertRefused(request(assertion(b -> b), null), "invalid_scope", "scope is required");
        assertRefused(request(assertion(b -> b), "accounts:read payments:write"), "invalid_scope", "payments:write");
        IssuedAccessToken both = handle(request(assertion(b -> b), "accounts:read balances:read"));
        assertThat(both.scopes()).containsExactlyInAnyOrder("accounts:read", "balances:read");
    }

    @Test
    void onlyClientCredentialsExists() {
        Map<String, String> password = request(assertion(b -> b), "accounts:read");
        password.put("grant_type", "password");
        assertRefused(password, "unsupported_grant_type", "password");
        Map<String, String> none = request(assertion(b -> b), "accounts:read");
        none.remove("grant_type");
        assertRefused(none, "invalid_request", "grant_type is required");
    }

    @Test
    void aGrantTheEndpointWasNotGivenIsNotEnabledEvenForAClientRegisteredForIt() {
        store.clients().save(store.clients().find("partner").orElseThrow()
                .withGrantTypes(Set.of(RegisteredClient.CLIENT_CREDENTIALS, RegisteredClient.AUTHORIZATION_CODE)));
        Map<String, String> code = request(assertion(b -> b), null);
        code.put("grant_type", "authorization_code");
        code.put("code", "anything");

        assertRefused(code, "unsupported_grant_type", "grant_type authorization_code is not enabled on this endpoint");
    }

    @Test
    void twoHandlersForOneGrantTypeAreRefusedWhenTheEndpointIsBuilt() {
        GuardedClientAuthentication guarded = new GuardedClientAuthentication(authentication, TestGuards.farOff(clock));
        List<GrantHandler> twice = List.of(new ClientCredentialsGrant(issuer, AUDIENCE), new ClientCredentialsGrant(issuer, "https://other"));

        assertThatThrownBy(() -> new TokenEndpoint(guarded, dpop, URI.create(ISSUER + "/token"), twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two handlers for grant_type client_credentials");
    }

    @Test
    void clientAuthenticationCannotBeBuiltWithoutTheBruteForceGuard() {
        // PCI DSS 8.3.4: a missing guard used to mean "no lockout"; now there is no such endpoint to build.
        assertThatThrownBy(() -> new GuardedClientAuthentication(authentication, null))
                .isInstanceOf(NullPointerException.class).hasMessage("guard");
    }

    @Test
    void failedClientAuthenticationsAtTheTokenEndpointAreCountedByTheGuard() {
        endpoint = new TokenEndpoint(new GuardedClientAuthentication(authentication, TestGuards.defaults(clock)), dpop,
                URI.create(ISSUER + "/token"), List.of(new ClientCredentialsGrant(issuer, AUDIENCE)));
        ECKey unregistered = JwtFactory.ecKey("not-registered");
        // The default rules delay a client id from one address after a few failures: the guard answers before any signature check.
        for (int attempt = 1; attempt <= 20; attempt++) {
            Map<String, String> forged = request(JwtFactory.sign(unregistered, JWSAlgorithm.ES256, null, assertionClaims("partner").build()),
                    "accounts:read");
            OAuthError refused = catchThrowableOfType(OAuthError.class, () -> handle(forged));
            if (refused.status() == 429) {
                assertThat(attempt).isGreaterThan(1);
                return;
            }
            assertThat(refused.code()).isEqualTo("invalid_client");
        }
        throw new AssertionError("twenty failed client authentications were never delayed");
    }

    @Test
    void theSigningKeyIsCreatedOnceSealedAndReusedAfterRestart() {
        String kid = keys.active().keyId();
        assertThat(store.signingKeys().list()).singleElement().satisfies(k -> {
            assertThat(k.sealedPrivateJwk()).startsWith("v1:").doesNotContain("\"d\"");
            assertThat(k.publicJwkJson()).doesNotContain("\"d\"");
        });
        SigningKeyRing reopened = new SigningKeyRing(store.signingKeys(),
                new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key"))), clock, Duration.ofMinutes(5), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD);
        assertThat(reopened.active().keyId()).isEqualTo(kid);
        assertThat(reopened.publicJwks().getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
    }
}
