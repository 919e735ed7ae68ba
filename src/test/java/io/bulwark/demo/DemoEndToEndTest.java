package io.bulwark.demo;

import io.bulwark.testing.FreePorts;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.OpenSslClient;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo as a user meets it: authorization server, gateway and bank on real ports, real TLS,
 * a partner client with a real signed assertion; and every refusal of the foundation issue.
 */
class DemoEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private static Path dataDir;
    private static Demo demo;
    private static HttpClient http;
    private static String issuer;
    private static String gateway;
    private static final ListAppender<ILoggingEvent> securityEvents = new ListAppender<>();
    private static final Map<String, ECKey> DPOP_KEYS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startDemo() throws IOException {
        dataDir = Files.createTempDirectory("bulwark-e2e");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        issuer = "https://localhost:" + ports.authorizationServer();
        gateway = "https://localhost:" + ports.gateway();
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"))).build();
        securityEvents.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(securityEvents);
    }

    @AfterAll
    static void stopDemo() {
        ((Logger) LoggerFactory.getLogger("bulwark.security")).detachAppender(securityEvents);
        demo.close();
    }

    // --- the client side, done by hand as a partner developer would ---

    private static Path clientFile(String clientId) {
        return dataDir.resolve("demo/clients/" + clientId + ".json");
    }

    private static String assertion(String clientId) throws Exception {
        ECKey key = DemoClientCredentials.privateKey(clientFile(clientId));
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    /** A token request with a DPoP proof by {@code clientId}'s DPoP key, as every demo client's tokens are DPoP-bound. */
    private static HttpResponse<String> tokenRequest(String clientId, String assertion, String scope) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", DpopProofs.proof(dpopKey(clientId), "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ECKey dpopKey(String clientId) {
        return DemoClientCredentials.dpopKey(clientFile(clientId));
    }

    private static String token(String clientId, String scope) throws Exception {
        HttpResponse<String> response = tokenRequest(clientId, assertion(clientId), scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = JSON.readTree(response.body()).get("access_token").asText();
        DPOP_KEYS.put(token, dpopKey(clientId));
        return token;
    }

    /**
     * A GET with {@code token} under the DPoP scheme and, for a token this test obtained, a fresh proof
     * by the key it is bound to (RFC 9449 §7); a forged token goes without proof, to be refused first.
     */
    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "DPoP " + token);
            ECKey key = DPOP_KEYS.get(token);
            if (key != null) {
                request.header("DPoP", DpopProofs.proof(key, "GET", url, token));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token signed by the authorization server's real active key, with claims a test chooses. */
    private static String genuinelySigned(JWTClaimsSet claims) throws Exception {
        SigningKeyRing.Active key = demo.node().signingKeys().active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(AT_JWT).keyID(key.keyId()).build(), claims);
        jwt.sign(key.signer());
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(gateway).subject("demo-service")
                .claim("client_id", "demo-service").claim("scope", "accounts:read").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
    }

    private static void assertInvalidToken(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_token\"");
        assertProblem(response, "invalid-token");
    }

    private static void assertProblem(HttpResponse<String> response, String slug) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://bulwark.dev/problems/" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
    }

    // --- the slice working ---

    @Test
    void publishesMetadataAndAPublicJwks() throws Exception {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            HttpResponse<String> response = get(issuer + path, null);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.get("issuer").asText()).isEqualTo(issuer);
            assertThat(metadata.get("token_endpoint").asText()).isEqualTo(issuer + "/token");
            assertThat(metadata.get("token_endpoint_auth_methods_supported").toString())
                    .isEqualTo("[\"private_key_jwt\",\"tls_client_auth\",\"self_signed_tls_client_auth\"]");
            assertThat(metadata.get("dpop_signing_alg_values_supported").toString()).isEqualTo("[\"PS256\",\"ES256\",\"EdDSA\"]");
            assertThat(metadata.get("tls_client_certificate_bound_access_tokens").asBoolean()).isTrue();
            assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported").toString()).isEqualTo("[\"PS256\",\"ES256\",\"EdDSA\"]");
        }
        HttpResponse<String> jwks = get(issuer + "/jwks", null);
        assertThat(jwks.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
        JWKSet set = JWKSet.parse(jwks.body());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void theBankDocumentNamesTheRunningAuthorizationServer() throws Exception {
        // The demo runs on free ports here, never 8443: a client configured from the document must find this server.
        JsonNode flows = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(dataDir.resolve("demo/bank-openapi.yaml").toFile()).at("/components/securitySchemes/bulwark/flows");
        assertThat(flows.at("/authorizationCode/authorizationUrl").asText()).isEqualTo(issuer + "/authorize");
        assertThat(flows.at("/authorizationCode/tokenUrl").asText()).isEqualTo(issuer + "/token");
        assertThat(flows.at("/authorizationCode/refreshUrl").asText()).isEqualTo(issuer + "/token");
        assertThat(flows.at("/clientCredentials/tokenUrl").asText()).isEqualTo(issuer + "/token");
    }

    @Test
    void aMachineClientReadsTheProductCatalogueThroughTheGatewayOverTls() throws Exception {
        HttpResponse<String> tokenResponse = tokenRequest("demo-service", assertion("demo-service"), "products:read");
        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        assertThat(tokenResponse.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode token = JSON.readTree(tokenResponse.body());
        // RFC 9449 §5: a DPoP-bound token is of type DPoP.
        assertThat(token.get("token_type").asText()).isEqualTo("DPoP");
        DPOP_KEYS.put(token.get("access_token").asText(), dpopKey("demo-service"));
        assertThat(token.get("expires_in").asInt()).isEqualTo(300);
        assertThat(token.get("scope").asText()).isEqualTo("products:read");

        HttpResponse<String> products = get(gateway + "/bank/v1/products", token.get("access_token").asText());
        assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
        assertThat(products.body()).contains("everyday-current");
        assertThat(products.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000; includeSubDomains");
        assertThat(products.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void anAppActingForUsersGetsNoTokenOfItsOwnSoNoCustomersData() throws Exception {
        // The pen test: demo-partner's own token (sub = client_id) read every customer's accounts and, with customers:read,
        // their names, addresses and dates of birth. It is registered for the code flow only now (RFC 7591 §2).
        HttpResponse<String> response = tokenRequest("demo-partner", assertion("demo-partner"), "accounts:read customers:read");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized_client");
        // Each credentials file says what its client is registered for (RFC 7591 §2 grant_types).
        assertThat(JSON.readTree(clientFile("demo-partner").toFile()).get("grant_types").toString())
                .isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(JSON.readTree(clientFile("demo-service").toFile()).get("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(JSON.readTree(issuerMetadata()).get("grant_types_supported").toString())
                .isEqualTo("[\"authorization_code\",\"client_credentials\",\"refresh_token\"]");
    }

    @Test
    void aClientsOwnTokenOnACustomersAccountsIsRefusedAtTheGateway() throws Exception {
        // A client acting for itself, even one registered with accounts:read, reaches no customer's data (x-bulwark-caller: user).
        String machine = genuinelySigned(validClaims().claim("scope", "accounts:read customers:read")
                .claim("cnf", Map.of("jkt", dpopKey("demo-service").computeThumbprint().toString())).build());
        DPOP_KEYS.put(machine, dpopKey("demo-service"));
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts", machine);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertProblem(response, "caller-not-allowed");
        assertThat(response.body()).doesNotContain("dateOfBirth", "iban");
    }

    private static String issuerMetadata() throws Exception {
        return get(issuer + "/.well-known/oauth-authorization-server", null).body();
    }

    @Test
    void aMalformedAccountIdIsRefusedAtTheGatewayAndAudited() throws Exception {
        // A token acting for alice (signed by the authorization server's key, bound to the partner's DPoP key).
        String token = genuinelySigned(validClaims().subject("alice").claim("client_id", "demo-partner")
                .claim("cnf", Map.of("jkt", dpopKey("demo-partner").computeThumbprint().toString())).build());
        DPOP_KEYS.put(token, dpopKey("demo-partner"));
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts/" + URLEncoder.encode("1' OR '1'='1", StandardCharsets.UTF_8), token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "invalid-request-parameter");
        assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("accountId").doesNotContain("OR");

        var records = demo.node().store().auditRecords();
        JsonNode last = JSON.readTree(records.after(records.head().seq() - 1, 1).getFirst().eventJson());
        assertThat(last.get("reason").asText()).isEqualTo("invalid_parameter");
        assertThat(last.get("client_id").asText()).isEqualTo("demo-partner");
        assertThat(demo.node().auditVerifier().verify(records).intact()).isTrue();
    }

    @Test
    void aCardNumberInThePathIsMaskedInTheSecurityLogAsInTheAuditTrail() throws Exception {
        // PCI DSS 3.4 / 10.3: a full PAN never reaches a log; one redaction rule for the audit trail and every security event sink.
        String pan = "4000003002578256";
        int before = securityEvents.list.size();
        // A machine client's token reaches no customer's account: refused, so the path goes to the security log too.
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts/" + pan, token("demo-service", "products:read"));
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);

        List<String> logged = securityEvents.list.subList(before, securityEvents.list.size()).stream()
                .filter(event -> event.getFormattedMessage().contains("/bank/v1/accounts/"))
                .map(event -> event.getFormattedMessage() + " " + java.util.Arrays.toString(event.getArgumentArray())).toList();
        assertThat(logged).as("the refusal reached the bulwark.security log").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(pan).contains("path=/bank/v1/accounts/************8256"));

        var records = demo.node().store().auditRecords();
        String audited = records.after(records.head().seq() - 1, 1).getFirst().eventJson();
        assertThat(audited).doesNotContain(pan).contains("/bank/v1/accounts/************8256");
    }

    @Test
    void everyAnswerNamesItsRequestAndEveryProblemQuotesIt() throws Exception {
        String products = gateway + "/bank/v1/products";
        String token = token("demo-service", "products:read");
        for (String url : List.of(issuer + "/jwks", issuer + "/nowhere", gateway + "/bank/v1/accounts", gateway + "/nowhere", products)) {
            HttpResponse<String> response = get(url, url.equals(products) ? token : null);
            String requestId = response.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError(url + ": no X-Request-Id"));
            assertThat(java.util.UUID.fromString(requestId).toString()).as(url).isEqualTo(requestId);
            if (response.statusCode() >= 400) {
                JsonNode problem = JSON.readTree(response.body());
                assertThat(problem.get("request_id").asText()).as(url).isEqualTo(requestId);
                assertThat(problem.get("instance").asText()).as(url).isEqualTo("urn:uuid:" + requestId);
            } else {
                assertThat(response.statusCode()).as(url).isEqualTo(200);
            }
        }
        // The gateway's id is the one in its audit trail, so that a support desk finds the request a partner quotes.
        HttpResponse<String> refused = get(gateway + "/bank/v1/accounts", null);
        var records = demo.node().store().auditRecords();
        assertThat(records.after(records.head().seq() - 1, 1).getFirst().eventJson())
                .contains(refused.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void theFapiInteractionIdIsEchoedWhenValidAndReplacedWhenNot() throws Exception {
        String url = gateway + "/bank/v1/accounts";
        String sent = "6f1c4c1e-8d2b-4b7e-9a55-0c2e3b6f7d10";
        HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-fapi-interaction-id", sent).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(echoed.headers().firstValue("x-fapi-interaction-id")).contains(sent);
        // FAPI 1.0 Part 1 §6.2.1 item 13: an invalid value is not reflected; the gateway sets a UUID of its own.
        HttpResponse<String> replaced = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-fapi-interaction-id", "<script>1</script>")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String own = replaced.headers().firstValue("x-fapi-interaction-id").orElseThrow();
        assertThat(java.util.UUID.fromString(own).toString()).isEqualTo(own);
        assertThat(replaced.body()).doesNotContain("script");
        String absent = get(url, null).headers().firstValue("x-fapi-interaction-id").orElseThrow();
        assertThat(absent).isNotEqualTo(own).isEqualTo(java.util.UUID.fromString(absent).toString());
    }

    @Test
    void everyResponseCarriesHsts() throws Exception {
        for (String url : List.of(issuer + "/jwks", issuer + "/nowhere", gateway + "/bank/v1/accounts", gateway + "/nowhere")) {
            assertThat(get(url, null).headers().firstValue("Strict-Transport-Security")).as(url).isPresent();
        }
    }

    // --- refusals at the gateway ---

    @Test
    void noTokenIsChallenged() throws Exception {
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("DPoP realm=\"bulwark\", algs=\"PS256 ES256 EdDSA\", Bearer realm=\"bulwark\"");
        assertProblem(response, "missing-token");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertInvalidToken(get(gateway + "/bank/v1/accounts", genuinelySigned(validClaims()
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build())));
    }

    @Test
    void aTokenWithAWrongSignatureIsRefused() throws Exception {
        String kid = demo.node().signingKeys().active().keyId();
        String forged = JwtFactory.sign(JwtFactory.ecKey(kid), JWSAlgorithm.ES256, AT_JWT, validClaims().build());
        assertInvalidToken(get(gateway + "/bank/v1/accounts", forged));
        String genuine = token("demo-service", "products:read");
        String tampered = genuine.substring(0, genuine.length() - 4) + (genuine.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertInvalidToken(get(gateway + "/bank/v1/accounts", tampered));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String unsigned = new PlainJWT(validClaims().build()).serialize();
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts", unsigned);
        // "header.payload." ends with a dot, which RFC 6750's b64token does not allow: refused before parsing.
        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        String noneWithSignature = unsigned + "c2ln";
        assertInvalidToken(get(gateway + "/bank/v1/accounts", noneWithSignature));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        JWKSet published = JWKSet.parse(get(issuer + "/jwks", null).body());
        ECKey publicKey = published.getKeys().getFirst().toECKey();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID(publicKey.getKeyID()).build(),
                validClaims().build());
        forged.sign(new MACSigner(publicKey.toPublicKey().getEncoded()));
        assertInvalidToken(get(gateway + "/bank/v1/accounts", forged.serialize()));
        SignedJWT forgedWithJwk = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID(publicKey.getKeyID()).build(),
                validClaims().build());
        forgedWithJwk.sign(new MACSigner(publicKey.toJSONString().getBytes(StandardCharsets.UTF_8)));
        assertInvalidToken(get(gateway + "/bank/v1/accounts", forgedWithJwk.serialize()));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertInvalidToken(get(gateway + "/bank/v1/accounts", genuinelySigned(validClaims().audience("https://other-api.example").build())));
    }

    @Test
    void theWrongScopeIsRefusedWithInsufficientScope() throws Exception {
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts", token("demo-service", "products:read"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
                .contains("error=\"insufficient_scope\"").contains("scope=\"accounts:read\"");
        assertProblem(response, "insufficient-scope");
    }

    @Test
    void aClientCannotGetScopesItIsNotRegisteredFor() throws Exception {
        HttpResponse<String> response = tokenRequest("demo-service", assertion("demo-service"), "products:read accounts:read");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void aTokenInTheQueryIsRefused() throws Exception {
        String token = token("demo-service", "products:read");
        HttpResponse<String> response = get(gateway + "/bank/v1/accounts?access_token=" + token, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_request\"");
        assertProblem(response, "token-in-query");
    }

    @Test
    void anUndeclaredPathIsRefusedAndReportedAsASecurityEvent() throws Exception {
        String token = token("demo-service", "products:read");
        int before = securityEvents.list.size();
        for (String path : List.of("/bank/v1/admin/users", "/bank/v1/accounts/../payments", "/bank/v2/accounts", "/")) {
            HttpResponse<String> response = get(gateway + path, token);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertProblem(response, "undeclared-route");
        }
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(gateway + "/bank/v1/accounts"))
                .header("Authorization", "DPoP " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        List<String> events = securityEvents.list.subList(before, securityEvents.list.size()).stream()
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(events).anySatisfy(e -> assertThat(e).contains("request_refused").contains("undeclared_route").contains("/bank/v1/admin/users"));
        assertThat(events).noneSatisfy(e -> assertThat(e).contains(token));
    }

    // --- refusals at the authorization server ---

    @Test
    void aReusedAssertionIsRefused() throws Exception {
        String assertion = assertion("demo-service");
        assertThat(tokenRequest("demo-service", assertion, "products:read").statusCode()).isEqualTo(200);
        HttpResponse<String> replay = tokenRequest("demo-service", assertion, "products:read");
        assertThat(replay.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(replay.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error_description").asText()).contains("already used");
    }

    // --- transport ---

    @Test
    void tls11IsRefusedByTheGatewayAndTheAuthorizationServer() {
        OpenSslClient.requireOpenSsl();
        Path ca = dataDir.resolve("tls/ca.pem");
        for (int port : List.of(demo.environment().ports().gateway(), demo.environment().ports().authorizationServer())) {
            var tls11 = OpenSslClient.connect(port, ca, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(tls11.connected()).as(tls11.output()).isFalse();
            assertThat(tls11.output()).containsIgnoringCase("protocol version");
            var tls12 = OpenSslClient.connect(port, ca, "-tls1_2");
            assertThat(tls12.connected()).as(tls12.output()).isTrue();
        }
    }

    @Test
    void theBankAdmitsOnlyTheGatewaysCertificate() throws Exception {
        String bank = "https://localhost:" + demo.environment().ports().bank() + "/accounts";
        Path ca = dataDir.resolve("tls/ca.pem");
        HttpClient noCertificate = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca)).build();
        assertThatThrownBy(() -> noCertificate.send(HttpRequest.newBuilder(URI.create(bank)).header("X-Bulwark-Subject", "alice").build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        // A certificate from the very same dev CA, but not the gateway's: still refused.
        var other = DevCertificateAuthority.loadOrCreate(dataDir.resolve("tls")).clientIdentity("intruder", "Intruder");
        HttpClient otherCertificate = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(other, ca)).build();
        assertThatThrownBy(() -> otherCertificate.send(HttpRequest.newBuilder(URI.create(bank)).header("X-Bulwark-Subject", "alice").build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        // The control: the gateway's own certificate gets in.
        HttpClient gatewayCertificate = HttpClient.newBuilder()
                .sslContext(TlsPolicy.jdkClientContext(demo.environment().gatewayClientIdentity(), ca)).build();
        assertThat(gatewayCertificate.send(HttpRequest.newBuilder(URI.create(bank)).header("X-Bulwark-Subject", "alice").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
