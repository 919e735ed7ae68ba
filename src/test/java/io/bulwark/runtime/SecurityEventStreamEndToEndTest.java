package io.bulwark.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.ConfigLoader;
import io.bulwark.events.SecurityEventStream;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live security event stream ({@code GET /events/stream}, Server-Sent Events) of a running node, read by a real
 * HTTP client: a refused gateway request and a lockout at the token endpoint arrive in order, without the PAN or token
 * of the refused path; a subscriber that does not read is dropped and counted while requests keep their pace.
 */
class SecurityEventStreamEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAN = "4111111111111111";
    private static final String JWT_IN_PATH = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2lnbmF0dXJl";
    private static final ECKey DPOP_KEY = JwtFactory.ecKey("dpop-key");

    @TempDir
    Path dir;

    private Path caCertificate;
    private final ECKey wrongKey = JwtFactory.ecKey("partner-key");
    private BulwarkNode node;
    private HttpClient http;
    private String issuer;
    private int managementPort;

    @BeforeEach
    void start() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        caCertificate = ca.caCertificate();
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(JwtFactory.ecKey("partner-key").toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        issuer = "https://localhost:" + asPort;
        Path config = new NodeYaml("./data", issuer, asPort, FreePorts.next(), ca.serverIdentity("node", List.of("localhost"),
                List.of("127.0.0.1")), ca.caCertificate(), FreePorts.next(), ca.clientIdentity("gateway-client", "Bulwark Gateway"))
                .client("""
                        scopes: [accounts:read]
                        grant-types: [client_credentials]
                        """)
                .sections("""
                        authentication-guard:
                          identity: {max-failures: 2, delay-after: 2, lockout: 30m}
                          source-ip: {delay-after: 100, max-failures: 1000}
                        security-events:
                          stream-buffer: 16
                        """)
                .writeTo(dir.resolve("bulwark.yaml"));
        node = BulwarkNode.start(ConfigLoader.load(config), Clock.systemUTC());
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();

        managementPort = node.managementPort();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private SecurityEventStream stream() {
        return node.securityEvents().hub().stream();
    }

    /** Subscribes with a real HTTP client; each SSE frame's {@code event} and {@code data} lines, as they arrive. */
    private BlockingQueue<String> subscribe(String query) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + managementPort + "/events/stream" + query)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        Thread.ofVirtual().start(() -> response.body().filter(line -> line.startsWith("event: ") || line.startsWith("data: "))
                .forEach(lines::add));
        return lines;
    }

    private static String take(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(15, TimeUnit.SECONDS);
        assertThat(line).as("a stream line within 15 s").isNotNull();
        return line;
    }

    private HttpResponse<String> gateway(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.gatewayPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A client_credentials request for {@code partner}, signed with a key that is not registered. */
    private HttpResponse<String> failedTokenRequest() throws Exception {
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(wrongKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("partner").subject("partner").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new ECDSASigner(wrongKey));
        String form = "grant_type=client_credentials&scope=accounts%3Aread&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion.serialize();
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", DpopProofs.proof(DPOP_KEY, "POST", issuer + "/token")).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", within, what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aRefusedRequestThenALockoutArriveInOrderWithoutThePanOrTokenOfThePath() throws Exception {
        BlockingQueue<String> lines = subscribe("?types=request_refused,authentication_lockout");
        await("the subscriber connected", Duration.ofSeconds(10), () -> stream().subscribers() == 1);

        HttpResponse<String> refused = gateway("/bank/v1/cards/" + PAN + "/" + JWT_IN_PATH);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(failedTokenRequest().statusCode()).isEqualTo(400);
        assertThat(failedTokenRequest().statusCode()).isEqualTo(400);
        assertThat(failedTokenRequest().statusCode()).as("locked out").isEqualTo(429);

        assertThat(take(lines)).isEqualTo("event: request_refused");
        String refusalData = take(lines);
        JsonNode refusal = JSON.readTree(refusalData.substring("data: ".length()));
        assertThat(refusal.path("request_id").asText()).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(refusal.path("details").path("path").asText()).isEqualTo("/bank/v1/cards/************1111/[jwt]");
        assertThat(refusal.path("details").path("status").asText()).isEqualTo("404");
        assertThat(refusalData).doesNotContain(PAN).doesNotContain("eyJhbGciOiJFUzI1NiJ9.");

        assertThat(take(lines)).isEqualTo("event: authentication_lockout");
        JsonNode lockout = JSON.readTree(take(lines).substring("data: ".length()));
        assertThat(lockout.path("details").path("identity").asText()).contains("partner");
        assertThat(lockout.path("remote_address").asText()).isEqualTo("127.0.0.1");
        assertThat(lines.poll(300, TimeUnit.MILLISECONDS)).as("only the types asked for").isNull();

        // The lockout is in the audit trail too (PCI DSS 10.2.1.4); the refusal is there as the request's own record.
        await("the lockout audited", Duration.ofSeconds(10), () -> node.store().auditRecords().after(0, 1_000).stream()
                .anyMatch(r -> r.decision().equals("security_event") && r.eventJson().contains("\"reason\":\"authentication_lockout\"")));
        assertThat(node.store().auditRecords().after(0, 1_000)).filteredOn(r -> r.decision().equals("refused")).hasSize(1);
    }

    @Test
    void aSubscriberThatDoesNotReadIsDroppedAndCountedWhileRequestsKeepTheirPace() throws Exception {
        BlockingQueue<String> reader = subscribe("?types=request_refused");
        // A client that subscribes, then never reads: its socket's receive window is tiny and stays full.
        try (Socket stuck = TlsPolicy.jdkClientContext(caCertificate).getSocketFactory().createSocket()) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", managementPort));
            stuck.getOutputStream().write("GET /events/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await("both subscribers connected", Duration.ofSeconds(10), () -> stream().subscribers() == 2);

            // Warm up the client's connection first, so only the burst's effect is timed.
            assertThat(gateway("/bank/v1/warm-up").statusCode()).isEqualTo(404);
            // A burst of events (an attack's worth), emitted as the node's emitters do, while requests are timed.
            Thread burst = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 40_000 && stream().dropped() == 0; i++) {
                    node.securityEvents().hub().forward(new SecurityEvent(Instant.now(), "login_failed", UUID.randomUUID().toString(),
                            "192.0.2.7", Map.of("username", "user-" + i, "reason", "wrong_password", "padding", "x".repeat(200))));
                    // Paced, so that a subscriber whose client reads keeps up: only the stuck one falls behind.
                    if (i % 8 == 0) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            List<Long> millis = new ArrayList<>();
            while (burst.isAlive() || millis.size() < 20) {
                long started = System.nanoTime();
                assertThat(gateway("/bank/v1/not-declared").statusCode()).isEqualTo(404);
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
            burst.join();
            await("the stuck subscriber dropped", Duration.ofSeconds(20), () -> stream().dropped() == 1);
            System.out.println("requests during the burst (ms): max " + millis.stream().mapToLong(Long::longValue).max().orElseThrow()
                    + " of " + millis.size());
            assertThat(millis).as("no request waits for the stuck subscriber").allSatisfy(ms -> assertThat(ms).isLessThan(2_000));

            // The server closed the stuck connection: what it had buffered drains, then end of stream.
            stuck.setSoTimeout(10_000);
            InputStream in = stuck.getInputStream();
            byte[] chunk = new byte[65_536];
            int read;
            try {
                do {
                    read = in.read(chunk);
                } while (read >= 0);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stuck subscriber's connection was not closed", e);
            } catch (java.net.SocketException e) {
                // A reset is a close too.
            }
        }
        assertThat(stream().subscribers()).as("the reading subscriber stays").isEqualTo(1);
        HttpResponse<String> after = gateway("/bank/v1/still-streamed");
        String requestId = after.headers().firstValue("X-Request-Id").orElseThrow();
        await("the reader gets the next refusal", Duration.ofSeconds(15),
                () -> reader.stream().anyMatch(line -> line.contains(requestId)));
    }
}
