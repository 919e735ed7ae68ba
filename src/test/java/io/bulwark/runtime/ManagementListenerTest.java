package io.bulwark.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.ListenAddress;
import io.bulwark.config.ManagementConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.StoreConfig;
import io.bulwark.config.TlsFiles;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.http.Problem;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.NimbusHttp;
import io.bulwark.testing.TestPostgres;
import io.bulwark.testing.TestRedis;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management listener of a started node, over real HTTPS: open on loopback, admitting off-host callers only with an
 * operator's token or a client certificate, mounting the capabilities' routes, and answering readiness from real
 * checks: a real H2 store, a private redis-server that is killed, a closed store and a PostgreSQL schema dropped.
 */
class ManagementListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final String OPERATOR_SCOPE = "bulwark:operator";

    @TempDir
    Path dir;

    private DemoEnvironment environment;
    private HttpClient http;

    @BeforeEach
    void prepare() {
        environment = DemoEnvironment.prepare(dir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()));
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
    }

    private BulwarkConfig config(ManagementConfig management, List<ClientConfig> clients, ProtectionConfig protection, StoreConfig store) {
        BulwarkConfig demo = environment.config();
        return new BulwarkConfig(demo.source(), demo.dataDir(), demo.masterKey(), store, demo.authorizationServer(), demo.gateway(),
                clients, protection, management, demo.securityEvents(), demo.tracing(), demo.audit(), demo.anomaly());
    }

    private BulwarkConfig config(ManagementConfig management) {
        BulwarkConfig demo = environment.config();
        return config(management, demo.clients(), demo.protection(), demo.store());
    }

    private static HttpResponse<String> get(HttpClient client, BulwarkNode node, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.managementPort() + path))
                .timeout(ANSWER_WITHIN).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(BulwarkNode node, String path) throws Exception {
        return get(http, node, path, null);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
        assertThat(json(response).get("type").asText()).isEqualTo(Problem.TYPE_BASE + type);
        assertThat(json(response).get("request_id").asText()).isEqualTo(response.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow());
    }

    @Test
    void onLoopbackItIsOpenAnswersLiveAndReadyOnH2MountsCapabilitiesAndRefusesUnknownPaths() throws Exception {
        ManagementRoutes inventory = router -> router.get("/inventory").handler(context -> context.end("[\"bank\"]"));
        Extensions extensions = Extensions.NONE.withManagementRoutes(inventory);
        try (BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC(), AccountDirectory.NONE, extensions)) {
            assertThat(node.managementPort()).isPositive().isNotIn(node.gatewayPort(), node.authorizationServerPort());

            HttpResponse<String> live = get(node, "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live).get("status").asText()).isEqualTo("pass");
            assertThat(live.headers().firstValue("Strict-Transport-Security")).isPresent();

            HttpResponse<String> ready = get(node, "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode body = json(ready);
            assertThat(body.get("status").asText()).isEqualTo("pass");
            assertThat(body.get("failing")).isEmpty();
            // No Redis is configured, so there is no redis check.
            assertThat(names(body.get("checks"))).containsExactly("store", "upstreams", "jwks");
            assertThat(body.at("/checks/store/detail").asText()).startsWith("answered; audit chain head at record ");
            assertThat(body.at("/checks/upstreams/detail").asText()).isEqualTo("bank: circuit closed");
            assertThat(body.at("/checks/jwks/detail").asText()).contains("access-token: active key PT").contains("gateway-identity: active key PT");

            HttpResponse<String> capability = get(node, "/inventory");
            assertThat(capability.statusCode()).isEqualTo(200);
            assertThat(capability.body()).isEqualTo("[\"bank\"]");

            assertProblem(get(node, "/nothing-here"), 404, "not-found");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.managementPort()
                    + "/health/live")).timeout(ANSWER_WITHIN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertProblem(post, 405, "method-not-allowed");

            // Not on the gateway's listener: a management path there is an undeclared route.
            HttpResponse<String> onGateway = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.gatewayPort()
                    + "/health/ready")).timeout(ANSWER_WITHIN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onGateway.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withMetricsOffThereIsNoMetricsRouteAndNoMetricsListenerWhileHealthStillAnswers() throws Exception {
        try (BulwarkNode node = BulwarkNode.start(config(ManagementConfig.loopback(0).withMetrics(false)), Clock.systemUTC())) {
            assertThat(node.metrics().enabled()).isFalse();
            assertProblem(get(node, "/metrics"), 404, "not-found");
            assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);
            assertThat(node.decisionListenerNames()).doesNotContain("metrics").contains("RefusalEvents");
        }
        try (BulwarkNode node = BulwarkNode.start(config(ManagementConfig.loopback(0)), Clock.systemUTC())) {
            HttpResponse<String> scrape = get(node, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes");
            assertThat(node.decisionListenerNames()).contains("metrics", "RefusalEvents");
        }
    }

    @Test
    void offHostAnOperatorNeedsASenderConstrainedTokenOfThisServerWithTheOperatorScope() throws Exception {
        List<ClientConfig> clients = environment.config().clients().stream()
                .map(client -> client.clientId().equals("demo-mtls") ? withScope(client, OPERATOR_SCOPE) : client).toList();
        ManagementConfig offHost = new ManagementConfig(new ListenAddress("0.0.0.0", 0), Optional.empty(), Optional.empty(),
                Optional.of(OPERATOR_SCOPE), true);
        try (BulwarkNode node = BulwarkNode.start(config(offHost, clients, environment.config().protection(), StoreConfig.embedded()),
                Clock.systemUTC())) {
            HttpClient operator = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(demoMtls(), environment.caCertificate())).build();

            HttpResponse<String> anonymous = get(operator, node, "/health/ready", null);
            assertProblem(anonymous, 401, "invalid-token");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

            String withoutScope = token(node, operator, "accounts:read");
            HttpResponse<String> forbidden = get(operator, node, "/health/ready", "Bearer " + withoutScope);
            assertProblem(forbidden, 403, "insufficient-scope");
            assertThat(forbidden.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .contains("insufficient_scope").contains("scope=\"" + OPERATOR_SCOPE + "\""));

            String operatorToken = token(node, operator, OPERATOR_SCOPE);
            HttpResponse<String> ready = get(operator, node, "/health/ready", "Bearer " + operatorToken);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(json(ready).get("status").asText()).isEqualTo("pass");

            // The token is bound to demo-mtls's certificate (RFC 8705 §3): presented over a connection without it, it is refused.
            assertProblem(get(http, node, "/health/ready", "Bearer " + operatorToken), 401, "invalid-token");
            // Unknown paths are refused to an anonymous caller as to any other: the access check comes first.
            assertProblem(get(operator, node, "/nothing-here", null), 401, "invalid-token");
            assertProblem(get(operator, node, "/nothing-here", "Bearer " + operatorToken), 404, "not-found");
        }
    }

    @Test
    void aDpopBoundOperatorTokenNeedsAFreshProofForTheManagementUrl() throws Exception {
        List<ClientConfig> clients = environment.config().clients().stream()
                .map(client -> client.clientId().equals("demo-service") ? withScope(client, OPERATOR_SCOPE) : client).toList();
        ManagementConfig tokensOnly = new ManagementConfig(new ListenAddress("127.0.0.1", 0), Optional.empty(), Optional.empty(),
                Optional.of(OPERATOR_SCOPE), true);
        try (BulwarkNode node = BulwarkNode.start(config(tokensOnly, clients, environment.config().protection(), StoreConfig.embedded()),
                Clock.systemUTC())) {
            Path credentials = dir.resolve("demo/clients/demo-service.json");
            ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
            URI tokenEndpoint = URI.create(environment.config().authorizationServer().issuer() + "/token");
            ECKey clientKey = DemoClientCredentials.privateKey(credentials);
            HTTPRequest request = new TokenRequest(tokenEndpoint, new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID("demo-service"),
                    new Audience(environment.config().authorizationServer().issuer().toString())), JWSAlgorithm.ES256,
                    clientKey.toPrivateKey(), clientKey.getKeyID(), null), new ClientCredentialsGrant(), new Scope(OPERATOR_SCOPE)).toHTTPRequest();
            request.setDPoP(new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256).createDPoPJWT("POST", tokenEndpoint));
            HTTPResponse issued = NimbusHttp.send(http, request);
            assertThat(issued.getStatusCode()).as(issued.getBody()).isEqualTo(200);
            String token = TokenResponse.parse(issued).toSuccessResponse().getTokens().getAccessToken().getValue();

            String url = "https://127.0.0.1:" + node.managementPort() + "/health/ready";
            String proof = DpopProofs.proof(dpopKey, "GET", url, token);
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN)
                    .header("Authorization", "DPoP " + token).header("DPoP", proof).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

            // RFC 9449 §11.1: the same proof again is a replay.
            HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN)
                    .header("Authorization", "DPoP " + token).header("DPoP", proof).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertProblem(replayed, 401, "invalid-dpop-proof");
            // A proof for another URL does not do, nor the token without its proof.
            String elsewhere = DpopProofs.proof(dpopKey, "GET", "https://127.0.0.1:" + node.gatewayPort() + "/health/ready", token);
            assertProblem(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN).header("Authorization", "DPoP " + token)
                    .header("DPoP", elsewhere).GET().build(), HttpResponse.BodyHandlers.ofString()), 401, "invalid-dpop-proof");
            assertProblem(get(http, node, "/health/ready", "Bearer " + token), 401, "invalid-token");
        }
    }

    @Test
    void withAClientCaTheHandshakeRequiresAnOperatorsCertificate() throws Exception {
        ManagementConfig mtls = new ManagementConfig(new ListenAddress("0.0.0.0", 0), Optional.empty(),
                Optional.of(environment.caCertificate()), Optional.empty(), true);
        try (BulwarkNode node = BulwarkNode.start(config(mtls), Clock.systemUTC())) {
            assertThatThrownBy(() -> get(node, "/health/live")).isInstanceOf(IOException.class);

            HttpClient operator = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(demoMtls(), environment.caCertificate())).build();
            assertThat(get(operator, node, "/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessNamesRedisWhenThePrivateRedisServerIsKilled() throws Exception {
        try (TestRedis.PrivateServer redis = new TestRedis.PrivateServer(dir).start()) {
            ProtectionConfig defaults = environment.config().protection();
            ProtectionConfig withRedis = new ProtectionConfig(TestRedis.config(redis.port(), TestRedis.newKeyPrefix()), defaults.rateLimits(),
                    defaults.limits(), defaults.authenticationGuard());
            try (BulwarkNode node = BulwarkNode.start(config(ManagementConfig.loopback(0), environment.config().clients(), withRedis,
                    StoreConfig.embedded()), Clock.systemUTC())) {
                // The link connects lazily: the first PING pays Lettuce's start (seconds on a busy machine), as a probe would.
                HttpResponse<String> ready = readyWithin(node, Duration.ofSeconds(20));
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(json(ready).at("/checks/redis/status").asText()).isEqualTo("pass");
                assertThat(json(ready).at("/checks/redis/detail").asText()).startsWith("PONG in ");

                redis.kill();
                long started = System.nanoTime();
                HttpResponse<String> notReady = get(node, "/health/ready");
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
                JsonNode body = json(notReady);
                assertThat(body.get("status").asText()).isEqualTo("fail");
                assertThat(body.get("failing")).extracting(JsonNode::asText).containsExactly("redis");
                assertThat(body.at("/checks/redis/status").asText()).isEqualTo("fail");
                assertThat(body.at("/checks/store/status").asText()).isEqualTo("pass");
                assertThat(millis).as("answered within the 2 s deadline and some").isLessThan(4_000);
            }
        }
    }

    @Test
    void readinessNamesTheStoreWhenItIsClosed() throws Exception {
        try (BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC())) {
            assertThat(get(node, "/health/ready").statusCode()).isEqualTo(200);

            node.store().close();

            HttpResponse<String> notReady = get(node, "/health/ready");
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            assertThat(json(notReady).get("failing")).extracting(JsonNode::asText).contains("store");
            assertThat(json(notReady).at("/checks/store/status").asText()).isEqualTo("fail");
            // Liveness is the process, not its dependencies.
            assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessNamesTheStoreWhenItsPostgresSchemaIsGone() throws Exception {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.newSchemaName();
        TestPostgres.createSchema(schema);
        try {
            StoreConfig postgres = new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL + "?currentSchema=" + schema,
                    TestPostgres.USER, null);
            try (BulwarkNode node = BulwarkNode.start(config(ManagementConfig.loopback(0), environment.config().clients(),
                    environment.config().protection(), postgres), Clock.systemUTC())) {
                assertThat(get(node, "/health/ready").statusCode()).isEqualTo(200);

                TestPostgres.dropSchema(schema);

                HttpResponse<String> notReady = get(node, "/health/ready");
                assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
                assertThat(json(notReady).get("failing")).extracting(JsonNode::asText).contains("store");
            }
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private HttpResponse<String> readyWithin(BulwarkNode node, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        HttpResponse<String> ready = get(node, "/health/ready");
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ready = get(node, "/health/ready");
        }
        return ready;
    }

    private TlsFiles demoMtls() {
        return new TlsFiles(dir.resolve("demo/clients/demo-mtls.crt"), dir.resolve("demo/clients/demo-mtls.key"));
    }

    /** A client_credentials token of demo-mtls from the node's authorization server, bound to its certificate (RFC 8705). */
    private String token(BulwarkNode node, HttpClient operator, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=demo-mtls&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        HttpResponse<String> response = operator.send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.authorizationServerPort()
                        + "/token")).timeout(ANSWER_WITHIN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    private static ClientConfig withScope(ClientConfig c, String scope) {
        Set<String> scopes = new HashSet<>(c.scopes());
        scopes.add(scope);
        return new ClientConfig(c.clientId(), c.name(), c.authMethod(), c.jwksJson(), scopes, c.senderConstraint(),
                c.tlsClientAuthSubjectDn(), c.redirectUris(), c.authorizationDetailsTypes(), c.refreshTokenRotation(), c.jwksUri(),
                c.accessTokenLifetime(), c.grantTypes());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
