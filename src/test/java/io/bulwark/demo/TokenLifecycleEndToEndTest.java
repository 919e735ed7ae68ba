package io.bulwark.demo;

import io.bulwark.testing.TestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation (RFC 7009), introspection (RFC 7662) and disabling a client, on the running demo over
 * real TLS: the gateway refuses a revoked token, or a disabled client's token, once one second has passed on the node's
 * clock. The clock is the test's, and every assertion and proof the test makes is dated by it, so no check waits on real time.
 */
class TokenLifecycleEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Demo demo;
    private static HttpClient http;
    private static String issuer;
    private static String gateway;
    private static final Map<String, ECKey> keys = new LinkedHashMap<>();
    // Tokens are DPoP-bound (FAPI 2.0): one proof key for all three test clients is enough here.
    private static final ECKey dpopKey = JwtFactory.ecKey("dpop-key");
    /** The node's clock: revocations and disabled clients must take effect within this much of it (a cache of half of it). */
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final MutableClock clock = MutableClock.atNow();

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("bulwark-lifecycle");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(data, ports, clock);
        issuer = "https://localhost:" + ports.authorizationServer();
        gateway = "https://localhost:" + ports.gateway();
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(data.resolve("tls/ca.pem"))).build();
        for (String clientId : new String[] {"app-one", "app-two", "app-three"}) {
            ECKey key = JwtFactory.ecKey(clientId + "-key");
            keys.put(clientId, key);
            demo.node().store().clients().save(TestClients.client(clientId)
                    .jwks(new JWKSet(key.toPublicJWK()).toString()).scopes("products:read").createdAt(clock.instant()).build());
        }
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Map<String, String> clientAuthentication(String clientId) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.get(clientId).getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(keys.get(clientId)));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", jwt.serialize());
        return form;
    }

    private static HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (path.equals("/token")) {
            request.header("DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token", null, null, clock.instant()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String clientId) throws Exception {
        Map<String, String> form = clientAuthentication(clientId);
        form.put("grant_type", "client_credentials");
        form.put("scope", "products:read");
        HttpResponse<String> response = post("/token", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static JsonNode introspect(String callerId, String token) throws Exception {
        Map<String, String> form = clientAuthentication(callerId);
        form.put("token", token);
        HttpResponse<String> response = post("/introspect", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> revoke(String callerId, String token) throws Exception {
        Map<String, String> form = clientAuthentication(callerId);
        form.put("token", token);
        return post("/revoke", form);
    }

    private static int callGateway(String token) throws Exception {
        String url = gateway + "/bank/v1/products";
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token)
                        .header("DPoP", DpopProofs.proof(dpopKey, "GET", url, token, null, clock.instant())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void introspectionDescribesTheCallersOwnActiveToken() throws Exception {
        String token = token("app-one");
        JsonNode active = introspect("app-one", token);
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("client_id").asText()).isEqualTo("app-one");
        assertThat(active.get("scope").asText()).isEqualTo("products:read");
        assertThat(active.get("iss").asText()).isEqualTo(issuer);
        assertThat(active.get("token_type").asText()).isEqualTo("DPoP");
        assertThat(active.get("cnf").get("jkt").asText()).isEqualTo(dpopKey.computeThumbprint().toString());
        assertThat(active.hasNonNull("exp")).isTrue();

        assertThat(introspect("app-two", token).toString()).as("another client learns nothing").isEqualTo("{\"active\":false}");
        assertThat(introspect("app-one", "not-a-token").toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void introspectionAndRevocationRequireClientAuthentication() throws Exception {
        String token = token("app-one");
        for (String path : new String[] {"/introspect", "/revoke"}) {
            HttpResponse<String> response = post(path, Map.of("token", token));
            // RFC 6749 §5.2: no Authorization header was tried, so 400 (a 401 would need a challenge, RFC 9110 §15.5.2).
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_client");
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtTheGatewayWithinOneSecond() throws Exception {
        String token = token("app-one");
        assertThat(callGateway(token)).isEqualTo(200);

        assertThat(revoke("app-one", token).statusCode()).isEqualTo(200);
        clock.advance(WITHIN);
        assertThat(callGateway(token)).as("refused once a second has passed since the revocation").isEqualTo(401);
        assertThat(introspect("app-one", token).get("active").asBoolean()).isFalse();
        assertThat(revoke("app-one", token).statusCode()).as("revoking again is fine").isEqualTo(200);
    }

    @Test
    void aClientCannotRevokeAnotherClientsTokenAndUnknownTokensAreAnswered200() throws Exception {
        String token = token("app-one");
        HttpResponse<String> foreign = revoke("app-two", token);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(foreign.body()).get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(callGateway(token)).isEqualTo(200);
        assertThat(revoke("app-two", "garbage").statusCode()).isEqualTo(200);
    }

    @Test
    void aDisabledClientsTokensStopWorkingWithinOneSecondAndItGetsNoNewOnes() throws Exception {
        String token = token("app-three");
        assertThat(callGateway(token)).isEqualTo(200);

        var client = demo.node().store().clients().find("app-three").orElseThrow();
        demo.node().store().clients().save(client.withDisabled(true));
        clock.advance(WITHIN);
        assertThat(callGateway(token)).as("refused once a second has passed since the client was disabled").isEqualTo(401);

        Map<String, String> form = clientAuthentication("app-three");
        form.put("grant_type", "client_credentials");
        form.put("scope", "products:read");
        assertThat(post("/token", form).statusCode()).isEqualTo(400);
    }

    @Test
    void metadataListsTheRevocationAndIntrospectionEndpoints() throws Exception {
        JsonNode metadata = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(metadata.get("revocation_endpoint").asText()).isEqualTo(issuer + "/revoke");
        assertThat(metadata.get("introspection_endpoint").asText()).isEqualTo(issuer + "/introspect");
    }
}
