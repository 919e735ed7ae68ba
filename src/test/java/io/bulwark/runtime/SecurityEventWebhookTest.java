package io.bulwark.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.events.EventSignature;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security events to a real HTTPS webhook receiver this test runs: it fails (500s, refused connections) and recovers;
 * every event arrives, once per idempotency id, signed with a key the gateway publishes, after growing waits; a receiver
 * that never recovers leaves the events in the dead-letter file; events pending at a shutdown are delivered after the
 * node starts again on the same data folder. No PAN or token of a refused request's path reaches a receiver.
 */
class SecurityEventWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAN = "4111111111111111";
    private static final String JWT_IN_PATH = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.c2lnbmF0dXJl";
    private static final String COLLECTOR_TOKEN = "Splunk collector-secret-0001";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final int receiverPort = FreePorts.next();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failWith = 500;
    private HttpServer receiver;
    private TlsFiles receiverIdentity;
    private Path caCertificate;
    private Path configFile;
    private HttpClient http;
    private BulwarkNode node;

    /** One POST the receiver saw, and what it answered. */
    private record Received(long atNanos, String eventId, String body, String signature, String authorization, int answered) {
    }

    @BeforeEach
    void prepare() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        caCertificate = ca.caCertificate();
        receiverIdentity = ca.serverIdentity("receiver", List.of("localhost"), List.of("127.0.0.1"));
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(JwtFactory.ecKey("partner-key").toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(caCertificate)).build();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void writeConfig(String retries) {
        writeConfig(retries, "[request_refused, config_reloaded]");
    }

    private void writeConfig(String retries, String types) {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        int asPort = FreePorts.next();
        configFile = new NodeYaml("./data", "https://localhost:" + asPort, asPort, FreePorts.next(),
                ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1")), caCertificate, FreePorts.next(),
                ca.clientIdentity("gateway-client", "Bulwark Gateway"))
                .sections("""
                        security-events:
                          webhooks:
                            - url: https://localhost:%d/hooks/bulwark
                              trusted-ca: %s
                              headers: {Authorization: "%s"}
                              types: %s
                        %s
                        """.formatted(receiverPort, caCertificate, COLLECTOR_TOKEN, types, retries.indent(2)))
                .writeTo(dir.resolve("bulwark.yaml"));
    }

    private void startNode() {
        node = BulwarkNode.start(ConfigLoader.load(configFile), Clock.systemUTC());
    }

    /** Answers {@code failWith} while failures are left, then 204; records every attempt. */
    private void startReceiver() {
        receiver = vertx.createHttpServer(TlsPolicy.server(receiverIdentity)).requestHandler(request -> request.body().onSuccess(body -> {
            int status = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? failWith : 204;
            received.add(new Received(System.nanoTime(), request.getHeader("Bulwark-Event-Id"), body.toString(StandardCharsets.UTF_8),
                    request.getHeader(EventSignature.HEADER), request.getHeader("Authorization"), status));
            request.response().setStatusCode(status).end();
        })).listen(receiverPort, "localhost").toCompletionStage().toCompletableFuture().join();
    }

    private void stopReceiver() {
        receiver.close().toCompletionStage().toCompletableFuture().join();
    }

    private HttpResponse<String> gateway(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.gatewayPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Received> delivered() {
        synchronized (received) {
            return received.stream().filter(r -> r.answered() / 100 == 2).toList();
        }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", within, what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aFailingReceiverGetsEveryEventOnceSignedWithThePublishedKeyAfterGrowingWaits() throws Exception {
        writeConfig("initial-backoff: 200ms\nmax-backoff: 1s\n");
        failuresLeft.set(5);
        startReceiver();
        startNode();

        assertThat(gateway("/bank/v1/cards/" + PAN).statusCode()).isEqualTo(404);
        assertThat(gateway("/bank/v1/tokens/" + JWT_IN_PATH).statusCode()).isEqualTo(404);
        assertThat(gateway("/bank/v1/not-declared").statusCode()).isEqualTo(404);
        assertThat(node.reload(ConfigLoader.load(configFile)).applied()).isTrue();

        await("four events delivered", Duration.ofSeconds(30), () -> delivered().size() >= 4);
        Thread.sleep(500);
        List<Received> delivered = delivered();
        List<JsonNode> bodies = delivered.stream().map(r -> read(r.body())).toList();

        // At least once with an idempotency id; here each id was acknowledged exactly once and in the order emitted.
        assertThat(delivered).hasSize(4);
        assertThat(delivered.stream().map(Received::eventId).distinct()).hasSize(4);
        assertThat(bodies.stream().map(body -> body.path("type").asText()))
                .containsExactly("request_refused", "request_refused", "request_refused", "config_reloaded");
        assertThat(delivered).allSatisfy(r -> {
            assertThat(read(r.body()).path("id").asText()).isEqualTo(r.eventId());
            assertThat(r.authorization()).as("the configured header").isEqualTo(COLLECTOR_TOKEN);
            assertThat(r.body()).doesNotContain(PAN).doesNotContain(JWT_IN_PATH).doesNotContain("eyJhbGciOiJFUzI1NiJ9.")
                    .doesNotContain(COLLECTOR_TOKEN);
        });
        assertThat(bodies.getFirst().path("details").path("path").asText()).isEqualTo("/bank/v1/cards/************1111");
        assertThat(bodies.get(1).path("details").path("path").asText()).isEqualTo("/bank/v1/tokens/[jwt]");
        assertThat(bodies.getFirst().path("details").path("problem").asText()).isEqualTo("undeclared-route");

        // Each signature verifies with the key of that kid at the gateway's JWKS.
        JWKSet published = JWKSet.parse(gateway("/.well-known/jwks.json").body());
        for (Received r : delivered) {
            JWSObject jws = JWSObject.parse(r.signature(), new Payload(r.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(jws.getHeader().getType()).isEqualTo(EventSignature.TYPE);
            ECKey key = published.getKeyByKeyId(jws.getHeader().getKeyID()).toECKey();
            assertThat(jws.verify(new ECDSAVerifier(key))).as("signature of %s", r.eventId()).isTrue();
            String tampered = r.body().replace("\"id\":\"", "\"id\":\"0");
            assertThat(JWSObject.parse(r.signature(), new Payload(tampered.getBytes(StandardCharsets.UTF_8))).verify(new ECDSAVerifier(key)))
                    .isFalse();
        }

        // The first event met the five failures: the waits between its attempts grew (equal jitter: at least half of 200, 400, 800 ms, 1 s cap).
        String first = delivered.getFirst().eventId();
        List<Long> attempts = received.stream().filter(r -> r.eventId().equals(first)).map(Received::atNanos).toList();
        assertThat(attempts).hasSize(6);
        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gapsMillis.add((attempts.get(i) - attempts.get(i - 1)) / 1_000_000);
        }
        System.out.println("webhook backoff between attempts (ms): " + gapsMillis);
        long[] floors = {100, 200, 400, 500, 500};
        for (int i = 0; i < floors.length; i++) {
            assertThat(gapsMillis.get(i)).as("wait %d of %s", i + 1, gapsMillis).isGreaterThanOrEqualTo(floors[i]);
        }
        var delivery = node.securityEvents().deliveries().getFirst();
        assertThat(delivery.delivered()).isEqualTo(4);
        assertThat(delivery.failedAttempts()).isEqualTo(5);
        assertThat(delivery.deadLettered()).isZero();
        assertThat(delivery.pending()).isZero();
    }

    @Test
    void aReceiverThatNeverRecoversLeavesTheEventsInTheDeadLetterFile() throws Exception {
        writeConfig("initial-backoff: 100ms\nmax-backoff: 300ms\ngive-up-after: 2s\n");
        failuresLeft.set(Integer.MAX_VALUE);
        startReceiver();
        startNode();

        assertThat(gateway("/bank/v1/cards/" + PAN).statusCode()).isEqualTo(404);
        Path deadLetters = dir.resolve("data/security-events/dead-letter.jsonl");
        await("the event in the dead-letter file", Duration.ofSeconds(30),
                () -> Files.exists(deadLetters) && node.securityEvents().deliveries().getFirst().deadLettered() == 1);

        List<String> lines = Files.readAllLines(deadLetters);
        assertThat(lines).hasSize(1);
        JsonNode line = read(lines.getFirst());
        String id = line.path("event").path("id").asText();
        int attempts = line.path("attempts").asInt();
        assertThat(line.path("webhook").asText()).isEqualTo("https://localhost:" + receiverPort + "/hooks/bulwark");
        assertThat(line.path("last_error").asText()).isEqualTo("HTTP 500");
        assertThat(line.path("event").path("type").asText()).isEqualTo("request_refused");
        assertThat(lines.getFirst()).doesNotContain(PAN).doesNotContain(COLLECTOR_TOKEN);
        assertThat(attempts).as("retried for the 2 s budget at waits of 50-300 ms").isGreaterThanOrEqualTo(5);
        assertThat(received.stream().filter(r -> r.eventId().equals(id)).count()).isEqualTo(attempts);
        assertThat(delivered()).isEmpty();
    }

    @Test
    void aReceiverThatRefusesTheEventForGoodSendsItToTheDeadLetterFileAtOnce() throws Exception {
        writeConfig("initial-backoff: 100ms\nmax-backoff: 300ms\n");
        failWith = 400;
        failuresLeft.set(1);
        startReceiver();
        startNode();

        assertThat(gateway("/bank/v1/first").statusCode()).isEqualTo(404);
        await("the event dead-lettered", Duration.ofSeconds(30), () -> node.securityEvents().deliveries().getFirst().deadLettered() == 1);
        assertThat(gateway("/bank/v1/second").statusCode()).isEqualTo(404);
        await("the next event delivered", Duration.ofSeconds(30), () -> delivered().size() == 1);

        assertThat(received).hasSize(2);
        assertThat(read(Files.readAllLines(dir.resolve("data/security-events/dead-letter.jsonl")).getFirst()).path("last_error").asText())
                .isEqualTo("HTTP 400");
    }

    @Test
    void eventsPendingAtShutdownAreDeliveredAfterTheNodeStartsAgainOnTheSameDataFolder() throws Exception {
        writeConfig("initial-backoff: 100ms\nmax-backoff: 500ms\n");
        // No receiver yet: every attempt is a refused connection.
        startNode();
        assertThat(gateway("/bank/v1/one").statusCode()).isEqualTo(404);
        assertThat(gateway("/bank/v1/two").statusCode()).isEqualTo(404);
        assertThat(node.reload(ConfigLoader.load(configFile)).applied()).isTrue();
        await("three events waiting in the outbox", Duration.ofSeconds(10),
                () -> node.securityEvents().deliveries().getFirst().pending() == 3
                        && node.securityEvents().deliveries().getFirst().failedAttempts() >= 2);
        node.close();
        node = null;

        startReceiver();
        startNode();
        await("the three events delivered after the restart", Duration.ofSeconds(30), () -> delivered().size() >= 3);
        Thread.sleep(500);

        List<Received> delivered = delivered();
        assertThat(delivered).hasSize(3);
        assertThat(delivered.stream().map(Received::eventId).distinct()).hasSize(3);
        assertThat(delivered.stream().map(r -> read(r.body()).path("details").path("path").asText("")))
                .containsExactly("/bank/v1/one", "/bank/v1/two", "");
        assertThat(node.securityEvents().deliveries().getFirst().pending()).isZero();

        // The reload is in the audit trail too, in the same chain as the requests.
        List<ChainedAuditRecord> records = node.store().auditRecords().after(0, 1_000);
        Set<String> securityEvents = records.stream().filter(r -> r.decision().equals("security_event"))
                .map(r -> read(r.eventJson()).path("reason").asText()).collect(Collectors.toSet());
        assertThat(securityEvents).contains("config_reloaded");
        assertThat(node.auditVerifier().verify(node.store().auditRecords()).intact()).isTrue();
    }

    @Test
    void aKeyRotatedByAgeIsAnEventForTheWebhookAndTheAuditTrail() throws Exception {
        writeConfig("initial-backoff: 100ms\n", "[signing_key_rotated]");
        startReceiver();
        MutableClock clock = MutableClock.atNow();
        node = BulwarkNode.start(ConfigLoader.load(configFile), clock);
        node.close();
        // The same data folder 91 days later: the three signing keys are past their 90 days, and are rotated at start.
        clock.advance(Duration.ofDays(91));
        node = BulwarkNode.start(ConfigLoader.load(configFile), clock);

        await("three rotations delivered", Duration.ofSeconds(30), () -> delivered().size() >= 3);
        List<JsonNode> rotations = delivered().stream().map(r -> read(r.body())).toList();
        assertThat(rotations).allSatisfy(body -> assertThat(body.path("type").asText()).isEqualTo("signing_key_rotated"));
        assertThat(rotations.stream().map(body -> body.path("details").path("purpose").asText()))
                .containsExactlyInAnyOrder("access-token", "gateway-identity", "audit-checkpoint");
        assertThat(rotations.stream().map(body -> body.path("details").path("kid").asText()))
                .contains(node.identityKeys().publicJwks().getKeys().getLast().getKeyID());
        // One audit record per rotation: the node's own (AuditTrailLifecycleTest), not a second copy of the event.
        await("the three rotations in the audit trail", Duration.ofSeconds(10), () -> node.store().auditRecords().after(0, 1_000).stream()
                .filter(r -> read(r.eventJson()).path("reason").asText().equals("signing_key_rotated")).count() == 3);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
