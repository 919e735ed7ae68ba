package io.bulwark.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.cli.BulwarkCli;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.http.Problem;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.runtime.BulwarkNode;
import io.bulwark.runtime.Extensions;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.TestBrowser;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets sent through every path that logs, to a real node over HTTPS, with the process's logging configured from
 * Bulwark's own logback.xml (JSON lines, every logger, captured from the console): gateway refusals, an upstream that is
 * down, a capability that throws with a message, token requests with client assertions and secrets, sign-in failures
 * with passwords and TOTP codes, and configuration errors. None of the values appears in any log line, in anything the
 * commands print, or in any audit record; the lines written for a request name it as its answer does.
 */
class SecretsNeverLoggedEndToEndTest {

    private static final String PAN = "4111 1111 1111 1111";
    private static final String PAN_DASHED = "5500-0000-0000-0004";
    private static final String OPAQUE_TOKEN = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String PASSWORD = "Correct-Horse-Battery-Staple-77";
    private static final String WRONG_PASSWORD = "Tr0ub4dor-horse-guess-91";
    private static final String WRONG_TOTP = "493817";
    private static final String CLIENT_SECRET = "cs-7f3a9d2e41b8c6057e9a";
    private static final String EMAIL = "alice.hidden@example.com";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;
    private final List<String> secrets = new ArrayList<>(List.of(PAN, PAN.replace(" ", ""), PAN_DASHED, PAN_DASHED.replace("-", ""),
            OPAQUE_TOKEN, PASSWORD, WRONG_PASSWORD, WRONG_TOTP, CLIENT_SECRET, EMAIL));

