package io.bulwark.demo;

import io.bulwark.testing.TestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.SelfSignedTLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.X509CertificateConfirmation;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.config.TlsFiles;
import io.bulwark.oauth.dpop.AccessTokenHash;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.EcdsaSignatures;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NimbusHttp;
import io.bulwark.testing.TestCertificates;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sender-constrained tokens through the running demo, over real HTTP and TLS, with the Nimbus OAuth
 * 2.0 SDK as an independent client: DPoP-bound client_credentials tokens used at the gateway and
 * every way a proof or a stolen token is refused; mTLS client authentication (tls_client_auth and
 * self_signed_tls_client_auth) and certificate-bound tokens, refused with another certificate or none.
 */
class SenderConstrainedTokensEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dataDir;
    private static Demo demo;
    private static HttpClient http;
    private static String issuer;
    private static URI tokenEndpoint;
    private static String catalogue;
    private static ECKey partnerDpopKey;

    @BeforeAll
    static void startDemo() throws Exception {
        dataDir = Files.createTempDirectory("bulwark-sender-constraint");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        issuer = "https://localhost:" + ports.authorizationServer();
        tokenEndpoint = URI.create(issuer + "/token");
        catalogue = "https://localhost:" + ports.gateway() + "/bank/v1/products";
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca())).build();
        partnerDpopKey = DemoClientCredentials.dpopKey(clientFile("demo-service"));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    private static Path ca() {
        return dataDir.resolve("tls/ca.pem");
    }

    private static Path clientFile(String clientId) {
        return dataDir.resolve("demo/clients/" + clientId + ".json");
    }

    // --- the client side, as the Nimbus SDK does it ---

    /** private_key_jwt with aud = the issuer alone (FAPI 2.0 SP §5.3.2.1), as a FAPI client library configures it. */
    private static ClientAuthentication privateKeyJwt(String clientId) throws Exception {
        ECKey key = DemoClientCredentials.privateKey(clientFile(clientId));
        return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID(clientId), new Audience(issuer)), JWSAlgorithm.ES256,
                key.toPrivateKey(), key.getKeyID(), null);
    }

    private static HTTPResponse tokenRequest(HttpClient client, ClientAuthentication authentication, ECKey dpopKey) throws Exception {
        HTTPRequest request = new TokenRequest(tokenEndpoint, authentication, new ClientCredentialsGrant(), new Scope("products:read"))
                .toHTTPRequest();
        if (dpopKey != null) {
            request.setDPoP(new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256).createDPoPJWT("POST", tokenEndpoint));
        }
        return NimbusHttp.send(client, request);
    }

    private static AccessToken dpopToken() throws Exception {
        HTTPResponse response = tokenRequest(http, privateKeyJwt("demo-service"), partnerDpopKey);
        TokenResponse parsed = TokenResponse.parse(response);
        assertThat(parsed.indicatesSuccess()).as(response.getBody()).isTrue();
        return parsed.toSuccessResponse().getTokens().getAccessToken();
    }

    private static HttpResponse<String> call(HttpClient client, String method, String url, String authorization, String proof)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", authorization);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String authorization, String proof) throws Exception {
        return call(http, "GET", catalogue, authorization, proof);
    }

    private static String proof(ECKey key, String method, String url, AccessToken token, Instant issuedAt) {
        return DpopProofs.proof(key, method, url, token == null ? null : token.getValue(), null, issuedAt);
    }

    private static void assertRefused(HttpResponse<String> response, String problem, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/" + problem);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"" + error + "\"");
    }

    private static void assertInvalidProof(HttpResponse<String> response) throws Exception {
        assertRefused(response, "invalid-dpop-proof", "invalid_dpop_proof");
        // RFC 9449 §7.1: the challenge names the DPoP scheme and the algorithms accepted.
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
                .startsWith("DPoP realm=\"bulwark\", algs=\"PS256 ES256 EdDSA\"");
    }

    private static JWTClaimsSet claims(AccessToken token) throws Exception {
        return SignedJWT.parse(token.getValue()).getJWTClaimsSet();
    }

    // --- DPoP ---

    @Test
    void aNimbusClientGetsADpopBoundTokenAndReadsTheCatalogueWithAFreshProof() throws Exception {
        AccessToken token = dpopToken();

        assertThat(token).isInstanceOf(DPoPAccessToken.class);
        assertThat(claims(token).getJSONObjectClaim("cnf"))
                .containsEntry("jkt", JWKThumbprintConfirmation.of(partnerDpopKey.toPublicJWK()).getValue().toString());
        String proof = new DefaultDPoPProofFactory(partnerDpopKey, JWSAlgorithm.ES256).createDPoPJWT("GET", URI.create(catalogue), token)
                .serialize();
        HttpResponse<String> response = get(token.toAuthorizationHeader(), proof);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"productId\"");
    }

    @Test
    void aCallWithoutProofIsRefused() throws Exception {
        assertInvalidProof(get(dpopToken().toAuthorizationHeader(), null));
    }

    @Test
    void aReplayedProofIsRefused() throws Exception {
        AccessToken token = dpopToken();
        String proof = proof(partnerDpopKey, "GET", catalogue, token, Instant.now());
        assertThat(get(token.toAuthorizationHeader(), proof).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = get(token.toAuthorizationHeader(), proof);
        assertInvalidProof(replay);
        assertThat(replay.body()).contains("already used");
    }

    @Test
    void aProofForAnotherUrlOrMethodIsRefused() throws Exception {
        AccessToken token = dpopToken();
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue + "/acc-1", token, Instant.now())));
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "POST", catalogue, token, Instant.now())));
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", issuer + "/token", token, Instant.now())));
    }

    @Test
    void aProofWithTheWrongAthIsRefused() throws Exception {
        AccessToken token = dpopToken();
        AccessToken another = dpopToken();
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, another, Instant.now())));
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, null, Instant.now())));
    }

    @Test
    void aStolenTokenIsUselessWithoutTheKey() throws Exception {
        AccessToken stolen = dpopToken();
        // As a bearer token (RFC 9449 §7.2), with or without a proof.
        assertRefused(get(new BearerAccessToken(stolen.getValue()).toAuthorizationHeader(), null), "dpop-scheme-required", "invalid_token");
        assertRefused(get("Bearer " + stolen.getValue(), proof(partnerDpopKey, "GET", catalogue, stolen, Instant.now())),
                "dpop-scheme-required", "invalid_token");
        // Under the DPoP scheme with a proof from the thief's own key (RFC 9449 §4.3 item 12).
        ECKey thief = JwtFactory.ecKey("thief");
        assertInvalidProof(get(stolen.toAuthorizationHeader(), proof(thief, "GET", catalogue, stolen, Instant.now())));
    }

    @Test
    void aProofHasOneSpellingPaddedIsRefusedAndTheHighOrLowSTwinIsTheSameProof() throws Exception {
        AccessToken token = dpopToken();
        // RFC 7515 §2: base64url without padding; a padded proof is another spelling of it.
        HttpResponse<String> padded = get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, token, Instant.now()) + "=");
        assertInvalidProof(padded);
        assertThat(padded.body()).contains("signature");

        // S and n - S both verify; client libraries leave S as it falls, so either is taken, but as one proof: its jti.
        String proof = proof(partnerDpopKey, "GET", catalogue, token, Instant.now());
        String[] parts = proof.split("\\.");
        String twin = parts[0] + "." + parts[1] + "." + EcdsaSignatures.flipS(parts[2]);
        assertThat(get(token.toAuthorizationHeader(), twin).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = get(token.toAuthorizationHeader(), proof);
        assertInvalidProof(replay);
        assertThat(replay.body()).contains("already used");
    }

    /** A client_credentials request of demo-service with {@code assertion} as its private_key_jwt, bound to its DPoP key. */
    private static HttpResponse<String> tokenWithAssertion(String assertion) throws Exception {
        String form = "grant_type=client_credentials&scope=products%3Aread&client_id=demo-service"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + assertion;
        return http.send(HttpRequest.newBuilder(tokenEndpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", proof(partnerDpopKey, "POST", tokenEndpoint.toString(), null, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientAssertionHasOneSpellingPaddedIsRefusedAndTheSTwinIsTheSameAssertion() throws Exception {
        String padded = ((PrivateKeyJWT) privateKeyJwt("demo-service")).getClientAssertion().serialize() + "=";
        HttpResponse<String> refused = tokenWithAssertion(padded);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_client");

        String assertion = ((PrivateKeyJWT) privateKeyJwt("demo-service")).getClientAssertion().serialize();
        String[] parts = assertion.split("\\.");
        String twin = parts[0] + "." + parts[1] + "." + EcdsaSignatures.flipS(parts[2]);
        HttpResponse<String> accepted = tokenWithAssertion(twin);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        // RFC 7523 §3 item 7: the jti is single use, whichever spelling of the signature carried it.
        HttpResponse<String> replay = tokenWithAssertion(assertion);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void iatFiveSecondsAheadIsAcceptedAndSixtySecondsAheadRefused() throws Exception {
        AccessToken token = dpopToken();
        assertThat(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, token, Instant.now().plusSeconds(5)))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> ahead = get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, token,
                Instant.now().plusSeconds(60)));
        assertInvalidProof(ahead);
        assertThat(ahead.body()).contains("iat lies in the future");
        assertInvalidProof(get(token.toAuthorizationHeader(), proof(partnerDpopKey, "GET", catalogue, token, Instant.now().minusSeconds(90))));
    }

    @Test
    void algNoneAndHs256ProofsAreRefused() throws Exception {
        AccessToken token = dpopToken();
        JWTClaimsSet claims = DpopProofs.claims("GET", catalogue).claim("ath", AccessTokenHash.of(token.getValue())).build();
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":" + partnerDpopKey.toPublicJWK().toJSONString() + "}")
                + "." + Base64URL.encode(claims.toString()) + ".";
        assertInvalidProof(get(token.toAuthorizationHeader(), none));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(partnerDpopKey.toPublicJWK()).build(), claims);
        hmac.sign(new MACSigner(partnerDpopKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = get(token.toAuthorizationHeader(), hmac.serialize());
        assertInvalidProof(response);
        assertThat(response.body()).contains("alg must be one of PS256 ES256 EdDSA");
    }

    @Test
    void aProofCarryingItsPrivateKeyIsRefused() throws Exception {
        AccessToken token = dpopToken();
        JWTClaimsSet claims = DpopProofs.claims("GET", catalogue).claim("ath", AccessTokenHash.of(token.getValue())).build();
        String signingInput = Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":" + partnerDpopKey.toJSONString() + "}")
                + "." + Base64URL.encode(claims.toString());
        String proof = signingInput + "." + new ECDSASigner(partnerDpopKey).sign(new JWSHeader(JWSAlgorithm.ES256),
                signingInput.getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = get(token.toAuthorizationHeader(), proof);
        assertInvalidProof(response);
        assertThat(response.body()).contains("contains a private key");
    }

    // --- mTLS ---

    private static TlsFiles demoMtlsIdentity() {
        return new TlsFiles(dataDir.resolve("demo/clients/demo-mtls.crt"), dataDir.resolve("demo/clients/demo-mtls.key"));
    }

    private static HttpClient presenting(TlsFiles identity) {
        return HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(identity, ca())).build();
    }

    private static X509Certificate leaf(TlsFiles identity) {
        return TestCertificates.chain(identity).getFirst();
    }

    @Test
    void tlsClientAuthAuthenticatesDemoMtlsAndBindsItsTokenToTheCertificate() throws Exception {
        TlsFiles identity = demoMtlsIdentity();
        JsonNode credentials = JSON.readTree(clientFile("demo-mtls").toFile());
        assertThat(credentials.get("token_endpoint_auth_method").asText()).isEqualTo("tls_client_auth");
        assertThat(credentials.get("tls_client_auth_subject_dn").asText()).isEqualTo("CN=demo-mtls,O=Bulwark");
        assertThat(Files.getPosixFilePermissions(identity.privateKey())).hasSize(2);

        HttpClient withCertificate = presenting(identity);
        HTTPResponse response = tokenRequest(withCertificate, new PKITLSClientAuthentication(new ClientID("demo-mtls"), leaf(identity)), null);
        TokenResponse parsed = TokenResponse.parse(response);
        assertThat(parsed.indicatesSuccess()).as(response.getBody()).isTrue();
        AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();
        // RFC 8705 §3.1: a certificate-bound token is a Bearer token carrying the certificate's thumbprint.
        assertThat(token).isInstanceOf(BearerAccessToken.class);
        assertThat(claims(token).getJSONObjectClaim("cnf"))
                .containsEntry("x5t#S256", X509CertificateConfirmation.of(leaf(identity)).getValue().toString());

        assertThat(call(withCertificate, "GET", catalogue, token.toAuthorizationHeader(), null).statusCode()).isEqualTo(200);
        TlsFiles intruder = DevCertificateAuthority.loadOrCreate(dataDir.resolve("tls")).clientIdentity("intruder", "intruder");
        assertRefused(call(presenting(intruder), "GET", catalogue, token.toAuthorizationHeader(), null), "client-certificate-mismatch",
                "invalid_token");
        assertRefused(call(http, "GET", catalogue, token.toAuthorizationHeader(), null), "client-certificate-mismatch", "invalid_token");
    }

    @Test
    void anotherCertificateOfTheSameCaCannotAuthenticateAsDemoMtls() throws Exception {
        TlsFiles intruder = DevCertificateAuthority.loadOrCreate(dataDir.resolve("tls")).clientIdentity("intruder", "intruder");
        HTTPResponse response = tokenRequest(presenting(intruder), new PKITLSClientAuthentication(new ClientID("demo-mtls"), leaf(intruder)), null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
        HTTPResponse none = tokenRequest(http, new PKITLSClientAuthentication(new ClientID("demo-mtls"), leaf(intruder)), null);
        assertThat(TokenErrorResponse.parse(none).getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void selfSignedTlsClientAuthAuthenticatesAClientRegisteredWithItsCertificate() throws Exception {
        TlsFiles selfSigned = TestCertificates.selfSigned(dataDir.resolve("self-signed"), "self-signed", "self-signed-partner");
        X509Certificate certificate = leaf(selfSigned);
        ECKey registered = new ECKey.Builder(ECKey.parse(certificate)).x509CertChain(List.of(Base64.encode(certificate.getEncoded()))).build();
        demo.node().store().clients().save(TestClients.client("self-signed-partner").name("Self-signed partner")
                .authMethod(RegisteredClient.SELF_SIGNED_TLS_CLIENT_AUTH).jwks(new JWKSet(registered).toString()).scopes("products:read")
                .createdAt(Instant.now()).senderConstraint(SenderConstraint.MTLS).build());

        HttpClient withCertificate = presenting(selfSigned);
        HTTPResponse response = tokenRequest(withCertificate,
                new SelfSignedTLSClientAuthentication(new ClientID("self-signed-partner"), certificate), null);
        TokenResponse parsed = TokenResponse.parse(response);
        assertThat(parsed.indicatesSuccess()).as(response.getBody()).isTrue();
        AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();
        assertThat(claims(token).getJSONObjectClaim("cnf"))
                .containsEntry("x5t#S256", X509CertificateConfirmation.of(certificate).getValue().toString());
        assertThat(call(withCertificate, "GET", catalogue, token.toAuthorizationHeader(), null).statusCode()).isEqualTo(200);

        TlsFiles other = TestCertificates.selfSigned(dataDir.resolve("self-signed"), "other", "self-signed-partner");
        HTTPResponse refused = tokenRequest(presenting(other), new SelfSignedTLSClientAuthentication(new ClientID("self-signed-partner"),
                leaf(other)), null);
        assertThat(TokenErrorResponse.parse(refused).getErrorObject().getCode()).isEqualTo("invalid_client");
    }
}
