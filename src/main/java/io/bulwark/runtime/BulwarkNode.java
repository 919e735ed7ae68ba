package io.bulwark.runtime;

import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.http.GatewayRequestHandler;
import io.bulwark.gateway.http.VertxUpstream;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.PageSizeStep;
import io.bulwark.gateway.steps.ProxyStep;
import io.bulwark.gateway.steps.RateLimitStep;
import io.bulwark.gateway.steps.RequestLimitsStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.steps.ScopeStep;
import io.bulwark.gateway.steps.SecurityEventStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.HttpsJwksRetriever;
import io.bulwark.oauth.AccessTokenIssuer;
import io.bulwark.oauth.AuthorizationServerMetadata;
import io.bulwark.oauth.ClientAssertionVerifier;
import io.bulwark.oauth.ClientCredentialsGrant;
import io.bulwark.oauth.SigningKeyRing;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.oauth.http.AuthorizationServerRoutes;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.HttpsListener;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.Store;
import io.bulwark.store.StoreFactory;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One running Bulwark node: the authorization server and the gateway of one configuration, on
 * one Vert.x instance and one store. {@link #close()} stops listening, then closes the store.
 */
public final class BulwarkNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkNode.class);

    private final Vertx vertx;
    private final Store store;
    private final SigningKeyRing signingKeys;
    private final int authorizationServerPort;
    private final int gatewayPort;
    private final List<String> pipelineSteps;
    private final AbuseProtection protection;

    private BulwarkNode(Vertx vertx, Store store, SigningKeyRing signingKeys, int authorizationServerPort, int gatewayPort,
                        List<String> pipelineSteps, AbuseProtection protection) {
        this.protection = protection;
        this.vertx = vertx;
        this.store = store;
        this.signingKeys = signingKeys;
        this.authorizationServerPort = authorizationServerPort;
        this.gatewayPort = gatewayPort;
        this.pipelineSteps = pipelineSteps;
    }

    /**
     * Starts a node. On any failure, whatever was started is stopped again before the exception
     * leaves, so nothing is left half-running.
     */
    public static BulwarkNode start(BulwarkConfig config, InstantSource clock) {
        Vertx vertx = Vertx.vertx();
        Store store = null;
        AbuseProtection protection = null;
        try {
            store = StoreFactory.open(config.store(), config.dataDir(), clock);
            SecurityEventSink events = new LoggingSecurityEventSink();
            protection = AbuseProtection.start(config.protection(), store, events, clock);
            AesGcmKeySealer sealer = new AesGcmKeySealer(MasterKey.load(config.masterKey()));
            registerClients(store, config.clients(), clock);

            AuthorizationServerConfig as = config.authorizationServer();
            SigningKeyRing keys = new SigningKeyRing(store.signingKeys(), sealer, clock, as.accessTokenLifetime());
            int asPort = startAuthorizationServer(vertx, store, keys, config, protection, clock);

            GatewayPipeline pipeline = gatewayPipeline(vertx, config.gateway(), config.protection(), protection, events, clock);
            GatewayConfig gateway = config.gateway();
            RequestLimitsConfig limits = config.protection().limits();
            int gatewayPort = HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.server(gateway.tls()), limits),
                    gateway.listen().host(), gateway.listen().port(),
                    () -> new GatewayRequestHandler(pipeline, limits.maxBodyBytes()), new ConnectionGuard(limits));
            LOG.info("gateway pipeline: {}", String.join(" -> ", pipeline.describe()));
            return new BulwarkNode(vertx, store, keys, asPort, gatewayPort, pipeline.describe(), protection);
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            if (protection != null) {
                protection.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    private static void registerClients(Store store, List<ClientConfig> clients, InstantSource clock) {
        for (ClientConfig client : clients) {
            var existing = store.clients().find(client.clientId());
            store.clients().save(new RegisteredClient(client.clientId(), client.name(), client.authMethod(), client.jwksJson(),
                    client.scopes(), existing.map(RegisteredClient::disabled).orElse(false),
                    existing.map(RegisteredClient::createdAt).orElse(clock.instant())));
        }
    }

    private static int startAuthorizationServer(Vertx vertx, Store store, SigningKeyRing keys, BulwarkConfig config,
                                                AbuseProtection protection, InstantSource clock) {
        AuthorizationServerConfig as = config.authorizationServer();
        String issuer = issuerString(as);
        Set<String> scopes = new LinkedHashSet<>();
        config.clients().forEach(c -> scopes.addAll(c.scopes()));
        store.clients().list().forEach(c -> scopes.addAll(c.scopes()));
        AccessTokenIssuer issuerOfTokens = new AccessTokenIssuer(issuer, keys, as.accessTokenLifetime(), clock);
        TokenEndpoint tokenEndpoint = new TokenEndpoint(
                new ClientAssertionVerifier(issuer, store.clients(), store.replayGuard(), clock),
                new ClientCredentialsGrant(issuerOfTokens, config.gateway().audience()), protection.authenticationGuard());
        AuthorizationServerRoutes routes = new AuthorizationServerRoutes(AuthorizationServerMetadata.of(issuer, scopes), keys, tokenEndpoint);
        RequestLimitsConfig limits = config.protection().limits();
        return HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.server(as.tls()), limits), as.listen().host(), as.listen().port(),
                () -> routes.router(vertx), new ConnectionGuard(limits));
    }

    /** The one place the gateway's steps are put in order. */
    private static GatewayPipeline gatewayPipeline(Vertx vertx, GatewayConfig gateway, ProtectionConfig protectionConfig,
                                                   AbuseProtection protection, SecurityEventSink events, InstantSource clock) {
        RouteTable routes = new RouteTable();
        Set<String> operationIds = new LinkedHashSet<>();
        Map<String, Upstream> upstreams = new HashMap<>();
        Map<String, String> basePaths = new HashMap<>();
        for (ApiConfig api : gateway.apis()) {
            var operations = OpenApiDocument.operations(api.openapi());
            routes.add(api.name(), api.basePath(), operations);
            operations.forEach(operation -> operationIds.add(operation.operationId()));
            var client = vertx.createHttpClient(TlsPolicy.client(api.upstream().clientIdentity(), api.upstream().trustedCa()),
                    new PoolOptions().setHttp1MaxSize(64));
            upstreams.put(api.name(), new VertxUpstream(client, api.upstream().url(), api.upstream().timeout()));
            basePaths.put(api.name(), api.basePath());
        }
        RateLimitPolicies rateLimits = new RateLimitPolicies(protectionConfig.rateLimits(), operationIds);
        RequestLimitsConfig limits = protectionConfig.limits();
        return new GatewayPipeline(List.of(
                new SecurityEventStep(events, clock),
                new RequestLimitsStep(limits.maxBodyBytes(), limits.maxJsonDepth(), limits.maxJsonArrayLength()),
                new RouteStep(routes),
                new PageSizeStep(limits.pageSize(), operationIds),
                RateLimitStep.beforeAuthentication(rateLimits, protection.rateLimiter()),
                new AccessTokenStep(accessTokenVerifier(gateway, clock)),
                RateLimitStep.afterAuthentication(rateLimits, protection.rateLimiter()),
                new ScopeStep(),
                new ProxyStep(upstreams, basePaths)));
    }

    private static AccessTokenVerifier accessTokenVerifier(GatewayConfig gateway, InstantSource clock) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
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
        return pipelineSteps;
    }

    /** The authorization server's signing keys (tests use the active key to forge tokens with a genuine signature). */
    public SigningKeyRing signingKeys() {
        return signingKeys;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        protection.close();
        store.close();
    }
}
