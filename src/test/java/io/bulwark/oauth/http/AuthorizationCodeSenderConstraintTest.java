package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import io.bulwark.config.TlsFiles;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.mtls.CertificateThumbprint;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NimbusHttp;
import io.bulwark.testing.TestBrowser;
import io.bulwark.testing.TestCertificates;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.bulwark.testing.OAuthErrorAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of the authorization-code flow are sender-constrained like every other: DPoP-bound (RFC 9449)
 * or certificate-bound (RFC 8705), including for an mTLS client that authenticates at PAR with its
 * certificate. A code bound to a DPoP key at PAR (RFC 9449 §10) is redeemed only with a proof of that
 * key. Revoking the grant behind a token stops it at the gateway and in introspection.
 */
class AuthorizationCodeSenderConstraintTest {

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static FlowTestKit kit;
    private static ECKey partnerKey;
    private static final ECKey otherKey = JwtFactory.ecKey("someone-else");

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        partnerKey = kit.dpopKey("demo-partner");
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    /** Signs alice in for {@code requestUri}, approves everything asked, and returns the code. */
    private static String approvedCode(String clientId, URI requestUri, State state) {
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl(clientId, requestUri), "alice");
        return kit.codeFrom(TestBrowser.seeOther(kit.approve(browser, consent, List.of())), state);
    }

    private static Map<String, String> parForm(State state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("redirect_uri", FlowTestKit.CALLBACK.toString());
        params.put("scope", "accounts:read");
        params.put("state", state.getValue());
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    // --- DPoP (RFC 9449) ---

    @Test
    void aCodeTokenRequestWithoutAProofIsRefusedForADpopClient() {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        String code = approvedCode("demo-partner",
                kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read")).build()), state);

        // RFC 9449 §5.2 and FAPI 2.0 SP §5.3.2.1: no unbound token for a client registered as DPoP-bound.
        assertOAuthError(kit.exchange("demo-partner", code, FlowTestKit.CALLBACK, verifier, null), 400, "invalid_dpop_proof",
                "DPoP-bound");
    }

    @Test
    void aCodeBoundAtParIsRedeemedOnlyWithAProofOfThatKey() throws Exception {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read"))
                .build(), partnerKey);
        String code = approvedCode("demo-partner", requestUri, state);

        // RFC 9449 §10: the token request's proof must be signed with the key the code was bound to at PAR.
        assertOAuthError(kit.exchange("demo-partner", code, FlowTestKit.CALLBACK, verifier, otherKey), 400, "invalid_grant",
                "bound to a DPoP key");

        State again = new State();
        CodeVerifier secondVerifier = new CodeVerifier();
        String second = approvedCode("demo-partner", kit.push("demo-partner", kit.request("demo-partner", secondVerifier).state(again)
                .scope(new Scope("accounts:read")).build(), partnerKey), again);
        HTTPResponse response = kit.exchange("demo-partner", second, FlowTestKit.CALLBACK, secondVerifier, partnerKey);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(FlowTestKit.json(response.getBody()).get("token_type").asText()).isEqualTo("DPoP");
        JWTClaimsSet claims = FlowTestKit.claims(FlowTestKit.json(response.getBody()).get("access_token").asText());
        assertThat(claims.getJSONObjectClaim("cnf")).isEqualTo(Map.of("jkt", DpopProofs.jkt(partnerKey)));
    }

    @Test
    void theDpopJktParameterBindsTheCodeWithoutAProofAtPar() {
        State state = new State();
        Map<String, String> form = parForm(state);
        form.put("dpop_jkt", DpopProofs.jkt(partnerKey));
        HttpResponse<String> pushed = kit.pushForm("demo-partner", form);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String code = approvedCode("demo-partner", URI.create(FlowTestKit.json(pushed.body()).get("request_uri").asText()), state);

        assertOAuthError(kit.exchange("demo-partner", code, FlowTestKit.CALLBACK, new CodeVerifier(VERIFIER), otherKey), 400,
                "invalid_grant", "bound to a DPoP key");
    }

    @Test
    void aDpopJktThatIsNotTheProofsKeyIsRefusedAtPar() {
        Map<String, String> form = parForm(new State());
        form.put("dpop_jkt", DpopProofs.jkt(otherKey));

        // RFC 9449 §10.1: with both, the proof's key must be the one dpop_jkt names.
        assertOAuthError(kit.pushForm("demo-partner", form, kit.proof(partnerKey, "POST", kit.issuer + "/par", null)), 400,
                "invalid_request", "dpop_jkt is not the thumbprint");
    }

    @Test
    void aMalformedDpopJktIsRefusedAtPar() {
        Map<String, String> form = parForm(new State());
        form.put("dpop_jkt", "not-a-thumbprint");

        assertOAuthError(kit.pushForm("demo-partner", form), 400, "invalid_request", "dpop_jkt must be");
    }

    @Test
    void aParProofMadeForAnotherUrlOrMethodIsRefused() {
        // RFC 9449 §4.3: htu is the PAR endpoint's URL and htm POST, not the token endpoint's.
        assertOAuthError(kit.pushForm("demo-partner", parForm(new State()), kit.proof(partnerKey, "POST", kit.issuer + "/token", null)),
                400, "invalid_dpop_proof", "htu");
        assertOAuthError(kit.pushForm("demo-partner", parForm(new State()), kit.proof(partnerKey, "GET", kit.issuer + "/par", null)),
                400, "invalid_dpop_proof", "htm");
    }

    @Test
    void aParProofIsAcceptedOnce() {
        String proof = kit.proof(partnerKey, "POST", kit.issuer + "/par", null);
        assertThat(kit.pushForm("demo-partner", parForm(new State()), proof).statusCode()).isEqualTo(201);

        // RFC 9449 §11.1: a replayed proof is refused.
        assertOAuthError(kit.pushForm("demo-partner", parForm(new State()), proof), 400, "invalid_dpop_proof", "already used");
    }

    // --- mTLS (RFC 8705) ---

    private static TlsFiles demoMtlsIdentity() {
        return new TlsFiles(kit.dataDir.resolve("demo/clients/demo-mtls.crt"), kit.dataDir.resolve("demo/clients/demo-mtls.key"));
    }

    @Test
    void anMtlsClientPushesWithItsCertificateAndGetsACertificateBoundTokenForTheGateway() throws Exception {
        TlsFiles identity = demoMtlsIdentity();
        HttpClient withCertificate = HttpClient.newBuilder()
                .sslContext(TlsPolicy.jdkClientContext(identity, kit.dataDir.resolve("tls/ca.pem"))).build();
        PKITLSClientAuthentication authentication = new PKITLSClientAuthentication(new ClientID("demo-mtls"),
                TestCertificates.chain(identity).getFirst());
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();

        // RFC 9126 §2.1 with RFC 8705 §2.1: PAR authenticates the client by its TLS certificate, as the token endpoint does.
        HTTPResponse pushed = NimbusHttp.send(withCertificate, new PushedAuthorizationRequest(URI.create(kit.issuer + "/par"),
                authentication, kit.request("demo-mtls", verifier).state(state).scope(new Scope("accounts:read")).build())
                .toHTTPRequest());
        assertThat(pushed.getStatusCode()).as(pushed.getBody()).isEqualTo(201);
        URI requestUri = URI.create(FlowTestKit.json(pushed.getBody()).get("request_uri").asText());
        String code = approvedCode("demo-mtls", requestUri, state);

        HTTPResponse response = NimbusHttp.send(withCertificate, new TokenRequest(URI.create(kit.issuer + "/token"), authentication,
                new AuthorizationCodeGrant(new AuthorizationCode(code), FlowTestKit.CALLBACK, verifier)).toHTTPRequest());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = FlowTestKit.json(response.getBody());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        String accessToken = body.get("access_token").asText();
        JWTClaimsSet claims = FlowTestKit.claims(accessToken);
        assertThat(claims.getSubject()).isEqualTo("alice");
        // RFC 8705 §3.1: bound to the certificate the client presented.
        assertThat(claims.getJSONObjectClaim("cnf"))
                .isEqualTo(Map.of("x5t#S256", CertificateThumbprint.sha256(TestCertificates.chain(identity).getFirst())));

        String accounts = "https://localhost:" + kit.demo.environment().ports().gateway() + "/bank/v1/accounts";
        HttpResponse<String> withIt = withCertificate.send(HttpRequest.newBuilder(URI.create(accounts))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withIt.statusCode()).as(withIt.body()).isEqualTo(200);
        // RFC 8705 §3: without the certificate the token is bound to, it is worth nothing.
        HttpResponse<String> without = HttpClient.newBuilder().sslContext(kit.ssl).build().send(HttpRequest.newBuilder(URI.create(accounts))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);
    }

    @Test
    void anMtlsBoundClientMayNotBindItsCodeToADpopKey() throws Exception {
        TlsFiles identity = demoMtlsIdentity();
        HttpClient withCertificate = HttpClient.newBuilder()
                .sslContext(TlsPolicy.jdkClientContext(identity, kit.dataDir.resolve("tls/ca.pem"))).build();
        var request = new PushedAuthorizationRequest(URI.create(kit.issuer + "/par"),
                new PKITLSClientAuthentication(new ClientID("demo-mtls"), TestCertificates.chain(identity).getFirst()),
                kit.request("demo-mtls", new CodeVerifier()).scope(new Scope("accounts:read")).build()).toHTTPRequest();
        request.setHeader("DPoP", kit.proof(partnerKey, "POST", kit.issuer + "/par", null));

        assertOAuthError(NimbusHttp.send(withCertificate, request), 400, "invalid_request", "bound to its TLS certificate");
    }

    @Test
    void parWithoutAnyClientAuthenticationIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(kit.ssl).build().send(
                HttpRequest.newBuilder(URI.create(kit.issuer + "/par")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("client_id=demo-mtls&response_type=code")).build(),
                HttpResponse.BodyHandlers.ofString());

        // RFC 8705 §2: client_id alone, over a connection without the client's certificate, authenticates no one.
        assertOAuthError(response, 400, "invalid_client", "");
    }

    // --- grants ---

    /** A DPoP-bound token for alice from a fresh code, with the code and verifier that gave it. */
    private record Redeemed(String accessToken, String code, CodeVerifier verifier) {
        String grantId() {
            try {
                return FlowTestKit.claims(accessToken).getStringClaim("grant_id");
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Redeemed redeemed() {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        String code = approvedCode("demo-partner",
                kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read")).build()), state);
        HTTPResponse response = kit.exchange("demo-partner", code, FlowTestKit.CALLBACK, verifier);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return new Redeemed(FlowTestKit.json(response.getBody()).get("access_token").asText(), code, verifier);
    }

    private static JsonNode introspect(String accessToken) {
        HTTPResponse response = kit.send(new TokenIntrospectionRequest(URI.create(kit.issuer + "/introspect"),
                kit.clientAuthentication("demo-partner"), new TypelessAccessToken(accessToken)).toHTTPRequest());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return FlowTestKit.json(response.getBody());
    }

    @Test
    void revokingTheGrantStopsItsTokensAtTheGatewayWithinOneSecondAndInIntrospection() {
        Redeemed redeemed = redeemed();
        assertThat(kit.callGateway("/bank/v1/accounts", redeemed.accessToken(), partnerKey).statusCode()).isEqualTo(200);
        JsonNode active = introspect(redeemed.accessToken());
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("grant_id").asText()).isEqualTo(redeemed.grantId());
        assertThat(active.get("token_type").asText()).isEqualTo("DPoP");

        store().grants().revoke(redeemed.grantId(), kit.clock.instant());
        kit.clock.advance(Duration.ofSeconds(1));

        HttpResponse<String> refused = kit.callGateway("/bank/v1/accounts", redeemed.accessToken(), partnerKey);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("grant this token was issued from has been revoked");
        assertThat(introspect(redeemed.accessToken()).toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void aReusedCodeStopsTheTokenItAlreadyGaveAtTheGateway() {
        Redeemed redeemed = redeemed();
        assertThat(kit.callGateway("/bank/v1/accounts", redeemed.accessToken(), partnerKey).statusCode()).isEqualTo(200);

        // RFC 6749 §4.1.2: the code presented twice revokes the grant, and with it the token already issued.
        assertOAuthError(kit.exchange("demo-partner", redeemed.code(), FlowTestKit.CALLBACK, redeemed.verifier()), 400, "invalid_grant",
                "already used");
        kit.clock.advance(Duration.ofSeconds(1));

        assertThat(kit.callGateway("/bank/v1/accounts", redeemed.accessToken(), partnerKey).statusCode()).isEqualTo(401);
        assertThat(introspect(redeemed.accessToken()).get("active").asBoolean()).isFalse();
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }
}
