package io.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.DpopProofs;
import io.bulwark.tls.TlsPolicy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The demo's machine client (demo-service) as the gateway benchmarks use it: a DPoP-bound access token from the
 * authorization server (client credentials, private_key_jwt), and one checked call of the product catalogue.
 */
final class DemoServiceToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoServiceToken() {
    }

    /** The demo-service credentials file of a demo data folder. */
    static Path credentials(DemoEnvironment environment) {
        return environment.dataDir().resolve("demo/clients/demo-service.json");
    }

    /** A fresh access token for products:read, bound to {@code dpopKey}. */
    static String token(DemoEnvironment environment, DemoPorts ports, ECKey dpopKey) throws Exception {
        ECKey key = DemoClientCredentials.privateKey(credentials(environment));
        String issuer = "https://localhost:" + ports.authorizationServer();
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("demo-service").subject("demo-service").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new ECDSASigner(key));
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("products:read", StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion.serialize();
        HttpResponse<String> response = client(environment).send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    /** Calls the catalogue once through the gateway and fails unless it answers 200. */
    static void checkCatalogue(DemoEnvironment environment, String gatewayUrl, String token, ECKey dpopKey) throws Exception {
        String url = gatewayUrl + "/bank/v1/products";
        HttpResponse<String> response = client(environment).send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token)
                .header("DPoP", DpopProofs.proof(dpopKey, "GET", url, token)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("catalogue request failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static HttpClient client(DemoEnvironment environment) {
        return HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
    }
}
