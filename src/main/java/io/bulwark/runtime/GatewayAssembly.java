package io.bulwark.runtime;

import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.gateway.CachedTokenStatus;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.http.GatewayRequestHandler;
import io.bulwark.gateway.openapi.ApiContracts;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.AccountConsentStep;
import io.bulwark.gateway.steps.AuditStep;
import io.bulwark.gateway.steps.CallerStep;
import io.bulwark.gateway.steps.CorsStep;
import io.bulwark.gateway.steps.GatewayJwksStep;
import io.bulwark.gateway.steps.IdentityAssertionStep;
import io.bulwark.gateway.steps.OwnerLookupStep;
import io.bulwark.gateway.steps.PageSizeStep;
import io.bulwark.gateway.steps.PaymentConsentStep;
import io.bulwark.gateway.steps.PaymentSingleUseStep;
import io.bulwark.gateway.steps.ProxyStep;
import io.bulwark.gateway.steps.RateLimitStep;
import io.bulwark.gateway.steps.RequestLimitsStep;
import io.bulwark.gateway.steps.RequestValidationStep;
import io.bulwark.gateway.steps.ResponseContractStep;
import io.bulwark.gateway.steps.ResponseOwnershipStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.steps.ScopeStep;
import io.bulwark.gateway.steps.SecurityEventStep;
import io.bulwark.gateway.steps.TokenStatusStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.IdentityAssertionSigner;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.jwks.HttpsJwksRetriever;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.HttpsListener;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.KeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.store.Store;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;

import java.net.MalformedURLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's wiring: the one place its steps are put in order ({@link #pipeline}), from the parts that live as long
 * as the node (store, identity keys, limiter, audit trail) and the APIs of one configuration (at start and at reload).
 */
final class GatewayAssembly {

    // Revocations and disabled clients must reach the gateway within a second: half of it for the cache.
    private static final Duration TOKEN_STATUS_TTL = Duration.ofMillis(500);
    // An ownership answer is reused for a few seconds, so a busy client does not double its calls to the API.
    private static final Duration OWNER_LOOKUP_TTL = Duration.ofSeconds(5);
    private static final int OWNER_LOOKUP_ENTRIES = 10_000;
    // How long past a token's expiry a grant's spent payment is remembered: later tokens of the grant must not pay again.
    private static final Duration SPENT_PAYMENT_RETENTION = Duration.ofDays(90);

    private final Store store;
    private final GrantStore grants;
    // One view per node, kept across reloads: the throttles anomaly responses put on identities.
    private final io.bulwark.ratelimit.IdentityThrottles throttles;
    private final MasterKey masterKey;
    private final SigningKeyRing identityKeys;
    private final AbuseProtection protection;
    private final SecurityEventSink events;
    private final AuditTrail auditTrail;
    private final RequestTracing tracing;
    private final InstantSource clock;

    /**
     * @param publicationLead how long a new identity key is published before it signs (the authorization server's setting)
     * @param auditTrail      where each request's audit event goes (and, through it, the decision listeners)
     * @param tracing         the spans of each request and step (the node's tracer, kept across reloads)
     */
    GatewayAssembly(io.bulwark.jdbc.JdbcStore store, GrantStore grants, KeySealer sealer, MasterKey masterKey, Duration publicationLead,
                    AbuseProtection protection, SecurityEventSink events, AuditTrail auditTrail, RequestTracing tracing,
                    InstantSource clock) {
        this.store = store;
        this.grants = grants;
        this.throttles = AnomalyResponses.throttles(store, clock);
        this.masterKey = masterKey;
        // Sealed in the same table as the access-token keys under their own purpose; an old key stays published for one
        // assertion lifetime after its successor signs.
        this.identityKeys = new SigningKeyRing(store.signingKeys(KeyPurpose.GATEWAY_IDENTITY), sealer, clock,
                IdentityAssertionSigner.LIFETIME, publicationLead);
        this.protection = protection;
        this.events = events;
        this.auditTrail = auditTrail;
        this.tracing = tracing;
        this.clock = clock;
    }

