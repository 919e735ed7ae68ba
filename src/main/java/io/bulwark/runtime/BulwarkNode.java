package io.bulwark.runtime;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditChainWatch;
import io.bulwark.audit.DecisionDispatcher;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.audit.PublishingAuditTrail;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.jose.CryptoProviders;
import io.bulwark.observability.AuthorizationServerMetrics;
import io.bulwark.observability.GatewayTrafficMetrics;
import io.bulwark.observability.NodeGauges;
import io.bulwark.observability.NodeMetrics;
import io.bulwark.observability.PipelineMetrics;
import io.bulwark.observability.RateLimitDecisionMetrics;
import io.bulwark.observability.SecurityEventMetrics;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.http.AddressRateLimit;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.oauth.users.UserAccounts;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.runtime.StoreFactory;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.MasterKey;
import io.bulwark.store.Store;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Bulwark node: the authorization server and the gateway of one configuration, on one Vert.x instance
 * and one store, with the capabilities attached at start. It starts, reloads and closes; the wiring is in
 * {@link AuthorizationServerAssembly} and {@link GatewayAssembly}. {@link #close()} stops listening, then closes the store.
 */
public final class BulwarkNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkNode.class);
    // Requests already on their way when a reload swaps the APIs keep the old upstream clients this long.
    private static final Duration OLD_CLIENTS_GRACE = Duration.ofSeconds(30);

    /** What the node holds besides its configuration; built once by {@link #start}. */
    private record Parts(Vertx vertx, JdbcStore store, AbuseProtection protection, GroupCommitAuditTrail auditTrail,
                         AuditIntegrity audit, List<DecisionDispatcher> decisions, Extensions extensions,
                         AuthorizationServerAssembly authorizationServer, GatewayAssembly gateway,
                         AtomicReference<RateLimitPolicies> addressPolicies, int authorizationServerPort, int gatewayPort,
                         NodeMetrics metrics) {
    }

    private final Parts parts;
    private final AtomicReference<GatewayPipeline> pipeline;
    private final InstantSource clock;
    private BulwarkConfig config;
    // Read by the metrics' scrape on another thread; replaced by a reload.
    private volatile ApiRuntimes apis;

    private BulwarkNode(Parts parts, AtomicReference<GatewayPipeline> pipeline, ApiRuntimes apis, BulwarkConfig config,
                        InstantSource clock) {
        this.parts = parts;
        this.pipeline = pipeline;
        this.apis = apis;
        this.config = config;
        this.clock = clock;
    }

    /** What a reload did: applied, or refused with the reason (the running configuration is then unchanged). */
    public record ReloadOutcome(boolean applied, String message) {
    }

    /**
     * Applies {@code next} to the running node, all or nothing: the APIs (routes, OpenAPI documents,
     * upstreams), the gateway's token settings and the clients. Anything that needs new listeners
     * or another store is refused with the keys that differ, and the node keeps serving as before.
     */
    public synchronized ReloadOutcome reload(BulwarkConfig next) {
        List<String> restartOnly = RestartRequired.differences(config, next);
        if (!restartOnly.isEmpty()) {
            return new ReloadOutcome(false, "not applied: changing " + String.join(", ", restartOnly) + " needs a restart");
        }
        ApiRuntimes nextApis = null;
        GatewayPipeline nextPipeline;
        RateLimitPolicies nextAddressPolicies;
        try {
            nextApis = ApiRuntimes.build(next.gateway().apis(), parts.vertx(), clock);
            nextPipeline = parts.gateway().pipeline(next.gateway(), next.protection(), nextApis);
            nextAddressPolicies = RateLimitPolicies.addressWideOnly(next.protection().rateLimits());
        } catch (RuntimeException e) {
            if (nextApis != null) {
                nextApis.close();
            }
            return new ReloadOutcome(false, "not applied: " + e.getMessage());
        }
        // Only now, with everything built, does anything change: clients first, then the swap.
        ClientRegistration.register(parts.store(), next.clients(), clock);
        pipeline.set(nextPipeline);
        parts.addressPolicies().set(nextAddressPolicies);
        ApiRuntimes previous = apis;
        apis = nextApis;
        config = next;
        parts.vertx().setTimer(OLD_CLIENTS_GRACE.toMillis(), id -> previous.close());
        LOG.info("configuration reloaded; gateway pipeline: {}", String.join(" -> ", nextPipeline.describe()));
        return new ReloadOutcome(true, "applied: " + next.gateway().apis().size() + " APIs, " + next.clients().size() + " clients");
    }

    /** Starts a node without extensions, as `bulwark serve` does. */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock) {
        // No account directory is configured yet for `serve`: consent then grants no account access (fail closed).
        return start(config, clock, AccountDirectory.NONE, Extensions.NONE);
    }

    /** Starts a node with the directory that names users' accounts on the consent page, without extensions. */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock, AccountDirectory accounts) {
        return start(config, clock, accounts, Extensions.NONE);
    }

    /**
     * Starts a node with the capabilities in {@code extensions} attached: the one way to attach them. The node's own
     * metrics are always attached: their decision listener and their {@code /metrics} route join {@code extensions}. On any failure,
     * whatever was started is stopped again before the exception leaves, so nothing is left half-running.
     */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock, AccountDirectory accounts, Extensions requested) {
        Vertx vertx = VertxRuntime.create();
        NodeMetrics metrics = new NodeMetrics();
        JdbcStore store = null;
        AbuseProtection protection = null;
        GroupCommitAuditTrail auditTrail = null;
        List<DecisionDispatcher> decisions = new ArrayList<>();
        try {
            store = StoreFactory.open(config.store(), config.dataDir(), clock);
            store.trackPool(new MicrometerMetricsTrackerFactory(metrics.registry()));
            Extensions extensions = requested
                    .withDecisionListener(new GatewayTrafficMetrics(metrics.registry(), new RegisteredClientCheck(store.clients())))
                    .withManagementRoutes(new MetricsRoutes(metrics));
            SecurityEventSink logged = new LoggingSecurityEventSink();
            SecurityEventSink counted = new SecurityEventMetrics(metrics.registry());
            SecurityEventSink events = event -> {
                logged.record(event);
                counted.record(event);
            };
            protection = AbuseProtection.start(config.protection(), store, events, clock,
                    limiter -> new RateLimitDecisionMetrics(limiter, metrics.registry()));
            MasterKey masterKey = MasterKey.load(config.masterKey());
            AesGcmKeySealer sealer = new AesGcmKeySealer(masterKey);
            AuditIntegrity audit = AuditIntegrity.of(masterKey, config.dataDir());
            auditTrail = audit.trail(store.auditWriter());
            // Before the first check: records of before the keyed chain are sealed, so the check can demand a keyed newest record.
            if (io.bulwark.audit.LegacyChainSeal.sealIfUnkeyed(store.auditRecords(), auditTrail, clock.instant())) {
                LOG.info("audit: the records written before the keyed chain are sealed by a keyed record");
            }
            AuditCheckSchedule.start(vertx, new AuditChainWatch(audit.verifier(), store.auditRecords(), events, clock));
            ClientRegistration.register(store, config.clients(), clock);
            extensions.decisionListeners().forEach(listener -> decisions.add(
                    new DecisionDispatcher(listener, extensions.decisionQueueCapacity())));

            AuthorizationServerAssembly as = AuthorizationServerAssembly.build(config, store, sealer, masterKey, protection, events,
                    accounts, new AuthorizationServerMetrics(metrics.registry()), clock);
            GatewayAssembly gateway = new GatewayAssembly(store, store.grants(), sealer, masterKey,
                    config.authorizationServer().signingKeyPublicationLead(), protection, events,
                    new PublishingAuditTrail(auditTrail, decisions), clock);
            KeyRotationSchedule.start(vertx, config.authorizationServer().signingKeyMaxAge(),
                    List.of(as.signingKeys(), gateway.identityKeys()));
            // The rate-limit policies keyed by address alone also cover the authorization server; a reload replaces them.
            AtomicReference<RateLimitPolicies> addressPolicies = new AtomicReference<>(
                    RateLimitPolicies.addressWideOnly(config.protection().rateLimits()));
            ConnectionGuard asConnections = new ConnectionGuard(config.protection().limits());
            int asPort = as.listen(vertx, config, new AddressRateLimit(addressPolicies::get, protection.rateLimiter()), asConnections);

            ApiRuntimes apis = ApiRuntimes.build(config.gateway().apis(), vertx, clock);
            AtomicReference<GatewayPipeline> current = new AtomicReference<>(
                    gateway.pipeline(config.gateway(), config.protection(), apis));
            ConnectionGuard gatewayConnections = new ConnectionGuard(config.protection().limits());
            int gatewayPort = gateway.listen(vertx, config.gateway(), config.protection().limits(), current::get, gatewayConnections);
            NodeGauges gauges = new NodeGauges(metrics.registry()).auditTrail(auditTrail).decisionDispatchers(decisions)
                    .keyAge(KeyPurpose.ACCESS_TOKENS.column(), as.signingKeys()::activeSince, clock)
                    .keyAge(KeyPurpose.GATEWAY_IDENTITY.column(), gateway.identityKeys()::activeSince, clock)
                    .openConnections("authorization_server", asConnections::openConnections)
                    .openConnections("gateway", gatewayConnections::openConnections);
            protection.redis().ifPresent(redis -> gauges.redis(redis::answers));
            LOG.info("gateway pipeline: {}", String.join(" -> ", current.get().describe()));
            if (CryptoProviders.active().isNative()) {
                LOG.info("signature cryptography: {}", CryptoProviders.active().describe());
            } else {
                // A warning: each signature then costs 2-7x more CPU (docs/PERFORMANCE.md), which capacity plans should know.
                LOG.warn("signature cryptography: {}", CryptoProviders.active().describe());
            }
            LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native epoll" : "Java NIO (" + vertx.unavailableNativeTransportCause() + ")");
            extensions.decisionListeners().forEach(listener -> LOG.info("decision listener attached: {}", listener.name()));
            extensions.managementRoutes().forEach(routes -> LOG.info("management routes registered: {}", routes.name()));
            Parts parts = new Parts(vertx, store, protection, auditTrail, audit, List.copyOf(decisions), extensions, as, gateway,
                    addressPolicies, asPort, gatewayPort, metrics);
            BulwarkNode node = new BulwarkNode(parts, current, apis, config, clock);
            PipelineMetrics pipelineMetrics = new PipelineMetrics(metrics.registry(), () -> node.pipeline.get().counters(),
                    () -> node.apis.circuitStates());
            metrics.beforeEachScrape(pipelineMetrics::refresh);
            return node;
        } catch (RuntimeException e) {
            // Closing Vert.x closes every upstream client created on it too.
            vertx.close().toCompletionStage().toCompletableFuture().join();
            decisions.forEach(DecisionDispatcher::close);
            if (protection != null) {
                protection.close();
            }
            if (auditTrail != null) {
                auditTrail.close();
            }
            if (store != null) {
                store.close();
            }
            metrics.close();
            throw e;
        }
    }

    public int authorizationServerPort() {
        return parts.authorizationServerPort();
    }

    public int gatewayPort() {
        return parts.gatewayPort();
    }

    /** The gateway's steps in order, as declared. */
    public List<String> pipelineSteps() {
        return pipeline.get().describe();
    }

    /** The gateway's identity-assertion keys, published at the gateway's {@code /.well-known/jwks.json}. */
    public SigningKeyRing identityKeys() {
        return parts.gateway().identityKeys();
    }

    /** The authorization server's signing keys (tests use the active key to forge tokens with a genuine signature). */
    public SigningKeyRing signingKeys() {
        return parts.authorizationServer().signingKeys();
    }

    public Store store() {
        return parts.store();
    }

    /** Verifies this node's audit chain with its key and tail anchor, as `bulwark audit verify` does. */
    public AuditChainVerifier auditVerifier() {
        return parts.audit().verifier();
    }

    /** Creates and updates the users who sign in (the demo registers its customers here). */
    public UserAccounts users() {
        return parts.authorizationServer().users();
    }

    /** One dispatcher per decision listener attached at start, with its delivered, dropped and failed counts. */
    public List<DecisionDispatcher> decisionDispatchers() {
        return parts.decisions();
    }

    /** The management routes registered at start, in order, for the management listener to mount. */
    public List<ManagementRoutes> managementRoutes() {
        return parts.extensions().managementRoutes();
    }

    @Override
    public void close() {
        parts.vertx().close().toCompletionStage().toCompletableFuture().join();
        parts.decisions().forEach(DecisionDispatcher::close);
        parts.protection().close();
        parts.auditTrail().close();
        parts.store().close();
        parts.metrics().close();
    }

    /** The node's meters (Prometheus), served at {@code /metrics} by {@link MetricsRoutes} among {@link #managementRoutes()}. */
    public NodeMetrics metrics() {
        return parts.metrics();
    }
}
