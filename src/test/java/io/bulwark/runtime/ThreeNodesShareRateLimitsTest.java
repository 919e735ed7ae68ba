package io.bulwark.runtime;

import io.bulwark.testing.DpopProofs;

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
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.NodeYaml;
import io.bulwark.testing.TestRedis;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway nodes on loopback, each from its own {@code bulwark.yaml}, sharing the real Redis: concurrent calls
 * at all three admit exactly the limit between them, and the RateLimit fields agree on every node.
 */
class ThreeNodesShareRateLimitsTest {

    // Tokens are DPoP-bound (FAPI 2.0); one proof key for the test's client.
    private static final ECKey DPOP_KEY = JwtFactory.ecKey("dpop-key");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REMAINING = Pattern.compile("^\"per-client\";r=(\\d+);t=(\\d+)$");
    private static final int LIMIT = 25;
    private static final int CALLS_PER_NODE = 20;

    @TempDir
    Path dir;

    // One clock for all three, as NTP gives real nodes; it stands still, so no window boundary falls inside the test.
    private final MutableClock clock = MutableClock.atNow();

    @Test
    void exactlyTheLimitIsAdmittedAcrossThreeNodesAndTheHeadersAgree() throws Exception {
        TestRedis.assumeAvailable();
        String prefix = TestRedis.newKeyPrefix();
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles bankIdentity = ca.serverIdentity("bank", List.of("localhost"), List.of("127.0.0.1"));
        int bankPort = FreePorts.next();
        ECKey clientKey = JwtFactory.ecKey("partner-key");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));

        List<BulwarkNode> nodes = new ArrayList<>();
        try (DemoBankServer bank = DemoBankServer.start(bankIdentity, ca.caCertificate(), bankPort)) {
            for (String name : List.of("one", "two", "three")) {
                nodes.add(BulwarkNode.start(config(ca, name, bankPort, prefix), clock));
            }
            // Catch up with the time the starts took (over 10 s on a loaded machine), else real-time DPoP proofs look future-dated.
            clock.advance(Duration.between(clock.instant(), Instant.now()));
            HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();
            List<String> tokens = new ArrayList<>();
            ECKey dpopKey = DPOP_KEY;
            for (BulwarkNode node : nodes) {
                tokens.add(token(http, node.authorizationServerPort(), clientKey));
            }

            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_NODE; i++) {
                for (int n = 0; n < nodes.size(); n++) {
                    String url = "https://localhost:" + nodes.get(n).gatewayPort() + "/bank/v1/products";
                    calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + tokens.get(n))
                                    .header("DPoP", DpopProofs.proof(dpopKey, "GET", url, tokens.get(n))).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }
            List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

            List<HttpResponse<String>> admitted = responses.stream().filter(r -> r.statusCode() == 200).toList();
            List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
            assertThat(admitted).as("no overshoot, no early refusal").hasSize(LIMIT);
            assertThat(refused).hasSize(3 * CALLS_PER_NODE - LIMIT);

            for (HttpResponse<String> response : responses) {
                assertThat(response.headers().allValues("RateLimit-Policy")).containsExactly("\"per-client\";q=" + LIMIT + ";w=3600");
            }
            // Every remaining count from LIMIT-1 down to 0 was handed out once, whichever node served it.
            List<Long> remaining = new ArrayList<>();
            List<Long> resets = new ArrayList<>();
            for (HttpResponse<String> response : responses) {
                Matcher m = REMAINING.matcher(response.headers().firstValue("RateLimit").orElseThrow());
                assertThat(m.matches()).as(response.headers().firstValue("RateLimit").orElseThrow()).isTrue();
                if (response.statusCode() == 200) {
                    remaining.add(Long.parseLong(m.group(1)));
                } else {
                    assertThat(m.group(1)).isEqualTo("0");
                }
                resets.add(Long.parseLong(m.group(2)));
            }
            assertThat(remaining.stream().sorted().toList()).isEqualTo(LongStream.range(0, LIMIT).boxed().toList());
            assertThat(resets).as("all nodes agree when the window resets").containsOnly(resets.getFirst());
            for (HttpResponse<String> response : refused) {
                assertThat(response.headers().firstValue("Retry-After")).contains(Long.toString(resets.getFirst()));
                assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/rate-limited");
            }
            // The bucket is shared, not one node's: each node answered all its calls, and a bucket of its own would have
            // admitted every one of them (20 < 25), 60 in all, where exactly 25 were. Which node served which admitted call
            // depends on scheduling (a loaded machine can serve one node's calls last), so it is not asserted.
            for (BulwarkNode node : nodes) {
                assertThat(responses.stream().filter(r -> r.uri().getPort() == node.gatewayPort())).hasSize(CALLS_PER_NODE);
            }
            assertThat(CALLS_PER_NODE).isLessThan(LIMIT);
            assertThat(nodes.getFirst().pipelineSteps()).containsExactly("AuditStep [OBSERVE]", "SecurityEventStep [OBSERVE]",
                    "RequestLimitsStep [ADMIT]", "GatewayJwksStep [ROUTE]", "RouteStep [ROUTE]", "PageSizeStep [ROUTE_POLICY]",
                    "RateLimitStep(address) [ROUTE_POLICY]", "CorsStep [ROUTE_POLICY]", "AccessTokenStep [AUTHENTICATE]",
                    "TokenStatusStep [AUTHENTICATE]", "SenderConstraintStep [SENDER_CONSTRAINT]", "RateLimitStep(identity) [IDENTITY_LIMITS]",
                    "ScopeStep [AUTHORIZE]", "CallerStep [AUTHORIZE]", "AccountConsentStep [AUTHORIZE]", "PaymentConsentStep [AUTHORIZE]",
                    "RequestValidationStep [VALIDATE]", "IdentityAssertionStep [ASSERT_IDENTITY]", "OwnerLookupStep [COMMIT]",
                    "PaymentSingleUseStep [COMMIT]", "ResponseContractStep [RESPONSE]", "ResponseOwnershipStep [RESPONSE]", "ProxyStep [PROXY]");

            // The request limits hold at the listener too: a chunked body over 1 MiB (no Content-Length to refuse it
            // by) is cut off at the limit, and a page size over the default cap is refused before any rate limit.
            String payments = "https://localhost:" + nodes.get(1).gatewayPort() + "/bank/v1/payments";
            HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(payments)).header("Authorization", "DPoP " + tokens.get(1))
                    .header("DPoP", DpopProofs.proof(dpopKey, "POST", payments, tokens.get(1))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[2 * 1024 * 1024]))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            String page = "https://localhost:" + nodes.get(2).gatewayPort() + "/bank/v1/accounts/a1/transactions?pageSize=101";
            HttpResponse<String> bigPage = http.send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", "DPoP " + tokens.get(2))
                    // RFC 9449 §4.2: htu is the URI without query and fragment.
                    .header("DPoP", DpopProofs.proof(dpopKey, "GET", page.substring(0, page.indexOf('?')), tokens.get(2))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bigPage.statusCode()).isEqualTo(400);
            assertThat(bigPage.body()).contains("page-size-too-large");
        } finally {
            nodes.forEach(BulwarkNode::close);
        }
    }

    private BulwarkConfig config(DevCertificateAuthority ca, String node, int bankPort, String prefix) throws IOException {
        TlsFiles server = ca.serverIdentity("node-" + node, List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles upstreamClient = ca.clientIdentity("gateway-client-" + node, "Bulwark Gateway " + node);
        int asPort = FreePorts.next();
        Path file = dir.resolve("bulwark-" + node + ".yaml");
        new NodeYaml("./data-" + node, "https://localhost:" + asPort, asPort, FreePorts.next(), server, ca.caCertificate(), bankPort,
                upstreamClient).sections("""
                redis:
                  url: redis://%s:%d
                  key-prefix: %s
                rate-limits:
                  store: redis
                  nodes: 3
                  policies:
                    - name: per-client
                      key: [client]
                      limit: %d
                      window: 1h
                """.formatted(TestRedis.HOST, TestRedis.PORT, prefix, LIMIT)).writeTo(file);
        return ConfigLoader.load(file);
    }

    private String token(HttpClient http, int asPort, ECKey key) throws Exception {
        Instant now = clock.instant();
        String issuer = "https://localhost:" + asPort;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("partner").subject("partner").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        String form = "grant_type=client_credentials&scope=products%3Aread"
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + jwt.serialize();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", DpopProofs.proof(DPOP_KEY, "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }
}
