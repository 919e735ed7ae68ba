package io.bulwark.runtime;

import io.bulwark.testing.FreePorts;
import io.bulwark.testing.NodeYaml;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoBankServer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.TestPostgres;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bulwark serve}'s path, as a deployment runs it: a {@code bulwark.yaml} with real
 * certificate files, loaded by {@link ConfigLoader}, started as two stateless nodes sharing one
 * PostgreSQL store. They sign with the same sealed key; an assertion or a DPoP proof used at one
 * node is refused at the other; and a DPoP nonce one node issued is accepted by the other.
 */
class TwoNodesOnPostgresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoNodesShareKeysAndTheReplayGuard() throws Exception {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.newSchemaName();
        TestPostgres.createSchema(schema);
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        List<String> dns = List.of("localhost");
        List<String> ips = List.of("127.0.0.1");
        TlsFiles bankIdentity = ca.serverIdentity("bank", dns, ips);
        int bankPort = FreePorts.next();
        ECKey clientKey = JwtFactory.ecKey("partner-key");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        String issuer = "https://localhost:" + FreePorts.next();
        // Behind a load balancer both gateways are called at one public URL: node one's port here.
        int firstGatewayPort = FreePorts.next();
        String publicUrl = "https://localhost:" + firstGatewayPort;
        ECKey dpopKey = JwtFactory.ecKey("partner-dpop");

        try (DemoBankServer bank = DemoBankServer.start(bankIdentity, ca.caCertificate(), bankPort);
             BulwarkNode first = BulwarkNode.start(config(ca, schema, issuer, bankPort, "one", firstGatewayPort, publicUrl), Clock.systemUTC());
             BulwarkNode second = BulwarkNode.start(config(ca, schema, issuer, bankPort, "two", FreePorts.next(), publicUrl),
                     Clock.systemUTC())) {
            HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();

            assertThat(first.signingKeys().active().keyId()).isEqualTo(second.signingKeys().active().keyId());
            assertThat(first.store().signingKeys().list()).singleElement()
                    .satisfies(key -> assertThat(key.sealedPrivateJwk()).startsWith("v1:").doesNotContain("\"d\""));

            // Node one requires a DPoP nonce and hands one out; node two accepts it: no shared nonce state.
            String tokenEndpoint = issuer + "/token";
            String assertion = assertion(clientKey, issuer);
            HttpResponse<String> noNonce = tokenRequest(http, first.authorizationServerPort(), assertion,
                    DpopProofs.proof(dpopKey, "POST", tokenEndpoint));
            assertThat(noNonce.statusCode()).as(noNonce.body()).isEqualTo(400);
            assertThat(noNonce.body()).contains("use_dpop_nonce");
            String nonce = noNonce.headers().firstValue("DPoP-Nonce").orElseThrow();

            String proof = DpopProofs.proof(dpopKey, "POST", tokenEndpoint, null, nonce, Instant.now());
            HttpResponse<String> atSecond = tokenRequest(http, second.authorizationServerPort(), assertion, proof);
            assertThat(atSecond.statusCode()).as(atSecond.body()).isEqualTo(200);
            assertThat(JSON.readTree(atSecond.body()).get("token_type").asText()).isEqualTo("DPoP");

            // The assertion, and the DPoP proof, used at node two are refused at node one.
            HttpResponse<String> assertionReplay = tokenRequest(http, first.authorizationServerPort(), assertion,
                    DpopProofs.proof(dpopKey, "POST", tokenEndpoint, null, nonce, Instant.now()));
            assertThat(assertionReplay.statusCode()).isEqualTo(400);
            assertThat(assertionReplay.body()).contains("already used");
            HttpResponse<String> proofReplay = tokenRequest(http, first.authorizationServerPort(), assertion(clientKey, issuer), proof);
            assertThat(proofReplay.statusCode()).isEqualTo(400);
            assertThat(proofReplay.body()).contains("invalid_dpop_proof").contains("already used");

            // A token from one node is good at the other node's gateway, with a proof for the shared public URL;
            // that proof is then spent at both.
            String token = JSON.readTree(atSecond.body()).get("access_token").asText();
            String gatewayProof = DpopProofs.proof(dpopKey, "GET", publicUrl + "/bank/v1/products", token);
            HttpResponse<String> accounts = gatewayGet(http, first.gatewayPort(), token, gatewayProof);
            assertThat(accounts.statusCode()).as(accounts.body()).isEqualTo(200);
            assertThat(accounts.body()).contains("\"productId\"");
            HttpResponse<String> replayAtSecond = gatewayGet(http, second.gatewayPort(), token, gatewayProof);
            assertThat(replayAtSecond.statusCode()).isEqualTo(401);
            assertThat(replayAtSecond.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_dpop_proof\"");
            assertThat(replayAtSecond.body()).contains("already used");
            HttpResponse<String> fresh = gatewayGet(http, second.gatewayPort(), token,
                    DpopProofs.proof(dpopKey, "GET", publicUrl + "/bank/v1/products", token));
            assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static HttpResponse<String> gatewayGet(HttpClient http, int port, String token, String proof) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/bank/v1/products"))
                .header("Authorization", "DPoP " + token).header("DPoP", proof).build(), HttpResponse.BodyHandlers.ofString());
    }

    private BulwarkConfig config(DevCertificateAuthority ca, String schema, String issuer, int bankPort, String node, int gatewayPort,
                                 String publicUrl) throws IOException {
        TlsFiles server = ca.serverIdentity("node-" + node, List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles upstreamClient = ca.clientIdentity("gateway-client-" + node, "Bulwark Gateway " + node);
        Path file = dir.resolve("bulwark-" + node + ".yaml");
        // Node one listens on the issuer's port; node two elsewhere, as behind a load balancer.
        int asPort = node.equals("one") ? URI.create(issuer).getPort() : FreePorts.next();
        new NodeYaml("./data-" + node, issuer, asPort, gatewayPort, server, ca.caCertificate(), bankPort, upstreamClient)
                .store("""
                        kind: postgres
                        url: %s?currentSchema=%s
                        username: %s
                        """.formatted(TestPostgres.URL, schema, TestPostgres.USER))
                .authorizationServer("dpop: {nonce: required}")
                .gateway("public-url: " + publicUrl)
                .client("""
                        sender-constraint: dpop
                        scopes: [products:read]
                        """)
                .writeTo(file);
        return ConfigLoader.load(file);
    }

    private static String assertion(ECKey key, String issuer) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("partner").subject("partner").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> tokenRequest(HttpClient http, int port, String assertion, String dpopProof) throws Exception {
        String form = "grant_type=client_credentials&scope=products%3Aread"
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", dpopProof)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
