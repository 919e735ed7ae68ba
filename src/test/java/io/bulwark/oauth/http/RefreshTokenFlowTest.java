package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.bulwark.clients.RegisteredClient;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.bulwark.testing.OAuthErrorAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens end to end, with the Nimbus SDK as the client over TLS: issued with the code exchange,
 * used with the DPoP key or certificate of that exchange (RFC 9449 §5, RFC 8705 §3), scope narrowed but
 * never widened (RFC 6749 §6), rotation with reuse detection for a client that asks for it, and
 * revocation (RFC 7009) that ends the whole grant at the gateway.
 */
class RefreshTokenFlowTest {

    private static FlowTestKit kit;
    private static ECKey partnerKey;
    private static final ECKey otherKey = JwtFactory.ecKey("not-the-partners-key");

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        partnerKey = kit.dpopKey("demo-partner");
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    // --- helpers ---

    /** Alice's consent to {@code clientId} for {@code scope}, redeemed with a proof by the client's DPoP key. */
    private static Tokens codeFlow(String clientId, String scope) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        URI requestUri = kit.push(clientId, kit.request(clientId, verifier).state(state).scope(Scope.parse(scope)).build());
        String code = approvedCode(clientId, requestUri, state);
        HTTPResponse response = kit.exchange(clientId, code, FlowTestKit.CALLBACK, verifier);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return kit.parseToken(response).toSuccessResponse().getTokens();
    }

    private static String approvedCode(String clientId, URI requestUri, State state) {
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl(clientId, requestUri), "alice");
        return kit.codeFrom(TestBrowser.seeOther(kit.approve(browser, consent, List.of())), state);
    }

    /** {@code grant_type=refresh_token} as {@code clientId} (private_key_jwt), with a proof by {@code dpopKey} unless null. */
    private static HTTPResponse refresh(String clientId, String refreshToken, Scope scope, ECKey dpopKey) {
        HTTPRequest request = new TokenRequest(URI.create(kit.issuer + "/token"), kit.clientAuthentication(clientId),
                new RefreshTokenGrant(new RefreshToken(refreshToken)), scope).toHTTPRequest();
        if (dpopKey != null) {
            request.setHeader("DPoP", kit.proof(dpopKey, "POST", kit.issuer + "/token", null));
        }
        return kit.send(request);
    }

    private static JsonNode ok(HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return FlowTestKit.json(response.getBody());
    }

    private static int gatewayStatus(String accessToken, ECKey key) {
        return kit.callGateway("/bank/v1/accounts", accessToken, key).statusCode();
    }

    private static JsonNode introspect(String clientId, String token) {
        return ok(kit.send(new TokenIntrospectionRequest(URI.create(kit.issuer + "/introspect"), kit.clientAuthentication(clientId),
                new RefreshToken(token)).toHTTPRequest()));
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }

    // --- issuance ---

    @Test
    void theCodeExchangeGivesARefreshTokenAndClientCredentialsDoesNot() {
        Tokens tokens = codeFlow("demo-partner", "accounts:read");
        assertThat(tokens.getRefreshToken()).isNotNull();
        // ≥ 128 bits (RFC 6749 §10.10): 32 random bytes, base64url.
        assertThat(tokens.getRefreshToken().getValue()).hasSize(43);

        HTTPRequest credentials = new TokenRequest(URI.create(kit.issuer + "/token"), kit.clientAuthentication("demo-service"),
                new ClientCredentialsGrant(), new Scope("products:read")).toHTTPRequest();
        credentials.setHeader("DPoP", kit.proof(kit.dpopKey("demo-service"), "POST", kit.issuer + "/token", null));
        // RFC 6749 §4.4.3: no refresh token with client_credentials.
        assertThat(ok(kit.send(credentials)).has("refresh_token")).isFalse();
    }

    @Test
    void theMetadataListsTheRefreshTokenGrant() throws Exception {
        HttpResponse<String> metadata = HttpClient.newBuilder().sslContext(kit.ssl).build().send(
                HttpRequest.newBuilder(URI.create(kit.issuer + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(FlowTestKit.json(metadata.body()).get("grant_types_supported").toString()).contains("\"refresh_token\"");
    }

    // --- DPoP binding (RFC 9449 §5) ---

    @Test
    void aDpopBoundRefreshTokenWorksWithTheSameKeyOnly() throws Exception {
        Tokens tokens = codeFlow("demo-partner", "accounts:read balances:read");
        String refreshToken = tokens.getRefreshToken().getValue();

        JsonNode refreshed = ok(refresh("demo-partner", refreshToken, null, partnerKey));
        assertThat(refreshed.get("token_type").asText()).isEqualTo("DPoP");
        // Not rotated by default (FAPI 2.0 SP §5.3.2.1): no new refresh token, the old one keeps working.
        assertThat(refreshed.has("refresh_token")).isFalse();
        String accessToken = refreshed.get("access_token").asText();
        JWTClaimsSet claims = FlowTestKit.claims(accessToken);
        assertThat(claims.getJSONObjectClaim("cnf")).isEqualTo(Map.of("jkt", DpopProofs.jkt(partnerKey)));
        assertThat(claims.getStringClaim("grant_id")).isEqualTo(FlowTestKit.claims(tokens.getAccessToken().getValue())
                .getStringClaim("grant_id"));
        // Grant Management: the refresh response names the grant too, for a client that cannot read the token.
        assertThat(refreshed.get("grant_id").asText()).isEqualTo(claims.getStringClaim("grant_id"));
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(refreshed.get("scope").asText()).isEqualTo("accounts:read balances:read");
        assertThat(gatewayStatus(accessToken, partnerKey)).isEqualTo(200);

        assertOAuthError(refresh("demo-partner", refreshToken, null, otherKey), 400, "invalid_grant", "bound to a DPoP key");
        // demo-partner is registered as DPoP-bound: without a proof the request is refused before the grant is looked at.
        assertOAuthError(refresh("demo-partner", refreshToken, null, null), 400, "invalid_dpop_proof", "DPoP");
        assertThat(ok(refresh("demo-partner", refreshToken, null, partnerKey)).has("access_token")).isTrue();
    }

    @Test
    void theScopeMayBeNarrowedButNeverWidened() {
        String refreshToken = codeFlow("demo-partner", "accounts:read balances:read").getRefreshToken().getValue();

        JsonNode narrowed = ok(refresh("demo-partner", refreshToken, new Scope("accounts:read"), partnerKey));
        assertThat(narrowed.get("scope").asText()).isEqualTo("accounts:read");
        assertThat(FlowTestKit.claims(narrowed.get("access_token").asText()).getClaim("scope")).isEqualTo("accounts:read");

        // RFC 6749 §6: a scope not originally granted is invalid_scope, even one the client is registered for.
        assertOAuthError(refresh("demo-partner", refreshToken, new Scope("accounts:read", "payments:write"), partnerKey), 400,
                "invalid_scope", "never widen");
        // Narrowing once does not narrow the token itself.
        assertThat(ok(refresh("demo-partner", refreshToken, null, partnerKey)).get("scope").asText())
                .isEqualTo("accounts:read balances:read");
    }

    @Test
    void aScopeTheOperatorRemovedFromTheClientIsNoLongerRefreshed() {
        String refreshToken = codeFlow("demo-partner", "accounts:read balances:read").getRefreshToken().getValue();
        RegisteredClient partner = store().clients().find("demo-partner").orElseThrow();
        Set<String> without = new HashSet<>(partner.scopes());
        without.remove("balances:read");
        store().clients().save(partner.withScopes(without));
        try {
            // Least privilege: the grant stands, but the new access token carries only what the client may still have.
            JsonNode refreshed = ok(refresh("demo-partner", refreshToken, null, partnerKey));
            assertThat(refreshed.get("scope").asText()).isEqualTo("accounts:read");
            assertThat(FlowTestKit.claims(refreshed.get("access_token").asText()).getClaim("scope")).isEqualTo("accounts:read");
            assertOAuthError(refresh("demo-partner", refreshToken, new Scope("balances:read"), partnerKey), 400, "invalid_scope",
                    "never widen");

            store().clients().save(partner.withScopes(Set.of("payments:read")));
            assertOAuthError(refresh("demo-partner", refreshToken, null, partnerKey), 400, "invalid_scope", "no longer registered");
        } finally {
            store().clients().save(partner);
        }
        // Registered again, the consented scope comes back: the user's grant never lost it.
        assertThat(ok(refresh("demo-partner", refreshToken, null, partnerKey)).get("scope").asText())
                .isEqualTo("accounts:read balances:read");
    }

    @Test
    void anotherClientsRefreshTokenIsRefused() {
        String partners = codeFlow("demo-partner", "accounts:read").getRefreshToken().getValue();

        // RFC 6749 §6: the refresh token must have been issued to the authenticated client.
        assertOAuthError(refresh("demo-readonly", partners, null, kit.dpopKey("demo-readonly")), 400, "invalid_grant", "unknown");
        assertOAuthError(refresh("demo-readonly", "not-a-refresh-token", null, kit.dpopKey("demo-readonly")), 400, "invalid_grant",
                "unknown");
        // The refusal had no side effect on the owner's grant.
        assertThat(ok(refresh("demo-partner", partners, null, partnerKey)).has("access_token")).isTrue();
    }

    @Test
    void aDisabledClientCannotRefresh() {
        String refreshToken = codeFlow("demo-readonly", "accounts:read").getRefreshToken().getValue();
        RegisteredClient readonly = store().clients().find("demo-readonly").orElseThrow();
        store().clients().save(readonly.withDisabled(true));
        try {
            // A disabled client fails client authentication before its grant is looked at (RFC 6749 §5.2).
            assertOAuthError(refresh("demo-readonly", refreshToken, null, kit.dpopKey("demo-readonly")), 400, "invalid_client", "");
        } finally {
            store().clients().save(readonly);
        }
    }

    @Test
    void aClientNotRegisteredForRefreshTokensGetsNoneAndCannotRefresh() {
        String refreshToken = codeFlow("demo-readonly", "accounts:read").getRefreshToken().getValue();
        RegisteredClient readonly = store().clients().find("demo-readonly").orElseThrow();
        store().clients().save(readonly.withGrantTypes(Set.of(RegisteredClient.AUTHORIZATION_CODE)));
        try {
            // RFC 7591 §2 grant_types: without refresh_token, the code exchange gives none and the grant is unauthorized_client.
            assertThat(codeFlow("demo-readonly", "accounts:read").getRefreshToken()).isNull();
            assertOAuthError(refresh("demo-readonly", refreshToken, null, kit.dpopKey("demo-readonly")), 400, "unauthorized_client",
                    "refresh_token");
        } finally {
            store().clients().save(readonly);
        }
    }

    // --- mTLS binding (RFC 8705 §3) ---

    @Test
    void aCertificateBoundRefreshTokenWorksOnlyWithThatCertificate() throws Exception {
        TlsFiles identity = new TlsFiles(kit.dataDir.resolve("demo/clients/demo-mtls.crt"), kit.dataDir.resolve("demo/clients/demo-mtls.key"));
        HttpClient withCertificate = HttpClient.newBuilder()
                .sslContext(TlsPolicy.jdkClientContext(identity, kit.dataDir.resolve("tls/ca.pem"))).build();
        HttpClient without = HttpClient.newBuilder().sslContext(kit.ssl).build();
        ClientAuthentication authentication = new PKITLSClientAuthentication(new ClientID("demo-mtls"),
                TestCertificates.chain(identity).getFirst());
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        HTTPResponse pushed = NimbusHttp.send(withCertificate, new PushedAuthorizationRequest(URI.create(kit.issuer + "/par"),
                authentication, kit.request("demo-mtls", verifier).state(state).scope(new Scope("accounts:read")).build()).toHTTPRequest());
        String code = approvedCode("demo-mtls", URI.create(FlowTestKit.json(pushed.getBody()).get("request_uri").asText()), state);
        JsonNode exchanged = ok(NimbusHttp.send(withCertificate, new TokenRequest(URI.create(kit.issuer + "/token"), authentication,
                new AuthorizationCodeGrant(new AuthorizationCode(code), FlowTestKit.CALLBACK, verifier)).toHTTPRequest()));
        String refreshToken = exchanged.get("refresh_token").asText();

        HTTPRequest refresh = new TokenRequest(URI.create(kit.issuer + "/token"), authentication,
                new RefreshTokenGrant(new RefreshToken(refreshToken))).toHTTPRequest();
        JsonNode refreshed = ok(NimbusHttp.send(withCertificate, refresh));
        assertThat(refreshed.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(FlowTestKit.claims(refreshed.get("access_token").asText()).getJSONObjectClaim("cnf"))
                .isEqualTo(Map.of("x5t#S256", CertificateThumbprint.sha256(TestCertificates.chain(identity).getFirst())));

        // Without the certificate, demo-mtls cannot even authenticate (RFC 8705 §2).
        HTTPResponse refused = NimbusHttp.send(without, refresh);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
    }

    // --- rotation ---

    @Test
    void withRotationEachUseGivesANewTokenAndAReuseRevokesTheGrant() {
        RegisteredClient readonly = store().clients().find("demo-readonly").orElseThrow();
        store().clients().save(readonly.withRefreshTokenRotation(true));
        ECKey key = kit.dpopKey("demo-readonly");
        try {
            String first = codeFlow("demo-readonly", "accounts:read").getRefreshToken().getValue();

            JsonNode once = ok(refresh("demo-readonly", first, null, key));
            String second = once.get("refresh_token").asText();
            assertThat(second).isNotBlank().isNotEqualTo(first);
            String accessToken = once.get("access_token").asText();
            assertThat(gatewayStatus(accessToken, key)).isEqualTo(200);

            JsonNode twice = ok(refresh("demo-readonly", second, null, key));
            String third = twice.get("refresh_token").asText();
            assertThat(third).isNotEqualTo(second);

            // RFC 9700 §4.14.2: the spent token again means it leaked; the grant goes, with every token from it.
            assertOAuthError(refresh("demo-readonly", first, null, key), 400, "invalid_grant", "already used");
            kit.clock.advance(Duration.ofSeconds(1));

            assertThat(gatewayStatus(accessToken, key)).isEqualTo(401);
            assertThat(gatewayStatus(twice.get("access_token").asText(), key)).isEqualTo(401);
            assertOAuthError(refresh("demo-readonly", third, null, key), 400, "invalid_grant", "revoked");
        } finally {
            store().clients().save(readonly);
        }
    }

    // --- revocation and introspection ---

    @Test
    void introspectionAnswersForTheClientsOwnLiveRefreshToken() throws Exception {
        Tokens tokens = codeFlow("demo-partner", "accounts:read");
        String refreshToken = tokens.getRefreshToken().getValue();

        JsonNode active = introspect("demo-partner", refreshToken);
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("client_id").asText()).isEqualTo("demo-partner");
        assertThat(active.get("sub").asText()).isEqualTo("alice");
        assertThat(active.get("scope").asText()).isEqualTo("accounts:read");
        assertThat(active.get("token_type").asText()).isEqualTo("refresh_token");
        assertThat(active.get("exp").asLong()).isGreaterThan(kit.clock.instant().plus(Duration.ofDays(29)).getEpochSecond());
        assertThat(active.get("cnf").get("jkt").asText()).isEqualTo(DpopProofs.jkt(partnerKey));

        // RFC 7662 §4: another client learns nothing about it.
        assertThat(introspect("demo-readonly", refreshToken).toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void revokingARefreshTokenRevokesItsGrant() {
        Tokens tokens = codeFlow("demo-partner", "accounts:read");
        String accessToken = tokens.getAccessToken().getValue();
        String refreshToken = tokens.getRefreshToken().getValue();
        assertThat(gatewayStatus(accessToken, partnerKey)).isEqualTo(200);

        // Another client may not revoke it (RFC 7009 §2.1), and its attempt changes nothing.
        HTTPResponse foreign = kit.send(new TokenRevocationRequest(URI.create(kit.issuer + "/revoke"),
                kit.clientAuthentication("demo-readonly"), new RefreshToken(refreshToken)).toHTTPRequest());
        assertThat(foreign.getStatusCode()).isEqualTo(400);
        assertThat(ok(refresh("demo-partner", refreshToken, null, partnerKey)).has("access_token")).isTrue();

        HTTPResponse revoked = kit.send(new TokenRevocationRequest(URI.create(kit.issuer + "/revoke"),
                kit.clientAuthentication("demo-partner"), new RefreshToken(refreshToken)).toHTTPRequest());
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(200);
        kit.clock.advance(Duration.ofSeconds(1));

        // RFC 7009 §2.1: the access tokens of the same grant stop working too.
        assertThat(gatewayStatus(accessToken, partnerKey)).isEqualTo(401);
        assertOAuthError(refresh("demo-partner", refreshToken, null, partnerKey), 400, "invalid_grant", "revoked");
        assertThat(introspect("demo-partner", refreshToken).get("active").asBoolean()).isFalse();
    }
}