    /** The steps in order; {@link GatewayPipeline} refuses an order its phases and facts do not allow. */
    GatewayPipeline pipeline(GatewayConfig gateway, ProtectionConfig protectionConfig, ApiRuntimes apis) {
        RateLimitPolicies rateLimits = new RateLimitPolicies(protectionConfig.rateLimits(), apis.operationIds());
        RequestLimitsConfig limits = protectionConfig.limits();
        ApiContracts contracts = apis.contracts();
        return new GatewayPipeline(List.of(
                new AuditStep(auditTrail, clock),
                new SecurityEventStep(events, clock),
                new RequestLimitsStep(limits.maxBodyBytes(), limits.maxJsonDepth(), limits.maxJsonArrayLength()),
                new GatewayJwksStep(() -> identityKeys.publicJwks().toString()),
                new RouteStep(apis.routes()),
                new PageSizeStep(limits.pageSize(), apis.operationIds()),
                RateLimitStep.beforeAuthentication(rateLimits, protection.rateLimiter()),
                // Preflights carry no token, so they are answered before AccessTokenStep; after the limits by address, API and
                // operation, which count them too. Refusals of the steps above carry no CORS headers (docs/ARCHITECTURE.md).
                new CorsStep(apis.corsPolicies()),
                new AccessTokenStep(accessTokenVerifier(gateway), IntrospectionWiring.introspector(gateway, clock)),
                new TokenStatusStep(new CachedTokenStatus(new StoreTokenStatus(store, grants), TOKEN_STATUS_TTL, clock)),
                SenderConstraintWiring.gatewayStep(gateway, apis.acceptingBearerTokens(), store, masterKey, clock),
                RateLimitStep.afterAuthentication(rateLimits, protection.rateLimiter(), throttles),
                new ScopeStep(),
                new CallerStep(),
                new AccountConsentStep(),
                new PaymentConsentStep(),
                new RequestValidationStep(contracts),
                new IdentityAssertionStep(new IdentityAssertionSigner(identityKeys, gateway.publicUrl().toString(),
                        IdentityAssertionSigner.LIFETIME, clock)),
                new OwnerLookupStep(apis.upstreams(), clock, OWNER_LOOKUP_TTL, OWNER_LOOKUP_ENTRIES),
                new PaymentSingleUseStep(new StoreSpentPayments(store.reservations()), SPENT_PAYMENT_RETENTION),
                new ResponseContractStep(contracts),
                new ResponseOwnershipStep(),
                new ProxyStep(apis.upstreams(), apis.basePaths(), clock)), tracing);
    }

    /** Starts the gateway's listener, which runs whatever pipeline {@code current} holds, behind {@code guard}; returns its port. */
    int listen(Vertx vertx, GatewayConfig gateway, RequestLimitsConfig limits, Supplier<GatewayPipeline> current, ConnectionGuard guard) {
        // Client certificates are requested, not required: mTLS-bound tokens need the one they are bound to.
        return HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.serverRequestingClientCertificate(gateway.tls()), limits),
                gateway.listen().host(), gateway.listen().port(),
                () -> new GatewayRequestHandler(current, limits.maxBodyBytes()), guard);
    }

    /** The gateway's identity-assertion keys, published at its {@code /.well-known/jwks.json}. */
    SigningKeyRing identityKeys() {
        return identityKeys;
    }

    private AccessTokenVerifier accessTokenVerifier(GatewayConfig gateway) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        gateway.trustedCa().ifPresent(trustedCa -> http.sslContext(TlsPolicy.jdkClientContext(trustedCa)));
        try {
            return new AccessTokenVerifier(gateway.issuer().toString(), gateway.audience(),
                    AccessTokenVerifier.remoteKeys(gateway.jwksUri().toURL(), new HttpsJwksRetriever(http.build(), Duration.ofSeconds(5))),
                    clock);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("gateway jwks-uri is not a URL: " + gateway.jwksUri(), e);
        }
    }
}