    @BeforeEach
    void logLikeTheProcess() throws Exception {
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(captured, out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(captured, err), true, StandardCharsets.UTF_8));
        LogOutput.configure(context(), LogFormat.JSON, LogOutput.class.getResource("/logback.xml"));
    }

    @AfterEach
    void restoreTestLogging() throws Exception {
        System.setOut(out);
        System.setErr(err);
        LoggerContext context = context();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void noSecretReachesALogLineACommandsOutputOrTheAuditTrail() throws Exception {
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        DemoEnvironment environment = DemoEnvironment.prepare(dir.resolve("demo"), ports);
        ECKey strangerKey = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        String issuer = "https://localhost:" + ports.authorizationServer();
        String forgedAssertion = assertion("demo-service", issuer, strangerKey);
        String privateKeyPem = pem(strangerKey);
        secrets.addAll(List.of(forgedAssertion, strangerKey.getD().toString(), privateKeyPem.lines().skip(1).findFirst().orElseThrow()));
        // A capability that fails with a careless message: its failure is logged with the exception.
        Extensions extensions = Extensions.NONE.withDecisionListener(event -> {
            throw new IllegalStateException("listener saw password=" + PASSWORD + " and card " + PAN + " for " + event.requestId());
        });
        List<ChainedAuditRecord> audit;
        String upstreamDownRequestId;
        String wrongPasswordRequestId;
        // No bank listens at the bank's port: the upstream is down.
        try (BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC(), AccountDirectory.NONE, extensions)) {
            node.users().ensure("alice", "alice-subject", "Alice", PASSWORD, "12345678901234567890".getBytes(StandardCharsets.US_ASCII));
            HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
            String gateway = "https://localhost:" + node.gatewayPort();

            // The upstream is down (502), for a request with a valid DPoP-bound token, a trace and secrets in its headers.
            ECKey dpopKey = new ECKeyGenerator(Curve.P_256).generate();
            String token = serviceToken(http, environment, issuer, dpopKey);
            String products = gateway + "/bank/v1/products";
            HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(products)).timeout(ANSWER_WITHIN)
                    .header("Authorization", "DPoP " + token).header("DPoP", DpopProofs.proof(dpopKey, "GET", products, token))
                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                    .header("X-Card", PAN).header("X-Password", PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).as(down.body()).isBetween(502, 504);
            upstreamDownRequestId = down.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow();

            // Gateway refusals: an unknown bearer token, secrets in the path and the query, a forged DPoP token.
            send(http, gateway + "/bank/v1/accounts/" + PAN.replace(" ", "") + "?password=" + WRONG_PASSWORD + "&otp=" + WRONG_TOTP
                    + "&email=" + EMAIL, Map.of("Authorization", "Bearer " + OPAQUE_TOKEN), null);
            send(http, gateway + "/bank/v1/cards/" + PAN_DASHED + "/" + forgedAssertion, Map.of(), null);
            send(http, gateway + "/bank/v1/cards/" + PAN.replace(" ", "%20"), Map.of(), null);
            send(http, products, Map.of("Authorization", "DPoP " + forgedAssertion, "DPoP", forgedAssertion), null);
            send(http, gateway + "/bank/v1/payments", Map.of("Authorization", "DPoP " + token, "Content-Type", "application/json"),
                    "{\"cardNumber\": \"" + PAN + "\", \"password\": \"" + PASSWORD + "\", \"email\": \"" + EMAIL + "\"");

            // Token endpoint failures: an assertion signed by a stranger's key, with a client secret and a private key beside it.
            String form = "grant_type=client_credentials&client_id=demo-service&scope=products:read"
                    + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    + "&client_assertion=" + forgedAssertion + "&client_secret=" + CLIENT_SECRET + "&private_key=" + enc(privateKeyPem);
            assertThat(send(http, issuer + "/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token")), form).statusCode()).isEqualTo(400);
            send(http, issuer + "/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Authorization", "Basic " + Base64.getEncoder().encodeToString(("demo-service:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8))),
                    "grant_type=client_credentials&client_assertion=" + OPAQUE_TOKEN);

            // Sign-in failures: a wrong password, then the right one and a wrong TOTP code.
            try (TestBrowser browser = new TestBrowser(issuer, TlsPolicy.jdkClientContext(environment.caCertificate()))) {
                HttpResponse<String> login = browser.get("/account/grants");
                HttpResponse<String> wrong = browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                        Map.entry("username", "alice"), Map.entry("password", WRONG_PASSWORD)));
                wrongPasswordRequestId = wrong.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow();
                URI next = TestBrowser.seeOther(browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(wrong)),
                        Map.entry("username", "alice"), Map.entry("password", PASSWORD))));
                HttpResponse<String> verify = browser.get(next.toString());
                assertThat(verify.body()).contains("action=\"/account/verify\"");
                browser.post("/account/verify", List.of(Map.entry("csrf", TestBrowser.csrf(verify)), Map.entry("code", WRONG_TOTP)));
            }
            audit = node.store().auditRecords().after(0, 100_000);
        }

        // Configuration errors: secrets where bulwark.yaml does not take them.
        for (String yaml : List.of(
                "master-key:\n  password: " + PASSWORD + "\n",
                "client-secret: " + CLIENT_SECRET + "\n",
                "store:\n  url: jdbc:postgresql://db.internal/bulwark?user=bulwark&password=" + PASSWORD + "\n",
                "redis:\n  url: redis://:" + PASSWORD + "@redis.internal:6379\n",
                "logging:\n  format: " + PASSWORD + "\n")) {
            Path file = Files.writeString(dir.resolve("bulwark-" + UUID.randomUUID() + ".yaml"), yaml);
            assertThat(BulwarkCli.commandLine().execute("serve", "--config", file.toString(), "--check")).isNotZero();
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).as("the log was captured").contains("\"logger_name\"");
        for (String secret : secrets) {
            assertThat(output).as("logs and command output").doesNotContain(secret);
            assertThat(audit).as("audit records").noneSatisfy(record -> assertThat(record.toString()).contains(secret));
        }
        assertThat(audit).as("the requests were audited").hasSizeGreaterThan(4);

        // Every log line is one JSON object with each key once.
        List<JsonNode> lines = output.lines().filter(line -> line.startsWith("{\"@timestamp\"")).map(SecretsNeverLoggedEndToEndTest::json).toList();
        assertThat(lines).hasSizeGreaterThan(10).allSatisfy(line -> assertThat(line.path("level").isTextual()).isTrue());
        // The upstream's failure was logged with the request it failed, as its answer and the trace name it.
        JsonNode upstreamLine = lines.stream().filter(line -> line.path("logger_name").asText().endsWith("ProxyStep")
                && line.path("message").asText().contains("upstream")).findFirst().orElseThrow();
        assertThat(upstreamLine.path("request_id").asText()).isEqualTo(upstreamDownRequestId);
        // The request's own trace (the caller's traceparent is not trusted by default: TraceContext), as sent upstream.
        assertThat(upstreamLine.path("trace_id").asText()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
        assertThat(upstreamLine.path("client").asText()).isEqualTo("demo-service");
        assertThat(upstreamLine.path("operation").asText()).isEqualTo("listProducts");
        // The authorization server's lines name their request too.
        JsonNode loginFailed = lines.stream().filter(line -> "login_failed".equals(line.path("event").asText())).findFirst().orElseThrow();
        assertThat(loginFailed.path("request_id").asText()).isEqualTo(wrongPasswordRequestId);
        assertThat(loginFailed.path("operation").asText()).isEqualTo("/account/login");
        assertThat(loginFailed.path("trace_id").asText()).hasSize(32);
    }

    private static HttpResponse<String> send(HttpClient http, String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN);
        headers.forEach(request::header);
        request.method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String serviceToken(HttpClient http, DemoEnvironment environment, String issuer, ECKey dpopKey) throws Exception {
        ECKey key = DemoClientCredentials.privateKey(environment.dataDir().resolve("demo/clients/demo-service.json"));
        String form = "grant_type=client_credentials&scope=products:read"
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + assertion("demo-service", issuer, key);
        HttpResponse<String> response = send(http, issuer + "/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token")), form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static String assertion(String clientId, String issuer, ECKey key) throws Exception {
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new ECDSASigner(key));
        return assertion.serialize();
    }

    private static String pem(ECKey key) throws Exception {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.toPrivateKey().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----";
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode json(String line) {
        try {
            return JSON.reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON object with unique keys: " + line, e);
        }
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Writes to the capture and to the console it replaced. */
    private static final class Tee extends OutputStream {

        private final OutputStream capture;
        private final OutputStream console;

        Tee(OutputStream capture, OutputStream console) {
            this.capture = capture;
            this.console = console;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            capture.write(b);
            console.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            capture.write(bytes, offset, length);
            console.write(bytes, offset, length);
        }
    }
}
