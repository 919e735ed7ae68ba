package io.bulwark.gateway;

import io.bulwark.testing.TestConfigs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.CorsConfig;
import io.bulwark.config.ListenAddress;
import io.bulwark.config.ManagementConfig;
import io.bulwark.config.MasterKeyConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.SecurityEventsConfig;
import io.bulwark.config.StoreConfig;
import io.bulwark.config.TlsFiles;
import io.bulwark.config.TracingConfig;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.runtime.BulwarkNode;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.EcdsaSignatures;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks through a real gateway (a node started from its configuration, real TLS, mTLS to the
 * upstream) in front of one fake upstream, a small Vert.x HTTPS server that records what reaches it,
 * serving two APIs: the test cards contract (answers that keep or break it: mass assignment, injection,
 * leaks, PAN masking) and the demo bank's shipped OpenAPI document, behind a fake bank that serves any
 * account to anyone, so that what is refused is refused on the document's declarations (BOLA by answer and
 * by owner lookup, BFLA, RAR overreach, a consented payment made twice), and tokens forged or meant for
 * another audience. Each refusal is checked for its status and problem type, for not reaching the upstream
 * when refused before the proxy, and for the audit event it leaves. Here both APIs also accept bearer tokens;
 * {@link SenderConstrainedGatewayAttackTest} runs the same attacks under the default configuration, where
 * every token is DPoP-bound and every request carries a proof.
 */
class GatewayAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROWSER_APP = "https://app.example.com";
    private static final String AUDIENCE = "https://api.cards.example";
    private static final String IDEMPOTENCY_KEY = "3f2b8c1e-9a4d-4c5e-8f7a-1b2c3d4e5f60";
    private static final List<String> INJECTIONS = List.of("' OR '1'='1' --", "1; DROP TABLE cards;--", "<script>alert(1)</script>",
            "../../../etc/passwd", "x\r\nSet-Cookie: admin=true", "${jndi:ldap://evil/a}", "%00", "4111111111111111");
    private static final String CARD = "{\"cardId\":\"0a1b2c3d\",\"nickname\":\"travel\",\"pan\":\"4111111111111111\",\"expiry\":\"2030-01\","
            + "\"limit\":\"500.00\",\"pinOffset\":\"9911\",\"holder\":{\"name\":\"Ann Example\",\"birthDate\":\"1990-02-03\"}}";

    private static final String ALICE_ID = "a11ce0000000000000000001";
    private static final String ALICE_SAVINGS_ID = "a11ce0000000000000000002";
    private static final String BOB_ID = "b0b000000000000000000001";
    private static final String ALICE_ACCOUNT = account(ALICE_ID, "alice", "Alice Example", "DE89370400440532013000");
    private static final String ALICE_SAVINGS = account(ALICE_SAVINGS_ID, "alice", "Alice Example", "DE75512108001245126199");
    private static final String BOB_ACCOUNT = account(BOB_ID, "bob", "Bob Secret", "FR1420041010050500013M02606");
    private static final String BALANCE = "{\"balanceType\":\"%s\",\"balanceAmount\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
            + "\"referenceDate\":\"2026-01-02\"}";
    private static final String PAYMENT_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String MERCHANT_IBAN = "DE02100100109307118603";

    private static Path dir;
    private static Vertx upstreamVertx;
    static final Queue<String> reachedUpstream = new ConcurrentLinkedQueue<>();
    /** What the upstream received as the identity: path, X-Request-Id, and every X-Bulwark-Identity value. */
    private record ReceivedIdentity(String path, String requestId, List<String> assertions) {
    }

    private static final Queue<ReceivedIdentity> receivedIdentities = new ConcurrentLinkedQueue<>();
    static BulwarkNode node;
    static HttpClient http;
    static String gateway;
    private static String issuer;
    /** The caller's DPoP key when the APIs take sender-constrained tokens only; null when they accept bearer tokens. */
    static ECKey dpopKey;

    @BeforeAll
    static void start() throws Exception {
        startNode(true);
    }

    /** Starts the upstream and a node whose two APIs accept bearer tokens or, when not, DPoP-bound tokens only (the default). */
    static void startNode(boolean acceptBearerTokens) throws Exception {
        dpopKey = acceptBearerTokens ? null : JwtFactory.ecKey("caller-dpop-key");
        dir = Files.createTempDirectory("bulwark-attacks");
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        List<String> dns = List.of("localhost");
        List<String> ips = List.of("127.0.0.1");
        TlsFiles upstreamIdentity = ca.serverIdentity("fake-upstream", dns, ips);
        TlsFiles gatewayClient = ca.clientIdentity("gateway-client", "Bulwark Gateway");

        upstreamVertx = Vertx.vertx();
        HttpServer upstream = upstreamVertx.createHttpServer(TlsPolicy.serverRequiringClientCertificate(upstreamIdentity, ca.caCertificate()))
                .requestHandler(GatewayAttackTest::fakeUpstream)
                .listen(0, "localhost").await();

        Path openapi = dir.resolve("cards-openapi.yaml");
        Files.copy(Path.of("src/test/resources/contract/cards-openapi.yaml"), openapi);
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        int gatewayPort = FreePorts.next();
        issuer = "https://localhost:" + asPort;
        gateway = "https://localhost:" + gatewayPort;
        // Tokens are minted by the test with the authorization server's real key, so that only their claims make them wrong.
        ApiConfig cards = new ApiConfig("cards", "/api", openapi, TestConfigs.upstream(URI.create("https://localhost:" + upstream.actualPort()),
                gatewayClient, ca.caCertificate(), Duration.ofSeconds(5)), acceptBearerTokens, "card data for the attack tests", "security-testing",
                Optional.empty());
        // The demo bank's shipped OpenAPI document, in front of a fake bank that serves any account to anyone:
        // what the gateway refuses here, it refuses on its own declarations, not because the bank did.
        Path bankOpenapi = dir.resolve("bank-openapi.yaml");
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), bankOpenapi);
        ApiConfig bank = new ApiConfig("bank", "/bank/v1", bankOpenapi, TestConfigs.upstream(URI.create("https://localhost:" + upstream.actualPort()),
                gatewayClient, ca.caCertificate(), Duration.ofSeconds(5)), acceptBearerTokens, "the demo bank for the attack tests", "security-testing",
                // One browser app may call the bank; the cards API has no cors block, so it takes part in no CORS exchange.
                Optional.of(new CorsConfig(List.of(BROWSER_APP), Set.of("GET", "POST"), CorsConfig.DEFAULT_ALLOWED_HEADERS,
                        CorsConfig.DEFAULT_EXPOSED_HEADERS, Duration.ofMinutes(10))));
        node = BulwarkNode.start(new BulwarkConfig(Optional.empty(), dir.resolve("data"), new MasterKeyConfig("BULWARK_TEST_UNSET_KEY", dir.resolve("master.key")),
                StoreConfig.embedded(),
                TestConfigs.authorizationServer(URI.create(issuer), new ListenAddress("localhost", asPort),
                        ca.serverIdentity("as", dns, ips), Duration.ofMinutes(5)),
                TestConfigs.gateway(new ListenAddress("localhost", gatewayPort), ca.serverIdentity("gw", dns, ips), AUDIENCE,
                        URI.create(issuer), URI.create(issuer + "/jwks"), ca.caCertificate(), List.of(cards, bank)),
                // The gateway admits tokens of registered, enabled clients only.
                List.of(TestConfigs.machineClient("card-partner", "Card Partner", "private_key_jwt",
                        new JWKSet(JwtFactory.ecKey("card-partner-key").toPublicJWK()).toString(),
                        Set.of("cards:read", "cards:pan", "cards:holder", "transfers:write"))), ProtectionConfig.defaults(),
                ManagementConfig.loopback(0), SecurityEventsConfig.NONE, TracingConfig.OFF, io.bulwark.config.AuditConfig.defaults(),
                io.bulwark.config.AnomalyConfig.defaults()), Clock.systemUTC());
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();
    }

    @AfterAll
    static void stop() {
        node.close();
        upstreamVertx.close().await();
    }

    /** The fake upstream: records every request, answers per path, some answers leaking or breaking the contract. */
    private static void fakeUpstream(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            reachedUpstream.add(request.method() + " " + request.uri() + " " + body);
            receivedIdentities.add(new ReceivedIdentity(request.path(), request.getHeader("X-Request-Id"),
                    request.headers().getAll("X-Bulwark-Identity")));
            var response = request.response().putHeader("Content-Type", "application/json").putHeader("Server", "fake/1.0");
            String path = request.path();
            switch (path) {
                case "/cards" -> response.end("{\"cards\":[" + CARD + "]}");
                case "/cards/0a1b2c3d" -> response.end(CARD);
                case "/cards/0a1b2c3d/transfers" -> response.setStatusCode(201).end(body);
                case "/leaky/extra" -> response.end("{\"id\":\"x\",\"passwordHash\":\"$2b$12$Kq9\"}");
                case "/leaky/secret" -> response.end("{\"id\":\"x\",\"apiKey\":\"sk_live_abc123\",\"items\":[{\"name\":\"n\",\"token\":\"tok_1\"}]}");
                case "/leaky/badtype" -> response.end("{\"id\":\"x\",\"count\":\"many\"}");
                case "/leaky/status" -> response.setStatusCode(299).end("{\"id\":\"x\"}");
                case "/leaky/open" -> response.end("{\"open\":{\"label\":\"x\",\"email\":\"ann@example.com\"}}");
                case "/leaky/nested" -> response.end("{\"items\":[{\"name\":\"n\",\"owner\":\"Ann\"}]}");
                case "/leaky/text" -> response.putHeader("Content-Type", "text/plain").end("id=x");
                case "/accounts" -> response.end("{\"accounts\":[" + ALICE_ACCOUNT + "," + ALICE_SAVINGS + "," + BOB_ACCOUNT + "]}");
                case "/accounts/" + ALICE_ID -> response.end(ALICE_ACCOUNT);
                case "/accounts/" + BOB_ID -> response.end(BOB_ACCOUNT);
                case "/accounts/" + ALICE_SAVINGS_ID + "/balances", "/accounts/" + ALICE_ID + "/balances" -> response.end(
                        "{\"accountId\":\"" + path.split("/")[2] + "\",\"balances\":[" + BALANCE.formatted("booked") + "," + BALANCE.formatted("available") + "]}");
                case "/card-programmes" -> response.end("{\"programmes\":[\"classic\",\"gold\"]}");
                case "/products" -> response.end("{\"products\":[{\"productId\":\"credit-card\",\"type\":\"card\",\"name\":\"Credit card\","
                        + "\"currency\":\"EUR\"}]}");
                case "/payments" -> response.setStatusCode(201).putHeader("Location", "payments/" + PAYMENT_ID).end(payment(body.toString()));
                default -> response.setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"https://x/none\",\"title\":\"Not Found\",\"status\":404}");
            }
        });
    }

    private static String account(String id, String owner, String name, String iban) {
        return ("{\"accountId\":\"%s\",\"type\":\"current\",\"name\":\"Everyday\",\"currency\":\"EUR\",\"openedOn\":\"2020-01-01\","
                + "\"iban\":\"%s\",\"bic\":\"DEUTDEFF\",\"owner\":{\"subject\":\"%s\",\"fullName\":\"%s\",\"address\":{\"street\":\"1 Road\","
                + "\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"DE\"},\"dateOfBirth\":\"1980-01-01\","
                + "\"email\":\"%s@example.com\",\"phone\":\"+4930123456\"}}").formatted(id, iban, owner, name, owner);
    }

    /** The fake bank's answer to a payment order: the order, accepted. */
    private static String payment(String order) {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(order);
            json.remove("debtorAccount");
            json.put("paymentId", PAYMENT_ID).put("status", "AcceptedSettlementInProcess").put("createdAt", "2026-01-02T10:00:00Z")
                    .put("initiatedBy", "alice")
                    .putObject("debtorAccount").put("accountId", ALICE_ID).put("iban", "DE89370400440532013000");
            return JSON.writeValueAsString(json);
        } catch (Exception e) {
            return "{}";
        }
    }

    // --- the caller's side ---

    static String token(String scope) throws Exception {
        return token("ann", scope, null);
    }

    /** A token for {@code subject} (the client's own id: a client-credentials token) with RFC 9396 details unless null. */
    private static String token(String subject, String scope, List<Map<String, Object>> authorizationDetails) throws Exception {
        JWTClaimsSet.Builder claims = claims(subject, scope);
        if (authorizationDetails != null) {
            claims.claim("authorization_details", authorizationDetails);
        }
        return signed(claims.build());
    }

    /**
     * The claims of a five-minute token of card-partner for {@code subject}, as the authorization server writes them:
     * bound to the caller's DPoP key (RFC 9449 §6.1) when the APIs take sender-constrained tokens only.
     */
    static JWTClaimsSet.Builder claims(String subject, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject(subject)
                .claim("client_id", "card-partner").claim("scope", scope).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
        return dpopKey == null ? claims : claims.claim("cnf", Map.of("jkt", DpopProofs.jkt(dpopKey)));
    }

    /** {@code claims} signed with the authorization server's real, active key, typ at+jwt: a token only the claims make wrong. */
    static String signed(JWTClaimsSet claims) throws Exception {
        SigningKeyRing.Active key = node.signingKeys().active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(new JOSEObjectType("at+jwt")).keyID(key.keyId()).build(),
                claims);
        jwt.sign(key.signer());
        return jwt.serialize();
    }

    /** Sends {@code request} with {@code token}: as a bearer token, or under the DPoP scheme with a fresh proof for this request. */
    private static HttpResponse<String> call(HttpRequest.Builder request, String token) throws Exception {
        return http.send(authorized(request, token), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest authorized(HttpRequest.Builder request, String token) {
        if (dpopKey == null) {
            return request.header("Authorization", "Bearer " + token).build();
        }
        HttpRequest built = request.build();
        return HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "DPoP " + token)
                .header("DPoP", DpopProofs.proof(dpopKey, built.method(), htu(built.uri()), token)).build();
    }

    /** RFC 9449 §4.2: htu is the request's URI without query and fragment. */
    static String htu(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static HttpResponse<String> bankGet(String path, String token) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1" + path)).GET(), token);
    }

    private static HttpResponse<String> pay(String amount, String currency, String iban, String creditor, String token) throws Exception {
        String order = jsonOf(Map.of("debtorAccount", Map.of("accountId", ALICE_ID), "instructedAmount", Map.of("amount", amount, "currency", currency),
                "creditorAccount", Map.of("iban", iban), "creditorName", creditor));
        return call(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/payments")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order)), token);
    }

    private static List<Map<String, Object>> accountInformation(List<String> accounts, String... actions) {
        return List.of(Map.of("type", "account_information", "accounts", accounts, "actions", List.of(actions)));
    }

    private static List<Map<String, Object>> paymentInitiation(String amount, String currency, String iban, String creditor) {
        return List.of(Map.of("type", "payment_initiation", "actions", List.of("initiate"),
                "instructedAmount", Map.of("amount", amount, "currency", currency), "creditorAccount", Map.of("iban", iban),
                "creditorName", creditor));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String scope) throws Exception {
        return call(request, token(scope));
    }

    private static HttpResponse<String> get(String pathAndQuery, String scope) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(gateway + pathAndQuery)).GET(), scope);
    }

    private static HttpResponse<String> transfer(String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/api/cards/0a1b2c3d/transfers"))
                .header("Idempotency-Key", IDEMPOTENCY_KEY).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, "transfers:write");
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonOf(Map<String, Object> body) throws Exception {
        return JSON.writeValueAsString(body);
    }

    private static JsonNode lastAuditEvent() throws Exception {
        long head = node.store().auditRecords().head().seq();
        ChainedAuditRecord record = node.store().auditRecords().after(head - 1, 1).getFirst();
        return JSON.readTree(record.eventJson());
    }

    /** A request refused before the proxy (the caller checks that the upstream saw nothing): status, problem type, audit event. */
    static void assertRefusedBeforeUpstream(HttpResponse<String> response, int status, String slug, String reason) throws Exception {
        assertRefused(response, status, slug, reason);
    }

    /** A refusal: status, problem type, and the audit event with its reason. */
    static void assertRefused(HttpResponse<String> response, int status, String slug, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/" + slug);
        JsonNode audit = lastAuditEvent();
        assertThat(audit.get("decision").asText()).isEqualTo("refused");
        assertThat(audit.get("reason").asText()).isEqualTo(reason);
        assertThat(audit.get("problem").asText()).isEqualTo(slug);
        assertThat(audit.get("status").asInt()).isEqualTo(status);
    }

    // --- requests ---

    // --- CORS (Fetch standard §3.2), over TLS through the real gateway ---

    private static HttpResponse<String> preflight(String path, String origin, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization, content-type").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> accessControlHeaders(HttpResponse<String> response) {
        return response.headers().map().keySet().stream().filter(name -> name.toLowerCase().startsWith("access-control-")).toList();
    }

    @Test
    void corsPreflightsAreAnsweredByTheGatewayAndOnlyForTheConfiguredOrigin() throws Exception {
        int before = reachedUpstream.size();

        HttpResponse<String> allowed = preflight("/bank/v1/payments", BROWSER_APP, "POST");
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(BROWSER_APP);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).contains("Authorization, DPoP, Content-Type");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(allowed.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(lastAuditEvent().get("reason").asText()).isEqualTo("cors_preflight");

        assertRefused(preflight("/bank/v1/payments", "https://evil.example", "POST"), 403, "cors-preflight-refused", "cors_origin_not_allowed");
        assertRefused(preflight("/bank/v1/payments", BROWSER_APP, "PUT"), 404, "undeclared-route", "undeclared_route");
        // The cards API has no cors block: a preflight is an undeclared route, as every OPTIONS was before.
        HttpResponse<String> noCors = preflight("/api/cards", BROWSER_APP, "GET");
        assertRefused(noCors, 404, "undeclared-route", "undeclared_route");
        assertThat(accessControlHeaders(noCors)).isEmpty();
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void corsHeadersMarkAnswersToTheAllowedOriginOnlyAndOnlyOnTheApiThatConfiguresThem() throws Exception {
        String machine = token("alice", "accounts:read", null);
        HttpResponse<String> fromApp = call(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/accounts")).header("Origin", BROWSER_APP).GET(),
                machine);
        assertThat(fromApp.statusCode()).as(fromApp.body()).isEqualTo(200);
        assertThat(fromApp.headers().firstValue("Access-Control-Allow-Origin")).contains(BROWSER_APP);
        assertThat(fromApp.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                exposed -> assertThat(exposed).contains("WWW-Authenticate", "DPoP-Nonce", "Retry-After"));
        assertThat(fromApp.headers().allValues("Vary")).contains("Origin");

        // A refusal is readable by the allowed origin's script too.
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/accounts")).header("Origin", BROWSER_APP)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Access-Control-Allow-Origin")).contains(BROWSER_APP);

        int before = reachedUpstream.size();
        HttpResponse<String> fromElsewhere = call(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/accounts"))
                .header("Origin", "https://evil.example").GET(), machine);
        assertRefused(fromElsewhere, 403, "cors-origin-not-allowed", "cors_origin_not_allowed");
        assertThat(accessControlHeaders(fromElsewhere)).isEmpty();
        assertThat(reachedUpstream).hasSize(before);

        HttpResponse<String> cards = call(HttpRequest.newBuilder(URI.create(gateway + "/api/cards")).header("Origin", BROWSER_APP).GET(),
                token("cards:read"));
        assertThat(cards.statusCode()).as(cards.body()).isEqualTo(200);
        assertThat(accessControlHeaders(cards)).isEmpty();
    }

    // --- tokens signed with the authorization server's real key, yet not as it issues them ---

    private static HttpResponse<String> cards(String token) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(gateway + "/api/cards")).GET(), token);
    }

    private static void assertInvalidToken(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(lastAuditEvent().get("reason").asText()).isEqualTo("invalid_token");
    }

    @Test
    void aTokenHasOneSpellingHighSAndPaddedVariantsAreRefused() throws Exception {
        String token = token("cards:read");
        assertThat(cards(token).statusCode()).isEqualTo(200);
        int before = reachedUpstream.size();

        // The same signature with S flipped to n - S verifies too (ECDSA malleability): a second spelling of the token.
        String[] parts = token.split("\\.");
        String highS = parts[0] + "." + parts[1] + "." + EcdsaSignatures.flipS(parts[2]);
        assertThat(SignedJWT.parse(highS).verify(new ECDSAVerifier(node.signingKeys().publicJwks()
                .getKeyByKeyId(SignedJWT.parse(token).getHeader().getKeyID()).toECKey()))).isTrue();
        assertInvalidToken(cards(highS));
        // RFC 7515 §2: base64url without padding; a padded one is another spelling.
        assertInvalidToken(cards(token + "="));
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void aTokenLivingLongerThanAnyClientIsGivenIsRefused() throws Exception {
        Instant now = Instant.now();
        String hour = signed(claims("ann", "cards:read").expirationTime(Date.from(now.plus(TokenSettings.MAX_ACCESS_TOKEN_LIFETIME))).build());
        assertThat(cards(hour).statusCode()).isEqualTo(200);

        String longer = signed(claims("ann", "cards:read")
                .expirationTime(Date.from(now.plus(TokenSettings.MAX_ACCESS_TOKEN_LIFETIME).plusSeconds(1))).build());
        String year2100 = signed(claims("ann", "cards:read").expirationTime(Date.from(Instant.parse("2100-01-01T00:00:00Z"))).build());
        String issuedLater = signed(claims("ann", "cards:read").issueTime(Date.from(Instant.parse("2099-12-31T23:30:00Z")))
                .expirationTime(Date.from(Instant.parse("2100-01-01T00:00:00Z"))).build());
        for (String token : List.of(longer, year2100, issuedLater)) {
            assertInvalidToken(cards(token));
        }
    }

    @Test
    void aTokenAlsoMeantForAnotherAudienceIsRefused() throws Exception {
        String shared = signed(claims("ann", "cards:read").audience(List.of(AUDIENCE, "https://other.example")).build());
        String other = signed(claims("ann", "cards:read").audience("https://other.example").build());
        int before = reachedUpstream.size();
        assertInvalidToken(cards(shared));
        assertInvalidToken(cards(other));
        assertThat(reachedUpstream).as("refused before the upstream").hasSize(before);
        assertThat(cards(signed(claims("ann", "cards:read").audience(List.of(AUDIENCE)).build())).statusCode()).isEqualTo(200);
    }

    // --- forged tokens: none of them reaches the upstream ---

    /** A JWS with {@code header} (JSON) over {@code claims}, and {@code signature} as its third part. */
    private static String forgedJws(String header, JWTClaimsSet claims, String signature) {
        return Base64URL.encode(header) + "." + Base64URL.encode(claims.toString()) + "." + signature;
    }

    @Test
    void forgedTokensAreRefusedAndNeverReachTheUpstream() throws Exception {
        String kid = node.signingKeys().active().keyId();
        JWTClaimsSet wanted = claims("ann", "cards:read cards:pan cards:holder").build();
        // RFC 7515 §4.1.1 / RFC 8725 §3.1: alg none, in Nimbus's spelling and another that is no JWS algorithm it knows.
        String none = forgedJws("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}", wanted, "");
        String upperNone = forgedJws("{\"alg\":\"NONE\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}", wanted,
                Base64URL.encode("sig").toString());
        // RFC 8725 §2.1: algorithm confusion, an HMAC keyed with the authorization server's published public key.
        AsymmetricJWK published = (AsymmetricJWK) node.signingKeys().publicJwks().getKeyByKeyId(kid);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(kid).build(),
                wanted);
        hmac.sign(new MACSigner(published.toPublicKey().getEncoded()));
        // A genuine token with its payload widened: the signature no longer covers it.
        String[] genuine = token("cards:read").split("\\.");
        String tampered = genuine[0] + "." + Base64URL.encode(wanted.toString()) + "." + genuine[2];
        // Another key under the authorization server's kid.
        SignedJWT impostor = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(kid).build(),
                wanted);
        impostor.sign(new ECDSASigner(JwtFactory.ecKey(kid)));

        int before = reachedUpstream.size();
        Map<String, String> forgeries = new java.util.LinkedHashMap<>();
        forgeries.put("alg none", none);
        forgeries.put("alg NONE", upperNone);
        forgeries.put("HS256 keyed with the public key", hmac.serialize());
        forgeries.put("tampered payload", tampered);
        forgeries.put("signed by another key under the kid", impostor.serialize());
        for (var forgery : forgeries.entrySet()) {
            HttpResponse<String> response = cards(forgery.getValue());
            assertThat(response.statusCode()).as(forgery.getKey()).isEqualTo(401);
            assertInvalidToken(response);
        }
        assertThat(reachedUpstream).as("no forged token reaches the upstream").hasSize(before);
    }

    @Test
    void massAssignmentIsRefusedAndNeverReachesTheUpstream() throws Exception {
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(transfer("{\"amount\":\"10.00\",\"currency\":\"EUR\",\"status\":\"approved\"}", "application/json"),
                400, "unknown-property", "unknown_property");
        JsonNode audit = lastAuditEvent();
        assertThat(audit.get("sub").asText()).isEqualTo("ann");
        assertThat(audit.get("client_id").asText()).isEqualTo("card-partner");
        assertThat(audit.get("operation").asText()).isEqualTo("createTransfer");
        assertThat(audit.at("/objects/cardId").asText()).isEqualTo("0a1b2c3d");
        assertThat(audit.get("bytes_in").asInt()).isPositive();
        assertRefusedBeforeUpstream(transfer("{\"amount\":\"10.00\",\"currency\":\"EUR\",\"beneficiary\":{\"iban\":\"DE89370400440532013000\",\"owner\":\"me\"}}",
                "application/json"), 400, "unknown-property", "unknown_property");
        assertThat(reachedUpstream).hasSize(before);

        // The control: the same transfer without the extra property goes through, as does an opted-out object.
        HttpResponse<String> accepted = transfer("{\"amount\":\"10.00\",\"currency\":\"EUR\",\"metadata\":{\"anything\":1}}", "application/json");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(reachedUpstream).hasSize(before + 1);
        assertThat(lastAuditEvent().get("decision").asText()).isEqualTo("allowed");
    }

    @Test
    void injectionStringsInEveryParameterTypeAreRefusedBeforeTheUpstream() throws Exception {
        int before = reachedUpstream.size();
        for (String attack : INJECTIONS) {
            HttpResponse<String> path = get("/api/cards/" + encoded(attack), "cards:read");
            // An encoded '/' or a dot segment matches no route at all; anything else breaks the cardId pattern.
            if (path.statusCode() == 404) {
                assertRefusedBeforeUpstream(path, 404, "undeclared-route", "undeclared_route");
            } else {
                assertRefusedBeforeUpstream(path, 400, "invalid-request-parameter", "invalid_parameter");
            }
            assertRefusedBeforeUpstream(get("/api/cards?q=" + encoded(attack), "cards:read"), 400, "invalid-request-parameter", "invalid_parameter");
            // limit is a page-size parameter: the page-size step, earlier in the pipeline, refuses it first.
            assertRefusedBeforeUpstream(get("/api/cards?limit=" + encoded(attack), "cards:read"), 400, "invalid-page-size", "invalid_page_size");
            assertRefusedBeforeUpstream(get("/api/cards?status=" + encoded(attack), "cards:read"), 400, "invalid-request-parameter", "invalid_parameter");
            // Header values cannot carry CR or LF at all (RFC 9110 §5.5): the client library refuses to send them.
            assertRefusedBeforeUpstream(send(HttpRequest.newBuilder(URI.create(gateway + "/api/cards"))
                    .header("X-Customer-Ref", attack.replace("\r\n", " ")), "cards:read"), 400, "invalid-request-parameter", "invalid_parameter");
            assertRefusedBeforeUpstream(transfer(jsonOf(Map.of("amount", attack, "currency", "EUR")), "application/json"),
                    400, "invalid-request-body", "invalid_body");
            assertRefusedBeforeUpstream(transfer(jsonOf(Map.of("amount", "1.00", "currency", attack)), "application/json"),
                    400, "invalid-request-body", "invalid_body");
            HttpResponse<String> refused = get("/api/cards?q=" + encoded(attack), "cards:read");
            assertThat(refused.body()).doesNotContain(attack).doesNotContain("DROP").doesNotContain("<script>");
        }
        assertRefusedBeforeUpstream(transfer(jsonOf(Map.of("amount", "1.00", "currency", "EUR", "reference", "a\r\nSet-Cookie: x=1")),
                "application/json"), 400, "invalid-request-body", "invalid_body");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void undeclaredQueryParametersAreRefused() throws Exception {
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(get("/api/cards?debug=true", "cards:read"), 400, "unknown-request-parameter", "unknown_parameter");
        assertRefusedBeforeUpstream(get("/api/cards?limit=1&limit=50", "cards:read"), 400, "invalid-request-parameter", "invalid_parameter");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void oversizedStringsAreRefused() throws Exception {
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(get("/api/cards?q=" + "A".repeat(4_000), "cards:read"), 400, "invalid-request-parameter", "invalid_parameter");
        assertRefusedBeforeUpstream(transfer(jsonOf(Map.of("amount", "1.00", "currency", "EUR", "reference", "x".repeat(200_000))),
                "application/json"), 400, "invalid-request-body", "invalid_body");
        assertRefusedBeforeUpstream(transfer(jsonOf(Map.of("amount", "9".repeat(50_000) + ".00", "currency", "EUR")),
                "application/json"), 400, "invalid-request-body", "invalid_body");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void theWrongContentTypeIsRefusedWith415() throws Exception {
        int before = reachedUpstream.size();
        String body = "{\"amount\":\"1.00\",\"currency\":\"EUR\"}";
        assertRefusedBeforeUpstream(transfer(body, "text/plain"), 415, "unsupported-media-type", "unsupported_media_type");
        assertRefusedBeforeUpstream(transfer(body, "application/xml"), 415, "unsupported-media-type", "unsupported_media_type");
        assertRefusedBeforeUpstream(transfer(body, "application/json; charset=utf-16"), 415, "unsupported-media-type", "unsupported_media_type");
        assertRefusedBeforeUpstream(transfer(body, null), 415, "unsupported-media-type", "unsupported_media_type");
        assertRefusedBeforeUpstream(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"amount\":\"9999.00\"}", "application/json"),
                400, "invalid-request-body", "invalid_body");
        assertThat(reachedUpstream).hasSize(before);
    }

    // --- authorization: object level (BOLA), function level (BFLA), RAR overreach ---

    @Test
    void aUsersTokenOnAnotherUsersAccountIsWithheldAsNotFound() throws Exception {
        // OWASP API1:2023: alice's token carries only a scope, no account details; the fake bank serves bob's account to anyone.
        int before = reachedUpstream.size();
        HttpResponse<String> stolen = bankGet("/accounts/" + BOB_ID, token("alice", "accounts:read customers:read", null));
        assertRefused(stolen, 404, "object-not-found", "object_not_owned");
        assertThat(stolen.body()).doesNotContain("Bob Secret", "FR1420041010050500013M02606", BOB_ID, "bob");
        assertThat(lastAuditEvent().at("/objects/accountId").asText()).isEqualTo(BOB_ID);
        assertThat(reachedUpstream).as("the bank was asked; its answer never left the gateway").hasSize(before + 1);

        HttpResponse<String> own = bankGet("/accounts/" + ALICE_ID, token("alice", "accounts:read", null));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains(ALICE_ID);
    }

    @Test
    void aClientsOwnTokenReachesNoCustomersDataAndIsRefusedBeforeTheApi() throws Exception {
        // RFC 9068 §2.2: a client-credentials token's sub is the client, and it carries no grant; the owner checks, which apply
        // to user tokens, would let it through, so every operation on a customer's data (x-bulwark-caller: user) refuses it.
        String machine = token("card-partner", "accounts:read balances:read transactions:read payments:read customers:read", null);
        int before = reachedUpstream.size();
        for (String path : List.of("/accounts", "/accounts/" + BOB_ID, "/accounts/" + BOB_ID + "/balances",
                "/accounts/" + BOB_ID + "/transactions", "/payments/" + PAYMENT_ID)) {
            HttpResponse<String> refused = bankGet(path, machine);
            assertRefusedBeforeUpstream(refused, 403, "caller-not-allowed", "user_token_required");
            assertThat(refused.body()).doesNotContain("Bob Secret", BOB_ID);
        }
        assertThat(reachedUpstream).as("the bank was never asked").hasSize(before);
    }

    @Test
    void aUsersTokenIsRefusedOnAnOperationForClientsAlone() throws Exception {
        // cards-openapi.yaml declares the card programmes x-bulwark-caller: client, the bank's products any.
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(call(HttpRequest.newBuilder(URI.create(gateway + "/api/card-programmes")).GET(), token("cards:read")),
                403, "caller-not-allowed", "client_token_required");
        assertThat(reachedUpstream).hasSize(before);

        HttpResponse<String> machine = call(HttpRequest.newBuilder(URI.create(gateway + "/api/card-programmes")).GET(),
                token("card-partner", "cards:read", null));
        assertThat(machine.statusCode()).as(machine.body()).isEqualTo(200);
        for (String subject : List.of("alice", "card-partner")) {
            HttpResponse<String> products = bankGet("/products", token(subject, "products:read", null));
            assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
        }
    }

    @Test
    void aScopeOnlyTokenOnAnotherUsersBalancesOrTransactionsNeverReachesThem() throws Exception {
        // OWASP API1:2023: the balances and transactions name no owner; the gateway asks getAccount first
        // (x-bulwark-owner-lookup), and the fake bank, which would serve them to anyone, never sees the request.
        String token = token("alice", "balances:read transactions:read", null);
        int before = reachedUpstream.size();
        HttpResponse<String> balances = bankGet("/accounts/" + BOB_ID + "/balances", token);
        assertRefused(balances, 404, "object-not-found", "object_not_owned");
        assertThat(balances.body()).doesNotContain(BOB_ID, "bob");
        assertThat(lastAuditEvent().at("/objects/accountId").asText()).isEqualTo(BOB_ID);
        assertRefused(bankGet("/accounts/" + BOB_ID + "/transactions?page=1", token), 404, "object-not-found", "object_not_owned");
        List<String> reached = List.copyOf(reachedUpstream).subList(before, reachedUpstream.size());
        assertThat(reached).as("only the owner lookup, once (then cached)").containsExactly("GET /accounts/" + BOB_ID + " ");

        HttpResponse<String> own = bankGet("/accounts/" + ALICE_ID + "/balances", token);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        // The lookup of alice's own account may still be cached from another test (a few seconds).
        assertThat(List.copyOf(reachedUpstream).subList(before, reachedUpstream.size())).endsWith("GET /accounts/" + ALICE_ID + "/balances ");
    }

    @Test
    void aConsentedPaymentIsMadeOnceAndTheSecondIsRefusedBeforeTheUpstream() throws Exception {
        // RFC 9396 §2: one payment_initiation detail, one payment; the use is recorded before the bank is called.
        // A token without grant_id spends its own detail (keyed by jti); tokens of one grant share it (PaymentSingleUseStepTest),
        // and this gateway refuses a grant_id its store does not hold.
        String token = token("alice", "payments:write", paymentInitiation("42.00", "EUR", MERCHANT_IBAN, "Merchant A"));
        int before = reachedUpstream.size();
        HttpResponse<String> first = pay("42.00", "EUR", MERCHANT_IBAN, "Merchant A", token);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(reachedUpstream).hasSize(before + 1);

        assertRefusedBeforeUpstream(pay("42.00", "EUR", MERCHANT_IBAN, "Merchant A", token), 403, "payment-consent-used",
                "payment_consent_used");
        assertRefusedBeforeUpstream(pay("1.00", "EUR", MERCHANT_IBAN, "Merchant A", token), 403, "payment-consent-used",
                "payment_consent_used");
        assertThat(reachedUpstream).hasSize(before + 1);
    }

    @Test
    void accountListsHoldOnlyTheUsersOwnAndConsentedAccounts() throws Exception {
        JsonNode mine = JSON.readTree(bankGet("/accounts", token("alice", "accounts:read", null)).body()).get("accounts");
        assertThat(mine.findValuesAsText("accountId")).containsExactly(ALICE_ID, ALICE_SAVINGS_ID);
        JsonNode audit = lastAuditEvent();
        assertThat(audit.get("decision").asText()).isEqualTo("allowed");
        assertThat(audit.get("reason").asText()).isEqualTo("foreign_objects_removed");

        HttpResponse<String> consented = bankGet("/accounts", token("alice", "accounts:read", accountInformation(List.of(ALICE_SAVINGS_ID), "list_accounts")));
        assertThat(JSON.readTree(consented.body()).get("accounts").findValuesAsText("accountId")).containsExactly(ALICE_SAVINGS_ID);
        assertThat(consented.body()).doesNotContain("Bob Secret");
    }

    @Test
    void anAccountOutsideTheConsentIsRefusedBeforeTheUpstream() throws Exception {
        int before = reachedUpstream.size();
        String token = token("alice", "balances:read", accountInformation(List.of(ALICE_ID), "read_balances"));
        assertRefusedBeforeUpstream(bankGet("/accounts/" + ALICE_SAVINGS_ID + "/balances", token), 403, "account-not-consented", "account_not_consented");
        assertRefusedBeforeUpstream(bankGet("/accounts/" + BOB_ID + "/balances", token), 403, "account-not-consented", "account_not_consented");
        assertThat(reachedUpstream).hasSize(before);
        assertThat(bankGet("/accounts/" + ALICE_ID + "/balances", token).statusCode()).isEqualTo(200);
    }

    @Test
    void aReadOnlyTokenCannotPay() throws Exception {
        // OWASP API5:2023 (BFLA), RFC 6750 §3.1: the operation's scope is missing.
        int before = reachedUpstream.size();
        HttpResponse<String> response = pay("1.00", "EUR", MERCHANT_IBAN, "Merchant A", token("alice", "accounts:read",
                paymentInitiation("1.00", "EUR", MERCHANT_IBAN, "Merchant A")));
        assertRefusedBeforeUpstream(response, 403, "insufficient-scope", "insufficient_scope");
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("scope=\"payments:write\"");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void aPaymentBeyondTheConsentedOneIsRefusedBeforeTheUpstream() throws Exception {
        int before = reachedUpstream.size();
        String token = token("alice", "payments:write", paymentInitiation("123.50", "EUR", MERCHANT_IBAN, "Merchant A"));
        assertRefusedBeforeUpstream(pay("123.51", "EUR", MERCHANT_IBAN, "Merchant A", token), 403, "payment-not-consented",
                "payment_amount_exceeds_consent");
        assertRefusedBeforeUpstream(pay("123.50", "GBP", MERCHANT_IBAN, "Merchant A", token), 403, "payment-not-consented",
                "payment_currency_not_consented");
        assertRefusedBeforeUpstream(pay("123.50", "EUR", "GB33BUKB20201555555555", "Merchant A", token), 403, "payment-not-consented",
                "payment_creditor_not_consented");
        assertRefusedBeforeUpstream(pay("123.50", "EUR", MERCHANT_IBAN, "Mallory", token), 403, "payment-not-consented",
                "payment_creditor_not_consented");
        // payments:write alone pays nothing: neither a user token without the detail nor a client acting for no one.
        assertRefusedBeforeUpstream(pay("1.00", "EUR", MERCHANT_IBAN, "Merchant A", token("alice", "payments:write", null)), 403,
                "payment-not-consented", "payment_not_consented");
        assertRefusedBeforeUpstream(pay("1.00", "EUR", MERCHANT_IBAN, "Merchant A", token("card-partner", "payments:write", null)), 403,
                "caller-not-allowed", "user_token_required");
        assertThat(reachedUpstream).hasSize(before);

        HttpResponse<String> consented = pay("123.50", "EUR", MERCHANT_IBAN, "Merchant A", token);
        assertThat(consented.statusCode()).as(consented.body()).isEqualTo(201);
        assertThat(reachedUpstream).hasSize(before + 1);
        assertThat(lastAuditEvent().get("decision").asText()).isEqualTo("allowed");
    }

    @Test
    void deepOrWideJsonBodiesAreRefusedBeforeTheUpstream() throws Exception {
        // OWASP API4:2023: resource consumption is bounded before any parser builds a tree.
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(transfer("[".repeat(200) + "]".repeat(200), "application/json"), 413, "json-limits", "json_limits");
        assertRefusedBeforeUpstream(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"metadata\":{\"a\":[" + "1,".repeat(20_000) + "1]}}",
                "application/json"), 413, "json-limits", "json_limits");
        assertRefusedBeforeUpstream(transfer("{\"amount\":", "application/json"), 400, "malformed-json", "malformed_json");
        assertThat(reachedUpstream).hasSize(before);
    }

    // --- responses ---

    @Test
    void aResponseLeakingAnUndeclaredFieldIsWithheldWith502() throws Exception {
        for (String kind : List.of("extra", "badtype", "status", "text", "nested")) {
            int before = reachedUpstream.size();
            HttpResponse<String> response = get("/api/leaky/" + kind, "cards:read");
            assertThat(response.statusCode()).as(kind).isEqualTo(502);
            assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/invalid-upstream-response");
            assertThat(response.body()).doesNotContain("passwordHash", "$2b$", "many", "Ann");
            assertThat(reachedUpstream).as("the upstream was asked; its answer was withheld").hasSize(before + 1);
            JsonNode audit = lastAuditEvent();
            assertThat(audit.get("reason").asText()).isEqualTo("invalid_upstream_response");
            assertThat(audit.get("status").asInt()).isEqualTo(502);
        }
    }

    @Test
    void secretsNeverLeaveAndUnclassifiedExtrasAreRemoved() throws Exception {
        HttpResponse<String> secret = get("/api/leaky/secret", "cards:read cards:pan cards:holder");
        assertThat(secret.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(secret.body())).isEqualTo(JSON.readTree("{\"id\":\"x\",\"items\":[{\"name\":\"n\"}]}"));
        HttpResponse<String> open = get("/api/leaky/open", "cards:read");
        assertThat(JSON.readTree(open.body())).isEqualTo(JSON.readTree("{\"open\":{\"label\":\"x\"}}"));
        assertThat(lastAuditEvent().get("decision").asText()).isEqualTo("allowed");
    }

    @Test
    void thePanIsMaskedAndPersonalDataRemovedUnlessAScopeAllowsIt() throws Exception {
        HttpResponse<String> partner = get("/api/cards", "cards:read");
        assertThat(partner.statusCode()).as(partner.body()).isEqualTo(200);
        JsonNode card = JSON.readTree(partner.body()).at("/cards/0");
        assertThat(card.get("pan").asText()).isEqualTo("************1111");
        assertThat(card.has("holder")).isFalse();
        assertThat(card.has("expiry")).isFalse();
        assertThat(card.has("pinOffset")).isFalse();
        assertThat(card.get("limit").asText()).isEqualTo("500.00");
        assertThat(partner.headers().firstValue("Server")).isEmpty();
        assertThat(lastAuditEvent().get("bytes_out").asInt()).isEqualTo(partner.body().getBytes(StandardCharsets.UTF_8).length);

        JsonNode trusted = JSON.readTree(get("/api/cards/0a1b2c3d", "cards:read cards:pan cards:holder").body());
        assertThat(trusted.get("pan").asText()).isEqualTo("4111111111111111");
        assertThat(trusted.at("/holder/birthDate").asText()).isEqualTo("1990-02-03");
        assertThat(trusted.has("pinOffset")).isFalse();
    }

    // --- the signed identity passed to the upstream ---

    @Test
    void theUpstreamReceivesASignedIdentityItVerifiesWithTheGatewaysJwksAndCallersCannotInjectOne() throws Exception {
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(gateway + "/.well-known/jwks.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
        JWKSet gatewayKeys = JWKSet.parse(published.body());
        assertThat(gatewayKeys.getKeys()).isNotEmpty().allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        // The identity keys are the gateway's own, never the authorization server's: an access token is no identity assertion.
        assertThat(gatewayKeys.getKeyByKeyId(node.signingKeys().active().keyId())).isNull();

        // A caller forging its own identity header: it must not reach the upstream, whatever it says.
        String forged = token("bob", "accounts:read", null);
        List<Map<String, Object>> details = accountInformation(List.of(ALICE_ID), "read", "read_balances");
        String aliceToken = token("alice", "accounts:read balances:read", details);
        receivedIdentities.clear();
        HttpResponse<String> balances = call(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/accounts/" + ALICE_ID + "/balances"))
                .header("X-Bulwark-Identity", forged).header("X-Bulwark-Subject", "bob").GET(), aliceToken);
        assertThat(balances.statusCode()).as(balances.body()).isEqualTo(200);

        // Up to two upstream calls for one request (the owner lookup, unless another test's answer is still cached, then the
        // request): one signature, sent with each.
        assertThat(receivedIdentities).extracting(ReceivedIdentity::path).endsWith("/accounts/" + ALICE_ID + "/balances")
                .isSubsetOf("/accounts/" + ALICE_ID, "/accounts/" + ALICE_ID + "/balances");
        assertThat(receivedIdentities).allSatisfy(received -> assertThat(received.assertions()).hasSize(1).doesNotContain(forged));
        assertThat(receivedIdentities).extracting(received -> received.assertions().getFirst()).containsOnly(
                receivedIdentities.peek().assertions().getFirst());
        ReceivedIdentity received = receivedIdentities.peek();

        var processor = new com.nimbusds.jwt.proc.DefaultJWTProcessor<com.nimbusds.jose.proc.SecurityContext>();
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("bulwark-identity+jwt")));
        processor.setJWSKeySelector(new com.nimbusds.jose.proc.JWSVerificationKeySelector<>(com.nimbusds.jose.JWSAlgorithm.ES256,
                new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(gatewayKeys)));
        processor.setJWTClaimsSetVerifier(new com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier<>("bank",
                new JWTClaimsSet.Builder().issuer(gateway).subject("alice").claim("client_id", "card-partner").build(),
                Set.of("iat", "exp", "jti", "scope", "access_token_jti", "authorization_details")));
        JWTClaimsSet identity = processor.process(received.assertions().getFirst(), null);
        assertThat(identity.getJWTID()).isEqualTo(received.requestId());
        assertThat(identity.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("accounts:read", "balances:read");
        assertThat(identity.getStringClaim("access_token_jti")).isEqualTo(SignedJWT.parse(aliceToken).getJWTClaimsSet().getJWTID());
        assertThat(identity.getClaim("authorization_details")).isEqualTo(details);
        assertThat(identity.getClaim("grant_id")).isNull();
        assertThat(Duration.between(identity.getIssueTime().toInstant(), identity.getExpirationTime().toInstant()))
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
        // A client cannot present the gateway's assertion as its access token: another key, another typ.
        HttpResponse<String> replayed = bankGet("/accounts/" + ALICE_ID, received.assertions().getFirst());
        assertThat(replayed.statusCode()).isEqualTo(401);
        // The JWKS path answers only GET; anything undeclared stays 404.
        HttpResponse<String> undeclared = http.send(HttpRequest.newBuilder(URI.create(gateway + "/.well-known/other")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(undeclared.statusCode()).isEqualTo(404);
    }

    // --- the audit trail itself ---

    @Test
    void theAuditTrailIsIntactAndHoldsNoTokenOrFullPan() throws Exception {
        String token = token("cards:read");
        http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cards/4111111111111111")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cards?q=" + token)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        get("/api/cards", "cards:read");

        List<ChainedAuditRecord> records = node.store().auditRecords().after(0, 100_000);
        assertThat(records).isNotEmpty().allSatisfy(record -> assertThat(record.eventJson())
                .doesNotContain(token).doesNotContain("eyJ").doesNotContain("4111111111111111").doesNotContain("Bearer"));
        AuditChainVerifier.Result result = node.auditVerifier().verify(node.store().auditRecords());
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.verified()).isEqualTo(records.size());
    }
}
