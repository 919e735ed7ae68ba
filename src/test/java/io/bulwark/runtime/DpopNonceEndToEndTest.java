package io.bulwark.runtime;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPTokenError;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.DpopConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.demo.DemoBankServer;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.NimbusHttp;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server nonces over real HTTP and TLS (RFC 9449 §8, §9): a node that requires them answers a proof
 * without one with {@code use_dpop_nonce} and the nonce, and accepts the retry; the authorization
 * server's nonces are its own, not the gateway's. The Nimbus SDK is the client.
 */
class DpopNonceEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aNonceIsAskedForThenAcceptedAtTheTokenEndpointAndAtTheGateway() throws Exception {
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        DemoEnvironment environment = DemoEnvironment.prepare(dir, ports);
        BulwarkConfig config = requireNonces(environment.config());
        try (DemoBankServer bank = DemoBankServer.start(environment.bankIdentity(), environment.bankTrustedClientCertificate(), ports.bank());
             BulwarkNode node = BulwarkNode.start(config, Clock.systemUTC())) {
            HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
            Path credentials = dir.resolve("demo/clients/demo-service.json");
            ECKey clientKey = DemoClientCredentials.privateKey(credentials);
            ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
            DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256);
            String issuer = "https://localhost:" + ports.authorizationServer();
            NoncedToken issued = tokenAfterNonce(http, issuer, clientKey, proofs, "products:read");
            String asNonce = issued.nonce();
            AccessToken token = issued.token();

