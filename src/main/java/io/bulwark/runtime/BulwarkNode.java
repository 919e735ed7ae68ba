package io.bulwark.runtime;

import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditChainWatch;
import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.gateway.CachedTokenStatus;
import io.bulwark.gateway.CircuitBreakingUpstream;
import io.bulwark.gateway.RetryingUpstream;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.http.GatewayRequestHandler;
import io.bulwark.gateway.http.VertxUpstream;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.ApiContracts;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.AccountConsentStep;
import io.bulwark.gateway.steps.CallerStep;
import io.bulwark.gateway.steps.AuditStep;
import io.bulwark.gateway.steps.CorsStep;
import io.bulwark.gateway.steps.GatewayJwksStep;
import io.bulwark.gateway.steps.IdentityAssertionStep;
import io.bulwark.gateway.steps.OwnerLookupStep;
import io.bulwark.gateway.steps.PageSizeStep;
import io.bulwark.gateway.steps.PaymentConsentStep;
import io.bulwark.gateway.steps.PaymentSingleUseStep;
import io.bulwark.gateway.steps.RateLimitStep;
import io.bulwark.gateway.steps.RequestLimitsStep;
import io.bulwark.gateway.steps.ProxyStep;
import io.bulwark.gateway.steps.RequestValidationStep;
import io.bulwark.gateway.steps.ResponseContractStep;
import io.bulwark.gateway.steps.ResponseOwnershipStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.steps.ScopeStep;
import io.bulwark.gateway.steps.SecurityEventStep;
import io.bulwark.gateway.steps.TokenStatusStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.IdentityAssertionSigner;
import io.bulwark.oauth.jwks.HttpsJwksRetriever;
import io.bulwark.oauth.AccessTokenIssuer;
import io.bulwark.oauth.AuthorizationServerMetadata;
import io.bulwark.oauth.ClientAuthenticator;
import io.bulwark.oauth.ClientCredentialsGrant;
import io.bulwark.oauth.GrantManagementEndpoint;
import io.bulwark.oauth.GuardedClientAuthentication;
import io.bulwark.oauth.IntrospectionEndpoint;
import io.bulwark.oauth.OwnTokenReader;
import io.bulwark.oauth.RevocationEndpoint;
import io.bulwark.oauth.SigningKeyRing;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.refresh.RefreshTokenReader;
import io.bulwark.oauth.http.AddressRateLimit;
import io.bulwark.oauth.http.AuthorizationServerRoutes;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.oauth.users.UserAccounts;
import io.bulwark.server.HttpsListener;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.MasterKey;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.SenderConstraint;
import io.bulwark.store.TokenSettings;
import io.bulwark.store.Store;
import io.bulwark.store.StoreFactory;
import io.bulwark.store.jdbc.JdbcStore;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Bulwark node: the authorization server and the gateway of one configuration, on
 * one Vert.x instance and one store. {@link #close()} stops listening, then closes the store.
 */
public final class BulwarkNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkNode.class);
    // Revocations and disabled clients must reach the gateway within a second: half of it for the cache.
    private static final Duration TOKEN_STATUS_TTL = Duration.ofMillis(500);
    // An ownership answer is reused for a few seconds, so a busy client does not double its calls to the API.
    private static final Duration OWNER_LOOKUP_TTL = Duration.ofSeconds(5);
    private static final int OWNER_LOOKUP_ENTRIES = 10_000;
    // How long past a token's expiry a grant's spent payment is remembered: later tokens of the grant must not pay again.
    private static final Duration SPENT_PAYMENT_RETENTION = Duration.ofDays(90);
    // The signed identity header: long enough for the upstream to check it, short enough to be useless when replayed.
    private static final Duration IDENTITY_ASSERTION_LIFETIME = IdentityAssertionSigner.LIFETIME;
    // How often a running node verifies its audit chain's tail (and at start).
    private static final Duration AUDIT_CHECK_INTERVAL = Duration.ofMinutes(5);

    private final Vertx vertx;
    private final Store store;
    private final SigningKeyRing signingKeys;
    private final int authorizationServerPort;
    private final int gatewayPort;
    private final InstantSource clock;
    private final MasterKey masterKey;
    private final AtomicReference<GatewayPipeline> pipeline;
    private final AbuseProtection protection;
    private final SecurityEventSink events;
    private final UserAccounts users;
    private final GrantStore grants;
    private final SigningKeyRing identityKeys;
    private final AtomicReference<RateLimitPolicies> addressPolicies;
    private final GroupCommitAuditTrail auditTrail;
    private final AuditIntegrity audit;
    private BulwarkConfig config;
    private List<io.vertx.core.http.HttpClient> upstreamClients;

    private BulwarkNode(Vertx vertx, Store store, SigningKeyRing signingKeys, int authorizationServerPort, int gatewayPort,
                        BulwarkConfig config, InstantSource clock, MasterKey masterKey, AtomicReference<GatewayPipeline> pipeline,
                        List<io.vertx.core.http.HttpClient> upstreamClients, AbuseProtection protection, SecurityEventSink events,
                        UserAccounts users, GrantStore grants, SigningKeyRing identityKeys,
                        AtomicReference<RateLimitPolicies> addressPolicies, GroupCommitAuditTrail auditTrail, AuditIntegrity audit) {
        this.vertx = vertx;
        this.store = store;
        this.signingKeys = signingKeys;
        this.authorizationServerPort = authorizationServerPort;
        this.gatewayPort = gatewayPort;
        this.config = config;
        this.clock = clock;
        this.masterKey = masterKey;
        this.pipeline = pipeline;
        this.upstreamClients = upstreamClients;
        this.protection = protection;
        this.events = events;
        this.users = users;
        this.grants = grants;
        this.identityKeys = identityKeys;
        this.addressPolicies = addressPolicies;
        this.auditTrail = auditTrail;
        this.audit = audit;
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
        List<io.vertx.core.http.HttpClient> nextClients = new ArrayList<>();
        GatewayPipeline nextPipeline;
        RateLimitPolicies nextAddressPolicies;
        try {
            nextPipeline = gatewayPipeline(vertx, next.gateway(), next.protection(), protection, events, auditTrail, store, grants, masterKey,
                    identityKeys, clock, nextClients);
            nextAddressPolicies = RateLimitPolicies.addressWideOnly(next.protection().rateLimits());
        } catch (RuntimeException e) {
            nextClients.forEach(io.vertx.core.http.HttpClient::close);
            return new ReloadOutcome(false, "not applied: " + e.getMessage());
        }
        // Only now, with everything built, does anything change: clients first, then the swap.
        registerClients(store, next.clients(), clock);
        pipeline.set(nextPipeline);
        addressPolicies.set(nextAddressPolicies);
        List<io.vertx.core.http.HttpClient> previous = upstreamClients;
        upstreamClients = nextClients;
        config = next;
        // Requests already on their way keep the old upstream clients for a while.
        vertx.setTimer(Duration.ofSeconds(30).toMillis(), id -> previous.forEach(io.vertx.core.http.HttpClient::close));
        LOG.info("configuration reloaded; gateway pipeline: {}", String.join(" -> ", nextPipeline.describe()));
        return new ReloadOutcome(true, "applied: " + next.gateway().apis().size() + " APIs, " + next.clients().size() + " clients");
    }

    /**
     * Starts a node. On any failure, whatever was started is stopped again before the exception
     * leaves, so nothing is left half-running.
     */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock) {
        // No account directory is configured yet for `serve`: consent then grants no account access (fail closed).
        return start(config, clock, AccountDirectory.NONE);
    }

    /** As {@link #start(BulwarkConfig, InstantSource)}, with the directory that names users' accounts on the consent page. */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock, AccountDirectory accounts) {
        Vertx vertx = VertxRuntime.create();
        JdbcStore store = null;
        AbuseProtection protection = null;
        GroupCommitAuditTrail auditTrail = null;
        try {
            store = StoreFactory.open(config.store(), config.dataDir(), clock);
            SecurityEventSink events = new LoggingSecurityEventSink();
            protection = AbuseProtection.start(config.protection(), store, events, clock);
            MasterKey masterKey = MasterKey.load(config.masterKey());
            AesGcmKeySealer sealer = new AesGcmKeySealer(masterKey);
            AuditIntegrity audit = AuditIntegrity.of(masterKey, config.dataDir());
            auditTrail = audit.trail(store.auditWriter());
            scheduleAuditCheck(vertx, new AuditChainWatch(audit.verifier(), store.auditRecords(), events, clock));
            registerClients(store, config.clients(), clock);

            AuthorizationServerConfig as = config.authorizationServer();
            // The old key stays published until the last token it signed has expired, whatever its client's lifetime.
            SigningKeyRing keys = new SigningKeyRing(store.signingKeys(), sealer, clock, TokenSettings.longestInForce(as.accessTokenLifetime()),
                    as.signingKeyPublicationLead());
            scheduleRotationByAge(vertx, keys, as.signingKeyMaxAge());
            // The gateway's identity keys: sealed in the same table under their own purpose, rotated on the same schedule;
            // an old key stays published for one assertion lifetime after its successor signs.
            SigningKeyRing identityKeys = new SigningKeyRing(store.signingKeys(KeyPurpose.GATEWAY_IDENTITY), sealer, clock,
                    IDENTITY_ASSERTION_LIFETIME, as.signingKeyPublicationLead());
            scheduleRotationByAge(vertx, identityKeys, as.signingKeyMaxAge());
            String issuer = issuerString(as);
            ClientAuthenticator clientAuthentication = SenderConstraintWiring.clientAuthenticator(issuer, as, store, clock);
            DpopProofVerifier dpop = SenderConstraintWiring.authorizationServerDpop(as, store, masterKey, clock);
            AccessTokenIssuer tokens = new AccessTokenIssuer(issuer, keys, as.accessTokenLifetime(), clock);
            // User sign-in failures go through the same guard as client authentication (PCI DSS 8.3.4).
            AuthorizationCodeFlowParts codeFlow = AuthorizationCodeFlowParts.build(issuer, config.gateway().audience(), store,
                    sealer, clientAuthentication, dpop, tokens, as.refreshTokenLifetime(), accounts,
                    new GuardedLogins(protection.authenticationGuard()), protection.authenticationGuard(), events, clock);
            // The rate-limit policies keyed by address alone also cover the authorization server; a reload replaces them.
            AtomicReference<RateLimitPolicies> addressPolicies = new AtomicReference<>(
                    RateLimitPolicies.addressWideOnly(config.protection().rateLimits()));
            int asPort = startAuthorizationServer(vertx, store, keys, config, clientAuthentication, dpop, tokens, codeFlow, protection,
                    new AddressRateLimit(addressPolicies::get, protection.rateLimiter()), clock);

            List<io.vertx.core.http.HttpClient> upstreamClients = new ArrayList<>();
            GatewayPipeline pipeline = gatewayPipeline(vertx, config.gateway(), config.protection(), protection, events, auditTrail, store,
                    store.grants(),
                    masterKey, identityKeys, clock, upstreamClients);
            AtomicReference<GatewayPipeline> current = new AtomicReference<>(pipeline);
            GatewayConfig gateway = config.gateway();
            RequestLimitsConfig limits = config.protection().limits();
            // Client certificates are requested, not required: mTLS-bound tokens need the one they are bound to.
            int gatewayPort = HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.serverRequestingClientCertificate(gateway.tls()), limits),
                    gateway.listen().host(), gateway.listen().port(),
                    () -> new GatewayRequestHandler(current::get, limits.maxBodyBytes()), new ConnectionGuard(limits));
            LOG.info("gateway pipeline: {}", String.join(" -> ", pipeline.describe()));
            LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native epoll" : "Java NIO (" + vertx.unavailableNativeTransportCause() + ")");
            return new BulwarkNode(vertx, store, keys, asPort, gatewayPort, config, clock, masterKey, current, upstreamClients, protection,
                    events, codeFlow.users(), store.grants(), identityKeys, addressPolicies, auditTrail, audit);
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            if (protection != null) {
                protection.close();
            }
            if (auditTrail != null) {
                auditTrail.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /**
     * Verifies the audit chain's tail now and every {@link #AUDIT_CHECK_INTERVAL}: a break is a security event, and the
     * node keeps serving either way.
     */
    private static void scheduleAuditCheck(Vertx vertx, AuditChainWatch watch) {
        watch.check();
        vertx.setPeriodic(AUDIT_CHECK_INTERVAL.toMillis(), id -> vertx.executeBlocking(() -> {
            watch.check();
            return null;
        }));
    }

    /** Checks hourly (and at start) whether the signing key has reached its maximum age; every node may, harmlessly. */
    private static void scheduleRotationByAge(Vertx vertx, SigningKeyRing keys, Duration maxAge) {
        Runnable check = () -> keys.rotateIfOlderThan(maxAge)
                .ifPresent(next -> LOG.info("signing key rotated by age: {} signs from {}", next.keyId(), next.activatedAt()));
        check.run();
        vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> vertx.executeBlocking(() -> {
            check.run();
            return null;
        }));
    }

    private static void registerClients(Store store, List<ClientConfig> clients, InstantSource clock) {
        for (ClientConfig client : clients) {
            var existing = store.clients().find(client.clientId());
            store.clients().save(new RegisteredClient(client.clientId(), client.name(), client.authMethod(), client.jwksJson(),
                    client.jwksUri(), client.scopes(), existing.map(RegisteredClient::disabled).orElse(false),
                    existing.map(RegisteredClient::createdAt).orElse(clock.instant()),
                    SenderConstraint.fromConfigName(client.senderConstraint()).orElseThrow(() -> new IllegalArgumentException(
                            "client " + client.clientId() + ": unknown sender constraint " + client.senderConstraint())),
                    client.tlsClientAuthSubjectDn(), client.redirectUris(), client.authorizationDetailsTypes(),
                    new TokenSettings(client.accessTokenLifetime(), client.refreshTokenRotation()), client.grantTypes()));
        }
    }

    private static int startAuthorizationServer(Vertx vertx, JdbcStore store, SigningKeyRing keys, BulwarkConfig config,
                                                ClientAuthenticator clientAuthentication, DpopProofVerifier dpop,
                                                AccessTokenIssuer tokens, AuthorizationCodeFlowParts codeFlow, AbuseProtection protection,
                                                AddressRateLimit addressLimit,
                                                InstantSource clock) {
        AuthorizationServerConfig as = config.authorizationServer();
        String issuer = issuerString(as);
        Set<String> scopes = new LinkedHashSet<>();
        config.clients().forEach(c -> scopes.addAll(c.scopes()));
        store.clients().list().forEach(c -> scopes.addAll(c.scopes()));
        Set<String> grantTypes = new LinkedHashSet<>();
        store.clients().list().forEach(c -> grantTypes.addAll(c.grantTypes()));
        TokenEndpoint tokenEndpoint = SenderConstraintWiring.tokenEndpoint(issuer, dpop, clientAuthentication,
                new ClientCredentialsGrant(tokens, config.gateway().audience()), codeFlow.codeGrant(), codeFlow.refreshGrant(),
                protection.authenticationGuard());
        OwnTokenReader ownTokens = new OwnTokenReader(issuer, config.gateway().audience(), keys, clock);
        RefreshTokenReader refreshTokens = new RefreshTokenReader(store.refreshTokens(), clock);
        // Revocation and introspection authenticate clients behind the token endpoint's guard (PCI DSS 8.3.4).
        GuardedClientAuthentication guarded = new GuardedClientAuthentication(clientAuthentication, protection.authenticationGuard());
        AuthorizationServerRoutes routes = new AuthorizationServerRoutes(
                AuthorizationServerMetadata.of(issuer, scopes, as.tlsClientAuthCa() != null, grantTypes), keys, tokenEndpoint,
                new RevocationEndpoint(guarded, ownTokens, store.revokedTokens(), refreshTokens, store.grants(), clock),
                new IntrospectionEndpoint(guarded, ownTokens, store.revokedTokens(), store.grants(), refreshTokens),
                codeFlow.routes(), new GrantManagementEndpoint(issuer, ownTokens, store.revokedTokens(), store.clients(), dpop,
                        store.grants(), clock));
        // Client certificates are requested, not required: RFC 8705 client authentication and token binding read them.
        RequestLimitsConfig limits = config.protection().limits();
        return HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.serverRequestingClientCertificate(as.tls()), limits),
                as.listen().host(), as.listen().port(), () -> addressLimit.install(routes.router(vertx)), new ConnectionGuard(limits));
    }

    /** The one place the gateway's steps are put in order. */
    private static GatewayPipeline gatewayPipeline(Vertx vertx, GatewayConfig gateway, ProtectionConfig protectionConfig,
                                                   AbuseProtection protection, SecurityEventSink events, AuditTrail auditTrail, Store store,
                                                   GrantStore grants,
                                                   MasterKey masterKey, SigningKeyRing identityKeys, InstantSource clock,
                                                   List<io.vertx.core.http.HttpClient> createdClients) {
        RouteTable routes = new RouteTable();
        Set<String> operationIds = new LinkedHashSet<>();
        ApiContracts contracts = new ApiContracts();
        Map<String, Upstream> upstreams = new HashMap<>();
        Map<String, String> basePaths = new HashMap<>();
        Map<String, io.bulwark.config.CorsConfig> cors = new HashMap<>();
        for (ApiConfig api : gateway.apis()) {
            var operations = OpenApiDocument.operations(api.openapi());
            routes.add(api.name(), api.basePath(), operations);
            operations.forEach(operation -> operationIds.add(operation.operationId()));
            contracts.add(api.name(), ApiContract.load(api.openapi()));
            // HTTP/1.1 keep-alive pool to upstreams, as nginx does: one multiplexed HTTP/2 connection measured
            // 50-120 req/s through the gateway against over 600 for the pool (docs/PERFORMANCE.md).
            var options = TlsPolicy.client(api.upstream().clientIdentity(), api.upstream().trustedCa())
                    .setProtocolVersion(HttpVersion.HTTP_1_1).setAlpnVersions(List.of(HttpVersion.HTTP_1_1))
                    .setConnectTimeout(Math.toIntExact(api.upstream().connectTimeout().toMillis()));
            var client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
            createdClients.add(client);
            // Retries sit inside the breaker, so a retried call counts once towards opening the circuit.
            upstreams.put(api.name(), new CircuitBreakingUpstream(
                    new RetryingUpstream(new VertxUpstream(client, api.upstream().url(), api.upstream().timeout()), Duration.ofMillis(50)),
                    5, Duration.ofSeconds(10), clock));
            basePaths.put(api.name(), api.basePath());
            if (api.cors() != null) {
                cors.put(api.name(), api.cors());
            }
            // One line per API, at start and at each reload: the operator sees what is open, why, and who answers for it.
            LOG.info("API {} at {} -> {}; purpose: {}; owner: {}; CORS origins: {}", api.name(), api.basePath(), api.upstream().url(),
                    api.purpose(), api.ownerTeam(), api.cors() == null ? "none" : String.join(" ", api.cors().allowedOrigins()));
        }
        RateLimitPolicies rateLimits = new RateLimitPolicies(protectionConfig.rateLimits(), operationIds);
        RequestLimitsConfig limits = protectionConfig.limits();
        return new GatewayPipeline(List.of(
                new AuditStep(auditTrail, clock),
                new SecurityEventStep(events, clock),
                new RequestLimitsStep(limits.maxBodyBytes(), limits.maxJsonDepth(), limits.maxJsonArrayLength()),
                new GatewayJwksStep(() -> identityKeys.publicJwks().toString()),
                new RouteStep(routes),
                new PageSizeStep(limits.pageSize(), operationIds),
                RateLimitStep.beforeAuthentication(rateLimits, protection.rateLimiter()),
                // Preflights carry no token, so they are answered before AccessTokenStep; after the limits by address, API and
                // operation, which count them too. Refusals of the steps above carry no CORS headers (docs/ARCHITECTURE.md).
                new CorsStep(cors),
                new AccessTokenStep(accessTokenVerifier(gateway, clock), IntrospectionWiring.introspector(gateway, clock)),
                new TokenStatusStep(new CachedTokenStatus(new StoreTokenStatus(store, grants), TOKEN_STATUS_TTL, clock)),
                SenderConstraintWiring.gatewayStep(gateway, store, masterKey, clock),
                RateLimitStep.afterAuthentication(rateLimits, protection.rateLimiter()),
                new ScopeStep(),
                new CallerStep(),
                new AccountConsentStep(),
                new PaymentConsentStep(),
                new RequestValidationStep(contracts),
                new IdentityAssertionStep(new IdentityAssertionSigner(identityKeys, gateway.publicUrl().toString(),
                        IDENTITY_ASSERTION_LIFETIME, clock)),
                new OwnerLookupStep(upstreams, clock, OWNER_LOOKUP_TTL, OWNER_LOOKUP_ENTRIES),
                new PaymentSingleUseStep(new StoreSpentPayments(store.reservations()), SPENT_PAYMENT_RETENTION),
                new ResponseContractStep(contracts),
                new ResponseOwnershipStep(),
                new ProxyStep(upstreams, basePaths, clock)));
    }

    private static AccessTokenVerifier accessTokenVerifier(GatewayConfig gateway, InstantSource clock) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (gateway.trustedCa() != null) {
            http.sslContext(TlsPolicy.jdkClientContext(gateway.trustedCa()));
        }
        try {
            return new AccessTokenVerifier(gateway.issuer().toString(), gateway.audience(),
                    AccessTokenVerifier.remoteKeys(gateway.jwksUri().toURL(), new HttpsJwksRetriever(http.build(), Duration.ofSeconds(5))),
                    clock);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("gateway jwks-uri is not a URL: " + gateway.jwksUri(), e);
        }
    }

    private static String issuerString(AuthorizationServerConfig as) {
        String issuer = as.issuer().toString();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    public int authorizationServerPort() {
        return authorizationServerPort;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    /** The gateway's steps in order, as declared. */
    public List<String> pipelineSteps() {
        return pipeline.get().describe();
    }

    /** The gateway's identity-assertion keys, published at the gateway's {@code /.well-known/jwks.json}. */
    public SigningKeyRing identityKeys() {
        return identityKeys;
    }

    /** The authorization server's signing keys (tests use the active key to forge tokens with a genuine signature). */
    public SigningKeyRing signingKeys() {
        return signingKeys;
    }

    public Store store() {
        return store;
    }

    /** Verifies this node's audit chain with its key and tail anchor, as `bulwark audit verify` does. */
    public AuditChainVerifier auditVerifier() {
        return audit.verifier();
    }

    /** Creates and updates the users who sign in (the demo registers its customers here). */
    public UserAccounts users() {
        return users;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        protection.close();
        auditTrail.close();
        store.close();
    }
}
