package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.clients.TokenSettings;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grant management API (FAPI Grant Management §6) over TLS: a client reads and revokes the grants
 * it holds with a DPoP-bound access token carrying grant_management_query or grant_management_revoke;
 * another client's grant is not found; after a revocation, the gateway refuses the grant's access
 * tokens and its refresh token no longer works.
 */
class GrantManagementApiTest {

    private static FlowTestKit kit;
    private static ECKey partnerKey;
    private static ECKey readonlyKey;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        partnerKey = kit.dpopKey("demo-partner");
        readonlyKey = kit.dpopKey("demo-readonly");
        http = HttpClient.newBuilder().sslContext(kit.ssl).build();
        // The operator allows both clients the grant management scopes, with client credentials to get them (RFC 7591 §2).
        for (String clientId : List.of("demo-partner", "demo-readonly")) {
            RegisteredClient client = store().clients().find(clientId).orElseThrow();
            Set<String> scopes = new HashSet<>(client.scopes());
            scopes.addAll(Set.of("grant_management_query", "grant_management_revoke"));
            store().clients().save(client.withScopes(scopes).withDisabled(false)
                    .withTokenSettings(TokenSettings.DEFAULTS).withGrantTypes(Set.of(RegisteredClient.AUTHORIZATION_CODE,
                    RegisteredClient.REFRESH_TOKEN, RegisteredClient.CLIENT_CREDENTIALS)));
        }
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }

    /** A DPoP-bound client_credentials token (Nimbus SDK) of {@code clientId} for {@code scope}. */
    private static String managementToken(String clientId, ECKey key, String scope) {
        HTTPRequest request = new TokenRequest(URI.create(kit.issuer + "/token"), kit.clientAuthentication(clientId),
                new ClientCredentialsGrant(), Scope.parse(scope)).toHTTPRequest();
        request.setHeader("DPoP", kit.proof(key, "POST", kit.issuer + "/token", null));
        HTTPResponse response = kit.send(request);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return FlowTestKit.json(response.getBody()).get("access_token").asText();
    }

    /** Alice's grant to demo-partner: the token response of the code flow. */
    private static AccessTokenResponse alicesGrant() {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state)
                .scope(new Scope("accounts:read", "balances:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        String code = kit.codeFrom(TestBrowser.seeOther(kit.approve(browser, consent, List.of())), state);
        HTTPResponse response = kit.exchange("demo-partner", code, FlowTestKit.CALLBACK, verifier);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return kit.parseToken(response).toSuccessResponse();
    }

    /** Grant Management: the grant_id from the token response, as a client must take it (never from the access token). */
    private static String grantId(AccessTokenResponse response) {
        return (String) response.getCustomParameters().get("grant_id");
    }

    /** {@code method /grants/{grantId}} with {@code token} under the DPoP scheme and a proof by {@code key} (null: no proof). */
    private static HttpResponse<String> call(String method, String grantId, String token, ECKey key) {
        String url = kit.issuer + "/grants/" + grantId;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "DPoP " + token);
        if (key != null) {
            request.header("DPoP", kit.proof(key, method, url, token));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HTTPResponse refresh(String refreshToken) {
        return kit.refresh("demo-partner", refreshToken);
    }

    @Test
    void theOwnerReadsItsGrantAndOthersFindNothing() throws Exception {
        AccessTokenResponse response = alicesGrant();
        String grantId = grantId(response);
        assertThat(grantId).isEqualTo(FlowTestKit.claims(response.getTokens().getAccessToken().getValue()).getStringClaim("grant_id"));
        String token = managementToken("demo-partner", partnerKey, "grant_management_query");

        HttpResponse<String> read = call("GET", grantId, token, partnerKey);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode grant = FlowTestKit.json(read.body());
        assertThat(grant.get("grant_id").asText()).isEqualTo(grantId);
        assertThat(grant.get("scopes").toString()).isEqualTo("[{\"scope\":\"accounts:read\"},{\"scope\":\"balances:read\"}]");

        // Grant Management §6: another client's grant is not found, exactly like an unknown one.
        String readonlyToken = managementToken("demo-readonly", readonlyKey, "grant_management_query");
        HttpResponse<String> foreign = call("GET", grantId, readonlyToken, readonlyKey);
        HttpResponse<String> unknown = call("GET", "no-such-grant", readonlyToken, readonlyKey);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).contains("application/problem+json");
        // Each answer names its own request (instance, request_id); everything else is the same.
        assertThat(withoutRequestId(foreign.body())).isEqualTo(withoutRequestId(unknown.body()));
    }


    @Test
    void callsWithoutAProvenTokenOrTheScopeAreRefused() throws Exception {
        String grantId = grantId(alicesGrant());
        String token = managementToken("demo-partner", partnerKey, "grant_management_query");

        // RFC 9449 §7: a DPoP-bound token needs a proof of its key for this request.
        HttpResponse<String> noProof = call("GET", grantId, token, null);
        assertThat(noProof.statusCode()).isEqualTo(401);
        assertThat(noProof.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP error=\"invalid_dpop_proof\"");
        // RFC 9110 §15.5.2: every 401 carries a challenge.
        for (HttpResponse<String> refused : List.of(call("GET", grantId, token, readonlyKey), call("GET", grantId, "not-a-token", partnerKey))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        }

        // RFC 6750 §3.1: the right token without the scope is insufficient_scope.
        HttpResponse<String> withoutScope = call("GET", grantId, managementToken("demo-partner", partnerKey, "accounts:read"), partnerKey);
        assertThat(withoutScope.statusCode()).isEqualTo(403);
        assertThat(FlowTestKit.json(withoutScope.body()).get("error").asText()).isEqualTo("insufficient_scope");
        HttpResponse<String> queryOnly = call("DELETE", grantId, token, partnerKey);
        assertThat(queryOnly.statusCode()).isEqualTo(403);
        assertThat(call("GET", grantId, token, partnerKey).statusCode()).isEqualTo(200);
    }

    /** {@code claims} signed with the authorization server's real, active key, as it signs its access tokens. */
    private static String signedByTheServer(JWTClaimsSet claims) throws Exception {
        SigningKeyRing.Active key = kit.demo.node().signingKeys().active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(new JOSEObjectType("at+jwt")).keyID(key.keyId()).build(),
                claims);
        jwt.sign(key.signer());
        return jwt.serialize();
    }

    @Test
    void aTokenOfThisServerForAnotherAudienceIsRefused() throws Exception {
        String grantId = grantId(alicesGrant());
        JWTClaimsSet issued = FlowTestKit.claims(managementToken("demo-partner", partnerKey, "grant_management_query"));
        // The server issues its grant-management tokens, like all its access tokens, for the gateway's audience alone.
        assertThat(issued.getAudience()).containsExactly(kit.demo.environment().config().gateway().audience());
        assertThat(call("GET", grantId, signedByTheServer(issued), partnerKey).statusCode()).isEqualTo(200);

        // RFC 9068 §4: the same token made out to another resource is not one to act on here.
        for (List<String> audience : List.of(List.of("https://other.example"),
                List.of(kit.demo.environment().config().gateway().audience(), "https://other.example"))) {
            HttpResponse<String> refused = call("GET", grantId, signedByTheServer(new JWTClaimsSet.Builder(issued).audience(audience).build()),
                    partnerKey);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        }
    }

    @Test
    void revokingAGrantStopsItsAccessTokensAtTheGatewayAndItsRefreshToken() throws Exception {
        AccessTokenResponse response = alicesGrant();
        Tokens tokens = response.getTokens();
        String grantId = grantId(response);
        assertThat(grantId).isNotNull();
        String accessToken = tokens.getAccessToken().getValue();
        assertThat(kit.callGateway("/bank/v1/accounts", accessToken, partnerKey).statusCode()).isEqualTo(200);

        // Another client cannot revoke it, and learns nothing from trying.
        HttpResponse<String> foreign = call("DELETE", grantId, managementToken("demo-readonly", readonlyKey, "grant_management_revoke"),
                readonlyKey);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(refresh(tokens.getRefreshToken().getValue()).getStatusCode()).isEqualTo(200);

        String revokeToken = managementToken("demo-partner", partnerKey, "grant_management_query grant_management_revoke");
        HttpResponse<String> revoked = call("DELETE", grantId, revokeToken, partnerKey);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        kit.clock.advance(Duration.ofSeconds(1));

        assertThat(kit.callGateway("/bank/v1/accounts", accessToken, partnerKey).statusCode()).isEqualTo(401);
        HTTPResponse refused = refresh(tokens.getRefreshToken().getValue());
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(FlowTestKit.json(refused.getBody()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(call("GET", grantId, revokeToken, partnerKey).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", grantId, revokeToken, partnerKey).statusCode()).isEqualTo(404);
    }

    private static JsonNode withoutRequestId(String problem) {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) FlowTestKit.json(problem);
        json.remove(List.of("instance", "request_id"));
        return json;
    }
}