            // The gateway has nonces of its own: the authorization server's is not one of them.
            URI accounts = URI.create("https://localhost:" + node.gatewayPort() + "/bank/v1/products");
            HttpResponse<String> withAsNonce = get(http, accounts, token, proofs.createDPoPJWT("GET", accounts, token, new Nonce(asNonce))
                    .serialize());
            assertThat(withAsNonce.statusCode()).isEqualTo(401);
            DPoPTokenError challenge = DPoPTokenError.parse(withAsNonce.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertThat(challenge.getCode()).isEqualTo("use_dpop_nonce");
            String gatewayNonce = withAsNonce.headers().firstValue("DPoP-Nonce").orElseThrow();
            assertThat(gatewayNonce).isNotEqualTo(asNonce);

            HttpResponse<String> withoutNonce = get(http, accounts, token, proofs.createDPoPJWT("GET", accounts, token).serialize());
            assertThat(withoutNonce.statusCode()).isEqualTo(401);
            assertThat(withoutNonce.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"use_dpop_nonce\"");

            HttpResponse<String> withNonce = get(http, accounts, token, proofs.createDPoPJWT("GET", accounts, token,
                    new Nonce(gatewayNonce)).serialize());
            assertThat(withNonce.statusCode()).as(withNonce.body()).isEqualTo(200);
            assertThat(withNonce.headers().firstValue("DPoP-Nonce")).isPresent();
        }
    }

    @Test
    void theGrantManagementApiAsksForANonceWithUseDpopNonceThenAcceptsTheRetry() throws Exception {
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        DemoEnvironment environment = DemoEnvironment.prepare(dir, ports);
        try (DemoBankServer bank = DemoBankServer.start(environment.bankIdentity(), environment.bankTrustedClientCertificate(), ports.bank());
             BulwarkNode node = BulwarkNode.start(requireNonces(environment.config()), Clock.systemUTC())) {
            node.store().clients().save(node.store().clients().find("demo-service").orElseThrow()
                    .withScopes(Set.of("grant_management_query")));
            HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
            Path credentials = dir.resolve("demo/clients/demo-service.json");
            DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(DemoClientCredentials.dpopKey(credentials), JWSAlgorithm.ES256);
            String issuer = "https://localhost:" + ports.authorizationServer();
            AccessToken token = tokenAfterNonce(http, issuer, DemoClientCredentials.privateKey(credentials), proofs,
                    "grant_management_query").token();
            URI grant = URI.create(issuer + "/grants/no-such-grant");

            // RFC 9449 §9: 401 with a DPoP challenge naming use_dpop_nonce, and the nonce to use.
            HttpResponse<String> withoutNonce = get(http, grant, token, proofs.createDPoPJWT("GET", grant, token).serialize());
            assertThat(withoutNonce.statusCode()).as(withoutNonce.body()).isEqualTo(401);
            DPoPTokenError challenge = DPoPTokenError.parse(withoutNonce.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertThat(challenge.getCode()).isEqualTo("use_dpop_nonce");
            String nonce = withoutNonce.headers().firstValue("DPoP-Nonce").orElseThrow();

            // The retry passes the proof: the unknown grant is then simply not found.
            HttpResponse<String> withNonce = get(http, grant, token, proofs.createDPoPJWT("GET", grant, token, new Nonce(nonce)).serialize());
            assertThat(withNonce.statusCode()).as(withNonce.body()).isEqualTo(404);
        }
    }

    /** A client_credentials token of demo-service, and the AS nonce it had to ask for first (RFC 9449 §8). */
    private record NoncedToken(AccessToken token, String nonce) {
    }

    /** One token request with one client assertion: sent first without a nonce (refused, use_dpop_nonce), then with it. */
    private static NoncedToken tokenAfterNonce(HttpClient http, String issuer, ECKey clientKey, DefaultDPoPProofFactory proofs,
                                               String scope) throws Exception {
        URI tokenEndpoint = URI.create(issuer + "/token");
        HTTPRequest request = new TokenRequest(tokenEndpoint, new PrivateKeyJWT(
                new JWTAuthenticationClaimsSet(new ClientID("demo-service"), new Audience(issuer)), JWSAlgorithm.ES256,
                clientKey.toPrivateKey(), clientKey.getKeyID(), null), new ClientCredentialsGrant(), Scope.parse(scope))
                .toHTTPRequest();
        request.setDPoP(proofs.createDPoPJWT("POST", tokenEndpoint));
        HTTPResponse first = NimbusHttp.send(http, request);
        assertThat(first.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(first).getErrorObject().getCode()).isEqualTo("use_dpop_nonce");
        String asNonce = first.getHeaderValue("DPoP-Nonce");
        assertThat(asNonce).isNotBlank();

        request.setDPoP(proofs.createDPoPJWT("POST", tokenEndpoint, new Nonce(asNonce)));
        HTTPResponse second = NimbusHttp.send(http, request);
        TokenResponse parsed = TokenResponse.parse(second);
        assertThat(parsed.indicatesSuccess()).as(second.getBody()).isTrue();
        assertThat(second.getHeaderValue("DPoP-Nonce")).isNotBlank();
        return new NoncedToken(parsed.toSuccessResponse().getTokens().getAccessToken(), asNonce);
    }

    private static BulwarkConfig requireNonces(BulwarkConfig config) {
        DpopConfig required = new DpopConfig(true, Duration.ofSeconds(60));
        AuthorizationServerConfig as = config.authorizationServer();
        GatewayConfig gateway = config.gateway();
        return new BulwarkConfig(config.source(), config.dataDir(), config.masterKey(), config.store(),
                new AuthorizationServerConfig(as.issuer(), as.listen(), as.tls(), as.accessTokenLifetime(), as.signingKeyMaxAge(),
                        as.signingKeyPublicationLead(), as.tlsClientAuthCa(), required, as.refreshTokenLifetime(), as.clientJwksTrustedCa()),
                new GatewayConfig(gateway.listen(), gateway.tls(), gateway.audience(), gateway.issuer(), gateway.jwksUri(), gateway.trustedCa(),
                        gateway.apis(), gateway.publicUrl(), required, gateway.introspection()),
                config.clients(), config.protection(), config.management(), config.securityEvents(), config.tracing(), config.audit(),
                config.anomaly());
    }

    private static HttpResponse<String> get(HttpClient http, URI url, AccessToken token, String proof) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Authorization", token.toAuthorizationHeader()).header("DPoP", proof).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
