package io.bulwark.runtime;

import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code bulwark serve --check} adds to the configuration's own checks: the gateway pipeline assembled for real from
 * the configuration (its APIs' documents and contracts, upstream identities, master key, rate limits), so that a step
 * out of phase order or a fact no step provides is reported before anything starts. It touches no deployment state: a
 * throwaway embedded store, in-process rate limits and no listener.
 */
public final class PipelineCheck {

    private PipelineCheck() {
    }

    /**
     * The checked pipeline's steps with their phases.
     *
     * @throws io.bulwark.gateway.PipelineOrderException when the steps cannot form a pipeline
     */
    public static List<String> assemble(BulwarkConfig config) {
        Clock clock = Clock.systemUTC();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("bulwark-check");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch folder for the pipeline check", e);
        }
        Vertx vertx = VertxRuntime.create();
        try (JdbcStore store = JdbcStore.embedded(scratch, clock)) {
            SecurityEventSink events = event -> { };
            RateLimitsConfig limits = config.protection().rateLimits();
            // In-process buckets and counters: the check must not reach (or write to) the deployment's Redis.
            ProtectionConfig local = new ProtectionConfig(null, new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, limits.nodes(),
                    limits.clientTiers(), limits.policies()), config.protection().limits(), config.protection().authenticationGuard());
            MasterKey masterKey = MasterKey.load(config.masterKey());
            try (AbuseProtection protection = AbuseProtection.start(local, store, events, clock, limiter -> limiter);
                 GroupCommitAuditTrail trail = AuditIntegrity.of(masterKey, scratch).trail(store.auditWriter());
                 ApiRuntimes apis = ApiRuntimes.build(config.gateway().apis(), vertx, clock, RequestTracing.NONE)) {
                GatewayAssembly gateway = new GatewayAssembly(store, store.grants(), new AesGcmKeySealer(masterKey), masterKey,
                        config.authorizationServer().signingKeyPublicationLead(), protection, events, trail, RequestTracing.NONE, clock);
                GatewayPipeline pipeline = gateway.pipeline(config.gateway(), local, apis);
                return pipeline.describe();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            delete(scratch);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A scratch folder left in the temporary directory harms nothing.
        }
    }
}
