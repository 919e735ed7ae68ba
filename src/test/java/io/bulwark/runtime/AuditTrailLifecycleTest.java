package io.bulwark.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.audit.AuditCheckpoint;
import io.bulwark.audit.AuditCheckpointVerifier;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.audit.SystemAuditEvents;
import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started node (the demo, over HTTPS) and its audit trail: the trail's start and stop are records (PCI DSS v4.0
 * 10.2.1.6), each checkpointed and copied to the exported file; the audit-checkpoint keys are published at the authorization
 * server's {@code /audit/jwks.json} and verify that file; invalid access attempts are recorded (10.2.1.4): a refused gateway
 * request in the trail, a failed client authentication as a security event.
 */
class AuditTrailLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> securityEvents = new ListAppender<>();
    private Demo demo;

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("bulwark.security")).detachAppender(securityEvents);
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void startAndStopAreRecordedAndCheckpointedAndThePublishedKeysVerifyTheExportedCheckpoints() throws Exception {
        securityEvents.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(securityEvents);
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"))).build();

        List<ChainedAuditRecord> atStart = demo.node().store().auditRecords().after(0, 10);
        assertThat(atStart).singleElement().satisfies(record -> {
            JsonNode json = JSON.readTree(record.eventJson());
            assertThat(json.get("reason").asText()).isEqualTo(SystemAuditEvents.TRAIL_STARTED);
            assertThat(json.get("api").asText()).isEqualTo(SystemAuditEvents.NODE);
            assertThat(json.at("/objects/node").asText()).isNotBlank();
        });
        assertThat(demo.node().store().auditCheckpoints().latest()).get().extracting(AuditCheckpoint::seq).isEqualTo(1L);

        // 10.2.1.4 at the gateway: a request with a token that is no token is refused, and the refusal is a record.
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + ports.gateway() + "/bank/v1/accounts"))
                .header("Authorization", "DPoP not-a-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        ChainedAuditRecord refusal = demo.node().store().auditRecords().after(1, 1).getFirst();
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.decision()).isEqualTo("refused");
        assertThat(refusal.requestId()).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());

        // 10.2.1.4 at the authorization server: a client that fails to authenticate is a security event, each time.
        HttpResponse<String> badClient = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + ports.authorizationServer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=demo-partner&client_assertion_type="
                        + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJhbGciOiJFUzI1NiJ9.e30.c2ln"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badClient.statusCode()).as(badClient.body()).isIn(400, 401);
        assertThat(securityEvents.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains(AuthenticationGuard.CLIENT_AUTHENTICATION_FAILED));

        // The audit-checkpoint keys, published on the authorization server's listener.
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + ports.authorizationServer()
                + AuditKeysRoute.PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
        JWKSet published = JWKSet.parse(keys.body());
        assertThat(published.getKeys()).isNotEmpty().allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(keys.body()).doesNotContain("\"d\"");
        assertThat(published.getKeys()).extracting(k -> k.getKeyID()).contains(demo.node().auditKeys().active().keyId());

        demo.close();
        demo = null;

        Path exported = dataDir.resolve(DemoEnvironment.AUDIT_CHECKPOINTS_FILE);
        List<String> lines = Files.readAllLines(exported);
        List<String> jws = new ArrayList<>();
        for (String line : lines) {
            jws.add(AuditCheckpoint.jwsOfJsonLine(line));
        }
        try (JdbcStore store = JdbcStore.embedded(dataDir, Clock.systemUTC())) {
            List<ChainedAuditRecord> all = store.auditRecords().after(0, 100);
            ChainedAuditRecord last = all.getLast();
            assertThat(JSON.readTree(last.eventJson()).get("reason").asText()).isEqualTo(SystemAuditEvents.TRAIL_STOPPED);
            assertThat(store.auditCheckpoints().latest()).get().extracting(AuditCheckpoint::seq).isEqualTo(last.seq());
            // The exported copy, checked with nothing but the keys the running node published.
            AuditCheckpointVerifier.Result result = new AuditCheckpointVerifier(published)
                    .verify(jws, exported.toString(), store.auditRecords(), 1, Long.MAX_VALUE);
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.newest()).as("the stop record is vouched for").isEqualTo(last.seq());
        }
    }

    @Test
    void keysRotatedByAgeAreAuditRecords() throws Exception {
        // A node ran 100 days ago (its keys are that old); started today, it rotates every ring at once, and says so in the trail.
        demo = Demo.start(dataDir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()),
                new io.bulwark.testing.MutableClock(java.time.Instant.now().minus(java.time.Duration.ofDays(100))));
        demo.close();
        demo = Demo.start(dataDir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()), Clock.systemUTC());

        List<JsonNode> rotations = new ArrayList<>();
        for (ChainedAuditRecord record : demo.node().store().auditRecords().after(0, 100)) {
            JsonNode json = JSON.readTree(record.eventJson());
            if ("signing_key_rotated".equals(json.path("reason").asText())) {
                rotations.add(json);
            }
        }
        assertThat(rotations).extracting(json -> json.at("/objects/purpose").asText())
                .containsExactlyInAnyOrder("access-token", "gateway-identity", "audit-checkpoint");
        assertThat(rotations).allSatisfy(json -> {
            assertThat(json.get("api").asText()).isEqualTo(SystemAuditEvents.NODE);
            assertThat(json.at("/objects/key_id").asText()).isNotBlank();
        });
    }
}
