package io.bulwark.runtime;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.bulwark.anomaly.AlertSink;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditChainWatch;
import io.bulwark.audit.AuditCheckpointer;
import io.bulwark.audit.SystemAuditEvents;
import io.bulwark.audit.DecisionDispatcher;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.audit.PublishingAuditTrail;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.events.RefusalEvents;
import io.bulwark.events.SecurityEventHub;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.TraceContext;
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
import io.bulwark.observability.ReadinessChecks;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.runtime.StoreFactory;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.MasterKey;
import io.bulwark.store.Store;
import io.bulwark.tracing.TracingExport;
import io.bulwark.store.StoredSigningKey;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Bulwark node: the authorization server, the gateway and the management listener of one configuration, on
 * one Vert.x instance and one store, with the capabilities attached at start. It starts, reloads and closes; the wiring is
 * in {@link AuthorizationServerAssembly}, {@link GatewayAssembly} and {@link ManagementListener}. {@link #close()} stops
 * listening, then closes the store.
 */
public final class BulwarkNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkNode.class);
    // Requests already on their way when a reload swaps the APIs keep the old upstream clients this long.
    private static final Duration OLD_CLIENTS_GRACE = Duration.ofSeconds(30);

    /** What the node holds besides its configuration; built once by {@link #start}. */
    private record Parts(Vertx vertx, JdbcStore store, AbuseProtection protection, GroupCommitAuditTrail auditTrail,
                         AuditIntegrity audit, AuditCheckpointer checkpointer, SigningKeyRing auditKeys, SecurityEventsOut securityEvents,
                         List<DecisionDispatcher> decisions, Extensions extensions,
                         AuthorizationServerAssembly authorizationServer, GatewayAssembly gateway,
                         AtomicReference<RateLimitPolicies> addressPolicies, TracingExport tracing, RequestTracing requestTracing,
                         int authorizationServerPort, int gatewayPort, int managementPort, NodeMetrics metrics,
                         AnomalyDetection anomaly) {
    }

    private final Parts parts;
    private final AtomicReference<GatewayPipeline> pipeline;
    private final InstantSource clock;
    // Read by the management listener's readiness check too, hence shared as a reference.
    private final AtomicReference<ApiRuntimes> apis;
    private BulwarkConfig config;

    private BulwarkNode(Parts parts, AtomicReference<GatewayPipeline> pipeline, AtomicReference<ApiRuntimes> apis, BulwarkConfig config,
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
        ReloadOutcome outcome = apply(next);
        parts.securityEvents().hub().record(new SecurityEvent(clock.instant(), outcome.applied() ? "config_reloaded" : "config_reload_refused",
                io.bulwark.audit.RequestIds.next(), null, Map.of("outcome", outcome.message(),
                        "source", next.source().map(Object::toString).orElse("(in code)"))));
        return outcome;
    }

    private ReloadOutcome apply(BulwarkConfig next) {
        List<String> restartOnly = RestartRequired.differences(config, next);
        if (!restartOnly.isEmpty()) {
            return new ReloadOutcome(false, "not applied: changing " + String.join(", ", restartOnly) + " needs a restart");
        }
        ApiRuntimes nextApis = null;
        GatewayPipeline nextPipeline;
        RateLimitPolicies nextAddressPolicies;
        try {
            nextApis = ApiRuntimes.build(next.gateway().apis(), parts.vertx(), clock, parts.requestTracing());
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
        ApiRuntimes previous = apis.getAndSet(nextApis);
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
     * metrics, unless `management.metrics` is false, join {@code extensions}: their decision listener and their {@code /metrics}
     * route. On any failure,
     * whatever was started is stopped again before the exception leaves, so nothing is left half-running.
     */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock, AccountDirectory accounts, Extensions requested) {
        Vertx vertx = VertxRuntime.create();
        NodeMetrics metrics = config.management().metrics() ? NodeMetrics.kept() : NodeMetrics.off();
        JdbcStore store = null;
        AbuseProtection protection = null;
        GroupCommitAuditTrail auditTrail = null;
        SecurityEventsOut securityEvents = null;
        List<DecisionDispatcher> decisions = new ArrayList<>();
        TracingExport tracing = null;
        AnomalyDetection anomaly = null;
        AnomalyResponses responses;
        try {
            tracing = TracingExport.start(config.tracing());
            RequestTracing requestTracing = new RequestTracing(tracing.tracer(),
                    new TraceContext(config.tracing().trustedTraceparentFrom()));
            store = StoreFactory.open(config.store(), config.dataDir(), clock);
            if (metrics.enabled()) {
                store.trackPool(new MicrometerMetricsTrackerFactory(metrics.registry()));
            }
            MasterKey masterKey = MasterKey.load(config.masterKey());
            AesGcmKeySealer sealer = new AesGcmKeySealer(masterKey);
            AuditIntegrity audit = AuditIntegrity.of(masterKey, config.dataDir());
            auditTrail = audit.trail(store.auditWriter());
            // Every security event goes through the hub (log, audit trail, stream, webhooks); the gateway's own refusals are
            // logged by its SecurityEventStep and reach the hub off the request path, as decision events.
            securityEvents = SecurityEventsOut.open(config.securityEvents(), config.dataDir(), auditTrail);
            SecurityEventHub hub = securityEvents.hub();
            // Each event is counted where it is raised: the gateway's refusals by its SecurityEventStep (logged there), the
            // rest as they enter the hub; the hub's forwarded copies (refusals, rotations) are not counted again.
            SecurityEventSink counted = new SecurityEventMetrics(metrics.registry());
            SecurityEventSink events = event -> {
                hub.record(event);
                counted.record(event);
            };
            SecurityEventSink logged = new LoggingSecurityEventSink();
            SecurityEventSink gatewayEvents = event -> {
                logged.record(event);
                counted.record(event);
            };
            // Anomaly alerts go to the security events (and their metric) and to the responses, which act per anomaly.responses.
            responses = AnomalyResponses.start(vertx, config.anomaly().responses(), store, events, clock);
            List<AlertSink> alertSinks = new ArrayList<>(AnomalyDetection.sinks(events, metrics.registry()));
            alertSinks.add(responses.sink());
            anomaly = AnomalyDetection.start(config.anomaly(), store, alertSinks, clock);
            Extensions always = anomaly.attachTo(requested).withDecisionListener(new RefusalEvents(hub))
                    .withManagementRoutes(securityEvents.routes()).withManagementRoutes(responses.routes());
            // The node's own metrics: their decision listener and their /metrics route. Off, the other parts count into
            // no-op meters and nothing is attached.
            Extensions attached = metrics.enabled()
                    ? always.withDecisionListener(new GatewayTrafficMetrics(metrics.registry(), new RegisteredClientCheck(store.clients())))
                            .withManagementRoutes(new MetricsRoutes(metrics))
                    : always;
            protection = AbuseProtection.start(config.protection(), store, events, clock, metrics.enabled()
                    ? limiter -> new RateLimitDecisionMetrics(limiter, metrics.registry()) : limiter -> limiter);
            // Before the first check: records of before the keyed chain are sealed, so the check can demand a keyed newest record.
            if (io.bulwark.audit.LegacyChainSeal.sealIfUnkeyed(store.auditRecords(), auditTrail, clock.instant())) {
                LOG.info("audit: the records written before the keyed chain are sealed by a keyed record");
            }
            AuditCheckSchedule.start(vertx, new AuditChainWatch(audit.verifier(), store.auditRecords(), events, clock));
            // PCI DSS v4.0 10.2.1.6: the start of the audit trail is itself recorded, and checkpointed at once.
            auditTrail.append(SystemAuditEvents.trailStarted(clock.instant(), NodeName.local()));
            SigningKeyRing auditKeys = AuditCheckpointing.keys(store, sealer, clock, config.authorizationServer().signingKeyPublicationLead());
            GroupCommitAuditTrail committing = auditTrail;
            AuditCheckpointer checkpointer = AuditCheckpointing.checkpointer(config.audit(), store, auditKeys, committing::lastCommitted,
                    events, clock);
            checkpointer.checkpointNow();
            AuditCheckpointSchedule.start(vertx, checkpointer);
            ClientRegistration.register(store, config.clients(), clock);
            attached.decisionListeners().forEach(listener -> decisions.add(
                    new DecisionDispatcher(listener, attached.decisionQueueCapacity())));

            AuthorizationServerAssembly as = AuthorizationServerAssembly.build(config, store, sealer, masterKey, protection, events,
                    accounts, new AuthorizationServerMetrics(metrics.registry()), clock);
            GatewayAssembly gateway = new GatewayAssembly(store, store.grants(), sealer, masterKey,
                    config.authorizationServer().signingKeyPublicationLead(), protection, gatewayEvents,
                    new PublishingAuditTrail(auditTrail, decisions), requestTracing, clock);
            GroupCommitAuditTrail trail = auditTrail;
            // A rotation is an audit record of its own (PCI DSS 10.2.1.5, 10.2.1.7), logged by the schedule, and sent out as a
            // security event (stream, webhooks) without a second audit record.
            KeyRotationSchedule.start(vertx, config.authorizationServer().signingKeyMaxAge(), Map.of(
                    KeyPurpose.ACCESS_TOKENS, as.signingKeys(), KeyPurpose.GATEWAY_IDENTITY, gateway.identityKeys(),
                    KeyPurpose.AUDIT_CHECKPOINTS, auditKeys), (purpose, key) -> {
                        recordRotation(trail, purpose, key, clock);
                        SecurityEvent rotated = KeyRotationSchedule.rotatedEvent(clock.instant(), purpose, key);
                        hub.forward(rotated);
                        counted.record(rotated);
                    });
            securityEvents.startDelivery(gateway.identityKeys());
            // The rate-limit policies keyed by address alone also cover the authorization server; a reload replaces them.
            AtomicReference<RateLimitPolicies> addressPolicies = new AtomicReference<>(
                    RateLimitPolicies.addressWideOnly(config.protection().rateLimits()));
            ConnectionGuard asConnections = new ConnectionGuard(config.protection().limits());
            int asPort = as.listen(vertx, config, new AddressRateLimit(addressPolicies::get, protection.rateLimiter()), auditKeys,
                    asConnections);

            AtomicReference<ApiRuntimes> apis = new AtomicReference<>(ApiRuntimes.build(config.gateway().apis(), vertx, clock, requestTracing));
            AtomicReference<GatewayPipeline> current = new AtomicReference<>(
                    gateway.pipeline(config.gateway(), config.protection(), apis.get()));
            ConnectionGuard gatewayConnections = new ConnectionGuard(config.protection().limits());
            int gatewayPort = gateway.listen(vertx, config.gateway(), config.protection().limits(), current::get, gatewayConnections);
            List<ManagementRoutes> managementRoutes = new ArrayList<>();
            managementRoutes.add(new HealthRoutes(NodeReadiness.checks(store, protection.redis(), () -> apis.get().circuitStates(),
                    as.signingKeys(), gateway.identityKeys(), config.authorizationServer(), ReadinessChecks.DEFAULT_TIMEOUT, clock)));
            managementRoutes.addAll(attached.managementRoutes());
            int managementPort = ManagementListener.start(vertx, config.management(), config.gateway().tls(), config.protection().limits(),
                    OperatorTokenHandler.of(config, store, masterKey, as.signingKeys(), clock), managementRoutes);
            NodeGauges gauges = new NodeGauges(metrics.registry()).auditTrail(auditTrail).decisionDispatchers(decisions)
                    .keyAge(KeyPurpose.ACCESS_TOKENS.column(), as.signingKeys()::activeSince, clock)
                    .keyAge(KeyPurpose.GATEWAY_IDENTITY.column(), gateway.identityKeys()::activeSince, clock)
                    .keyAge(KeyPurpose.AUDIT_CHECKPOINTS.column(), auditKeys::activeSince, clock)
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
            attached.decisionListeners().forEach(listener -> LOG.info("decision listener attached: {}", listener.name()));
            attached.managementRoutes().forEach(routes -> LOG.info("management routes registered: {}", routes.name()));
            Parts parts = new Parts(vertx, store, protection, auditTrail, audit, checkpointer, auditKeys, securityEvents, List.copyOf(decisions),
                    attached, as, gateway, addressPolicies, tracing, requestTracing, asPort, gatewayPort, managementPort, metrics, anomaly);
            BulwarkNode node = new BulwarkNode(parts, current, apis, config, clock);
            PipelineMetrics pipelineMetrics = new PipelineMetrics(metrics.registry(), () -> node.pipeline.get().counters(),
                    () -> node.apis.get().circuitStates());
            metrics.beforeEachScrape(pipelineMetrics::refresh);
            return node;
        } catch (RuntimeException e) {
            // Closing Vert.x closes every upstream client created on it too.
            vertx.close().toCompletionStage().toCompletableFuture().join();
            decisions.forEach(DecisionDispatcher::close);
            if (anomaly != null) {
                anomaly.close();
            }
            if (securityEvents != null) {
                securityEvents.close();
            }
            if (tracing != null) {
                tracing.close();
            }
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

    /** A key rotated by age is a new credential and a new system object: an audit record, not only a log line. */
    private static void recordRotation(GroupCommitAuditTrail trail, KeyPurpose purpose, StoredSigningKey key, InstantSource clock) {
        try {
            trail.append(SystemAuditEvents.keyRotated(clock.instant(), NodeName.local(), purpose.column(), key.keyId()));
        } catch (RuntimeException e) {
            LOG.warn("the rotation of signing key {} could not be recorded in the audit trail: {}", key.keyId(), e.toString());
        }
    }

    public int authorizationServerPort() {
        return parts.authorizationServerPort();
    }

    public int gatewayPort() {
        return parts.gatewayPort();
    }

    /** The management listener's port (health, metrics, the capabilities' APIs). */
    public int managementPort() {
        return parts.managementPort();
    }

    /** The names of the decision listeners attached, in the order they were attached (for start-up checks and tests). */
    public List<String> decisionListenerNames() {
        return parts.extensions().decisionListeners().stream().map(io.bulwark.audit.DecisionListener::name).toList();
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

    /** The audit-checkpoint keys, published at the authorization server's {@code /audit/jwks.json}. */
    public SigningKeyRing auditKeys() {
        return parts.auditKeys();
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

    /** The node's security events out: the hub every emitter records to, its stream, the webhooks' deliveries. */
    public SecurityEventsOut securityEvents() {
        return parts.securityEvents();
    }

    /** The management routes registered at start, in order (the security event stream last), for the management listener to mount. */
    public List<ManagementRoutes> managementRoutes() {
        return parts.extensions().managementRoutes();
    }

    /** The node's tracing: its tracer and the spans its export queue dropped, for the metrics. */
    public TracingExport tracing() {
        return parts.tracing();
    }

    @Override
    public void close() {
        parts.vertx().close().toCompletionStage().toCompletableFuture().join();
        // After the listeners: the spans of the last requests are exported before the exporter stops.
        parts.tracing().close();
        parts.decisions().forEach(DecisionDispatcher::close);
        // After the decisions stop: the windows counted so far are left in the store and the models saved.
        parts.anomaly().close();
        parts.securityEvents().close();
        parts.protection().close();
        try {
            // PCI DSS v4.0 10.2.1.6: the stop of the audit trail is its last record, and the head it leaves is signed.
            parts.auditTrail().append(SystemAuditEvents.trailStopped(clock.instant(), NodeName.local()));
            parts.checkpointer().checkpointNow();
        } catch (RuntimeException e) {
            LOG.warn("the audit trail's stop could not be recorded: {}", e.toString());
        }
        parts.auditTrail().close();
        parts.store().close();
        parts.metrics().close();
    }

    /** The node's meters (Prometheus), served at {@code /metrics} by {@link MetricsRoutes} among {@link #managementRoutes()}. */
    public NodeMetrics metrics() {
        return parts.metrics();
    }
}
