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
            Path credentials = dir.resolve("demo/clients/demo-partner.json");
            ECKey clientKey = DemoClientCredentials.privateKey(credentials);
            ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
            DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256);
            String issuer = "https://localhost:" + ports.authorizationServer();
            URI tokenEndpoint = URI.create(issuer + "/token");

            // One token request, with one client assertion: sent first without a nonce, then with it.
            HTTPRequest request = new TokenRequest(tokenEndpoint, new PrivateKeyJWT(
                    new JWTAuthenticationClaimsSet(new ClientID("demo-partner"), new Audience(issuer)), JWSAlgorithm.ES256,
                    clientKey.toPrivateKey(), clientKey.getKeyID(), null), new ClientCredentialsGrant(), new Scope("accounts:read"))
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
            AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();

            // The gateway has nonces of its own: the authorization server's is not one of them.
            URI accounts = URI.create("https://localhost:" + node.gatewayPort() + "/bank/v1/accounts");
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

    private static BulwarkConfig requireNonces(BulwarkConfig config) {
        DpopConfig required = new DpopConfig(true, Duration.ofSeconds(60));
        AuthorizationServerConfig as = config.authorizationServer();
        GatewayConfig gateway = config.gateway();
        return new BulwarkConfig(config.source(), config.dataDir(), config.masterKey(), config.store(),
                new AuthorizationServerConfig(as.issuer(), as.listen(), as.tls(), as.accessTokenLifetime(), as.tlsClientAuthCa(), required),
                new GatewayConfig(gateway.listen(), gateway.tls(), gateway.audience(), gateway.issuer(), gateway.jwksUri(), gateway.trustedCa(),
                        gateway.apis(), gateway.publicUrl(), required),
                config.clients());
    }

    private static HttpResponse<String> get(HttpClient http, URI url, AccessToken token, String proof) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Authorization", token.toAuthorizationHeader()).header("DPoP", proof).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
