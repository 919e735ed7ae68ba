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
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.X509CertificateConfirmation;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.config.TlsFiles;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.mtls.MutualTlsClientAuthenticator;
import io.bulwark.oauth.mtls.TrustedClientCertificateAuthorities;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestCertificates;
import io.bulwark.tls.DevCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
 * The token endpoint's client authentication (private_key_jwt, tls_client_auth,
 * self_signed_tls_client_auth; never a secret) and token binding (DPoP {@code cnf.jkt}, mTLS
 * {@code cnf.x5t#S256}), over the real embedded store, with certificates from real CAs.
 */
class SenderConstrainedTokenIssuanceTest {

    private static final String ISSUER = "https://as.example";
    private static final String TOKEN_ENDPOINT = ISSUER + "/token";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey clientKey = JwtFactory.ecKey("client-key");
    private final ECKey dpopKey = JwtFactory.ecKey("dpop-key");
    private JdbcStore store;
    private MasterKey masterKey;
    private SigningKeyRing keys;
    private DevCertificateAuthority ca;
    private List<X509Certificate> pkiClient;
    private List<X509Certificate> selfSigned;

    @BeforeEach
    void setUp() {
        store = JdbcStore.embedded(dir.resolve("store"), clock);
        masterKey = MasterKey.createIfMissing(dir.resolve("master.key"));
        keys = new SigningKeyRing(store.signingKeys(), new AesGcmKeySealer(masterKey), clock, Duration.ofMinutes(5), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD);
        ca = DevCertificateAuthority.loadOrCreate(dir.resolve("ca"));
        pkiClient = TestCertificates.chain(ca.clientIdentity("pki-client", "pki-client"));
        TlsFiles selfSignedFiles = TestCertificates.selfSigned(dir.resolve("self"), "self-signed", "self-signed-client");
        selfSigned = TestCertificates.chain(selfSignedFiles);

        JWKSet jwks = new JWKSet(clientKey.toPublicJWK());
        register("dpop-client", RegisteredClient.PRIVATE_KEY_JWT, jwks, SenderConstraint.DPOP, null);
        register("mtls-bound", RegisteredClient.PRIVATE_KEY_JWT, jwks, SenderConstraint.MTLS, null);
        register("either", RegisteredClient.PRIVATE_KEY_JWT, jwks, SenderConstraint.DPOP_OR_MTLS, null);
        register("pki-client", RegisteredClient.TLS_CLIENT_AUTH, new JWKSet(), SenderConstraint.MTLS, "CN=pki-client, O=Bulwark");
        try {
            ECKey certificateKey = new ECKey.Builder(ECKey.parse(selfSigned.getFirst()))
                    .x509CertChain(List.of(Base64.encode(selfSigned.getFirst().getEncoded()))).build();
            register("self-signed", RegisteredClient.SELF_SIGNED_TLS_CLIENT_AUTH, new JWKSet(certificateKey), SenderConstraint.DPOP_OR_MTLS, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void register(String clientId, String method, JWKSet jwks, SenderConstraint constraint, String subjectDn) {
        store.clients().save(TestClients.client(clientId).authMethod(method).jwks(jwks.toString()).scopes("accounts:read")
                .createdAt(clock.instant()).senderConstraint(constraint).tlsClientAuthSubjectDn(subjectDn).build());
    }

    private TokenEndpoint endpoint(boolean nonceRequired, boolean trustCa) {
        ClientAuthenticator authentication = new ClientAuthenticator(ISSUER,
                new ClientAssertionVerifier(ISSUER, store.clients(), store.replayGuard(), clock, ClientKeys.inlineOnly()),
                new MutualTlsClientAuthenticator(store.clients(),
                        trustCa ? TrustedClientCertificateAuthorities.fromPem(ca.caCertificate(), clock) : null));
        DpopProofVerifier dpop = new DpopProofVerifier(store.replayGuard(), new DpopNonces(masterKey.deriveHmacKey("as"), clock),
                nonceRequired, Duration.ofSeconds(60), clock);
        return new TokenEndpoint(new GuardedClientAuthentication(authentication, TestGuards.farOff(clock)), dpop,
                URI.create(TOKEN_ENDPOINT),
                List.of(new ClientCredentialsGrant(new AccessTokenIssuer(ISSUER, keys, Duration.ofMinutes(5), clock), "https://api.example")));
    }

    private TokenEndpoint endpoint() {
        return endpoint(false, true);
    }

    private Map<String, String> withAssertion(String clientId) {
        Instant now = clock.instant();
        String assertion = JwtFactory.sign(clientKey, JWSAlgorithm.ES256, null, new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(ISSUER).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build());
        Map<String, String> params = new HashMap<>(Map.of("grant_type", "client_credentials", "scope", "accounts:read"));
        params.put("client_assertion_type", ClientAssertionVerifier.JWT_BEARER);
        params.put("client_assertion", assertion);
        return params;
    }

    private static Map<String, String> withClientId(String clientId) {
        return Map.of("grant_type", "client_credentials", "scope", "accounts:read", "client_id", clientId);
    }

    private String proof() {
        return DpopProofs.proof(dpopKey, "POST", TOKEN_ENDPOINT, null, null, clock.instant());
    }

    private static JWTClaimsSet claims(TokenResponse response) throws Exception {
        return SignedJWT.parse(response.token().value()).getJWTClaimsSet();
    }

    private static void assertRefused(TokenEndpoint endpoint, TokenRequest request, String code, String description) {
        assertThatThrownBy(() -> endpoint.handle(request)).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.description()).contains(description);
        });
    }

    // --- DPoP binding (RFC 9449 §5, §6) ---

    @Test
    void aDpopProofBindsTheTokenToItsKey() throws Exception {
        TokenResponse response = endpoint().handle(new TokenRequest(withAssertion("dpop-client"), List.of(proof()), List.of(), null));

        assertThat(response.token().tokenType()).isEqualTo("DPoP");
        assertThat(claims(response).getJSONObjectClaim("cnf"))
                .containsExactly(Map.entry("jkt", JWKThumbprintConfirmation.of(dpopKey.toPublicJWK()).getValue().toString()));
        assertThat(response.headers()).isEmpty();
    }

    @Test
    void aDpopClientWithoutAProofIsRefused() {
        assertRefused(endpoint(), TokenRequest.of(withAssertion("dpop-client")), "invalid_dpop_proof", "send a DPoP proof");
    }

    @Test
    void aProofForAnotherUrlOrMethodIsRefusedAsInvalidDpopProof() {
        String forGateway = DpopProofs.proof(dpopKey, "POST", "https://api.example/bank/v1/payments", null, null, clock.instant());
        assertRefused(endpoint(), new TokenRequest(withAssertion("dpop-client"), List.of(forGateway), List.of(), null),
                "invalid_dpop_proof", "htu");
        String get = DpopProofs.proof(dpopKey, "GET", TOKEN_ENDPOINT, null, null, clock.instant());
        assertRefused(endpoint(), new TokenRequest(withAssertion("dpop-client"), List.of(get), List.of(), null), "invalid_dpop_proof", "htm");
    }

    @Test
    void aReplayedProofIsRefused() {
        String proof = proof();
        endpoint().handle(new TokenRequest(withAssertion("dpop-client"), List.of(proof), List.of(), null));
        assertRefused(endpoint(), new TokenRequest(withAssertion("dpop-client"), List.of(proof), List.of(), null),
                "invalid_dpop_proof", "already used");
    }

    @Test
    void aRequiredNonceIsAskedForWithoutUsingUpTheAssertion() throws Exception {
        TokenEndpoint endpoint = endpoint(true, true);
        Map<String, String> request = withAssertion("dpop-client");
        String nonce;
        try {
            endpoint.handle(new TokenRequest(request, List.of(proof()), List.of(), null));
            throw new AssertionError("a proof without nonce was accepted");
        } catch (OAuthError e) {
            // RFC 9449 §8: error use_dpop_nonce, 400, with the nonce in the DPoP-Nonce header.
            assertThat(e.code()).isEqualTo("use_dpop_nonce");
            assertThat(e.status()).isEqualTo(400);
            nonce = e.headers().get("DPoP-Nonce");
            assertThat(nonce).isNotBlank();
        }
        String withNonce = DpopProofs.proof(dpopKey, "POST", TOKEN_ENDPOINT, null, nonce, clock.instant());
        TokenResponse response = endpoint.handle(new TokenRequest(request, List.of(withNonce), List.of(), null));
        assertThat(response.token().tokenType()).isEqualTo("DPoP");
        assertThat(response.headers()).containsKey("DPoP-Nonce");
    }

    // --- mTLS binding (RFC 8705 §3) ---

    @Test
    void aClientCertificateBindsTheTokenOfAnMtlsClient() throws Exception {
        TokenResponse response = endpoint().handle(new TokenRequest(withAssertion("mtls-bound"), List.of(), selfSigned, null));

        assertThat(response.token().tokenType()).isEqualTo("Bearer");
        assertThat(claims(response).getJSONObjectClaim("cnf"))
                .containsExactly(Map.entry("x5t#S256", X509CertificateConfirmation.of(selfSigned.getFirst()).getValue().toString()));
    }

    @Test
    void anMtlsClientWithoutCertificateOrWithADpopProofIsRefused() {
        assertRefused(endpoint(), TokenRequest.of(withAssertion("mtls-bound")), "invalid_request", "connect with the client certificate");
        assertRefused(endpoint(), new TokenRequest(withAssertion("mtls-bound"), List.of(proof()), selfSigned, null),
                "invalid_request", "without a DPoP header");
    }

    @Test
    void aClientForEitherGetsWhatItOffersAndNothingWithoutEither() throws Exception {
        assertThat(endpoint().handle(new TokenRequest(withAssertion("either"), List.of(proof()), selfSigned, null)).token().tokenType())
                .isEqualTo("DPoP");
        assertThat(claims(endpoint().handle(new TokenRequest(withAssertion("either"), List.of(), selfSigned, null)))
                .getJSONObjectClaim("cnf")).containsKey("x5t#S256");
        // FAPI 2.0 SP §5.3.2.1: never an unbound token.
        assertRefused(endpoint(), TokenRequest.of(withAssertion("either")), "invalid_request", "must be sender-constrained");
    }

    // --- tls_client_auth (RFC 8705 §2.1) ---

    @Test
    void tlsClientAuthAcceptsACertificateFromTheTrustedCaWithTheRegisteredSubject() throws Exception {
        TokenResponse response = endpoint().handle(new TokenRequest(withClientId("pki-client"), List.of(), pkiClient, null));

        assertThat(claims(response).getSubject()).isEqualTo("pki-client");
        assertThat(claims(response).getJSONObjectClaim("cnf"))
                .containsEntry("x5t#S256", X509CertificateConfirmation.of(pkiClient.getFirst()).getValue().toString());
        // The leaf alone (without the CA in the chain) validates too.
        endpoint().handle(new TokenRequest(withClientId("pki-client"), List.of(), List.of(pkiClient.getFirst()), null));
    }

    @Test
    void tlsClientAuthRefusesAnotherSubjectAnotherCaASelfSignedCertificateAndNone() {
        List<X509Certificate> otherSubject = TestCertificates.chain(ca.clientIdentity("someone", "someone-else"));
        List<X509Certificate> otherCa = TestCertificates.chain(
                DevCertificateAuthority.loadOrCreate(dir.resolve("foreign-ca")).clientIdentity("pki-client", "pki-client"));
        List<X509Certificate> selfSignedSameSubject = TestCertificates.chain(TestCertificates.selfSigned(dir.resolve("impostor"), "imp",
                "pki-client"));
        assertThat(otherCa.getFirst().getSubjectX500Principal()).isEqualTo(pkiClient.getFirst().getSubjectX500Principal());
        for (List<X509Certificate> chain : List.of(otherSubject, otherCa, selfSignedSameSubject)) {
            assertRefused(endpoint(), new TokenRequest(withClientId("pki-client"), List.of(), chain, null), "invalid_client",
                    "client authentication failed");
        }
        assertRefused(endpoint(), TokenRequest.of(withClientId("pki-client")), "invalid_client", "client authentication is required");
        // Without trusted CAs configured, tls_client_auth cannot succeed at all.
        assertRefused(endpoint(false, false), new TokenRequest(withClientId("pki-client"), List.of(), pkiClient, null), "invalid_client",
                "client authentication failed");
    }

    @Test
    void tlsClientAuthRefusesAnExpiredCertificate() {
        clock.advance(Duration.ofDays(400));
        assertRefused(endpoint(), new TokenRequest(withClientId("pki-client"), List.of(), pkiClient, null), "invalid_client",
                "client authentication failed");
    }

    // --- self_signed_tls_client_auth (RFC 8705 §2.2) ---

    @Test
    void selfSignedClientAuthAcceptsTheRegisteredCertificateOnly() throws Exception {
        TokenResponse response = endpoint().handle(new TokenRequest(withClientId("self-signed"), List.of(), selfSigned, null));
        assertThat(claims(response).getJSONObjectClaim("cnf"))
                .containsEntry("x5t#S256", X509CertificateConfirmation.of(selfSigned.getFirst()).getValue().toString());

        List<X509Certificate> another = TestCertificates.chain(TestCertificates.selfSigned(dir.resolve("other"), "other", "self-signed-client"));
        assertRefused(endpoint(), new TokenRequest(withClientId("self-signed"), List.of(), another, null), "invalid_client",
                "client authentication failed");
        assertRefused(endpoint(), new TokenRequest(withClientId("self-signed"), List.of(), pkiClient, null), "invalid_client",
                "client authentication failed");
    }

    @Test
    void aCertificateDoesNotAuthenticateAPrivateKeyJwtClient() {
        assertRefused(endpoint(), new TokenRequest(withClientId("mtls-bound"), List.of(), selfSigned, null), "invalid_client",
                "client authentication failed");
    }

    // --- no client secrets (FAPI 2.0 SP §5.3.2.1) ---

    @Test
    void clientSecretsAreNeverAccepted() {
        Map<String, String> post = new HashMap<>(withClientId("either"));
        post.put("client_secret", "s3cret");
        assertRefused(endpoint(), new TokenRequest(post, List.of(proof()), List.of(), null), "invalid_client", "client secrets are not accepted");
        assertRefused(endpoint(), new TokenRequest(withClientId("either"), List.of(proof()), List.of(), "Basic ZWl0aGVyOnMzY3JldA=="),
                "invalid_client", "client secrets are not accepted");
    }
}
