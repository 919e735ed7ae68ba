package io.bulwark.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.audit.AuditCheckpoint;
import io.bulwark.audit.AuditCheckpointVerifier;
import io.bulwark.audit.AuditCheckpointer;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.AuditConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.MasterKey;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints POSTed to a real HTTPS receiver (its certificate from a CA named in {@code audit.checkpoints.webhook.ca}) that
 * fails, then recovers: the failure is a security event, and the checkpoint it missed is delivered before the next one.
 */
class AuditCheckpointWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Vertx vertx;

    @AfterEach
    void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aFailingReceiverGetsTheMissedCheckpointOnceItRecoversAndTheFailureIsAnEvent() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(503);
        vertx = Vertx.vertx();
        int port = vertx.createHttpServer(TlsPolicy.server(ca.serverIdentity("siem", List.of("localhost"), List.of())))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    if (status.get() == 200) {
                        received.add(body.toString());
                    }
                    request.response().setStatusCode(status.get()).end();
                })).listen(0, "localhost").toCompletionStage().toCompletableFuture().join().actualPort();

        MasterKey masterKey = MasterKey.createIfMissing(dir.resolve("master.key"));
        AuditConfig config = new AuditConfig(1, Duration.ofHours(1), Optional.empty(), Optional.of(new AuditConfig.Webhook(
                URI.create("https://localhost:" + port + "/checkpoints"), Optional.of(ca.caCertificate()))));
        List<SecurityEvent> events = new CopyOnWriteArrayList<>();
        Clock clock = Clock.systemUTC();
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock);
             GroupCommitAuditTrail trail = AuditIntegrity.of(masterKey, dir.resolve("data")).trail(store.auditWriter())) {
            SigningKeyRing keys = AuditCheckpointing.keys(store, new AesGcmKeySealer(masterKey), clock, Duration.ofMinutes(10));
            AuditCheckpointer checkpointer = AuditCheckpointing.checkpointer(config, store, keys, trail::lastCommitted, events::add, clock);

            trail.append(event(1));
            assertThat(checkpointer.checkpointIfDue()).isPresent();
            assertThat(received).isEmpty();
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo("audit_checkpoint_export_failed");
                assertThat(event.details()).containsEntry("record", "1").containsEntry("export", "webhook https://localhost:" + port);
            });

            status.set(200);
            trail.append(event(2));
            assertThat(checkpointer.checkpointIfDue()).isPresent();
            assertThat(received).hasSize(2);
            List<JsonNode> bodies = received.stream().map(AuditCheckpointWebhookTest::json).toList();
            assertThat(bodies).extracting(b -> b.get("seq").asLong()).containsExactly(1L, 2L);

            // What the receiver holds verifies with the audit-checkpoint keys alone.
            AuditCheckpointVerifier.Result result = new AuditCheckpointVerifier(
                    AuditCheckpointing.trustedKeys(store.signingKeys(KeyPurpose.AUDIT_CHECKPOINTS), new AesGcmKeySealer(masterKey)))
                    .verify(bodies.stream().map(b -> b.get("jws").asText()).toList(), "the receiver", store.auditRecords(), 1, Long.MAX_VALUE);
            assertThat(result.intact()).as(result.problem()).isTrue();
            assertThat(result.verified()).isEqualTo(2);
            assertThat(store.auditCheckpoints().all()).extracting(AuditCheckpoint::seq).containsExactly(1L, 2L);
        }
    }

    private static AuditEvent event(int n) {
        return new AuditEvent(Instant.now(), "request-" + n, AuditDecision.ALLOWED, null, null, 200, "GET", "/bank/v1/accounts", "bank",
                "listAccounts", Map.of(), "alice", "partner", "127.0.0.1", 0, 10, 100, java.util.OptionalLong.empty());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
