package io.bulwark.runtime;

import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.http.GatewayRequestHandler;
import io.bulwark.gateway.http.VertxUpstream;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.ProxyStep;
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
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.http.AuthorizationServerRoutes;
import io.bulwark.oauth.users.LoginGuard;
import io.bulwark.oauth.users.UserAccounts;
import io.bulwark.server.HttpsListener;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.Store;
import io.bulwark.store.StoreFactory;
import io.bulwark.store.jdbc.JdbcStore;
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
    private static final long MAX_GATEWAY_BODY_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final Store store;
    private final SigningKeyRing signingKeys;
    private final int authorizationServerPort;
    private final int gatewayPort;
    private final List<String> pipelineSteps;
    private final UserAccounts users;

    private BulwarkNode(Vertx vertx, Store store, SigningKeyRing signingKeys, int authorizationServerPort, int gatewayPort,
                        List<String> pipelineSteps, UserAccounts users) {
        this.vertx = vertx;
        this.store = store;
        this.signingKeys = signingKeys;
        this.authorizationServerPort = authorizationServerPort;
        this.gatewayPort = gatewayPort;
        this.pipelineSteps = pipelineSteps;
        this.users = users;
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
        Vertx vertx = Vertx.vertx();
        JdbcStore store = null;
        try {
            store = StoreFactory.open(config.store(), config.dataDir(), clock);
            AesGcmKeySealer sealer = new AesGcmKeySealer(MasterKey.load(config.masterKey()));
            registerClients(store, config.clients(), clock);

            AuthorizationServerConfig as = config.authorizationServer();
            SigningKeyRing keys = new SigningKeyRing(store.signingKeys(), sealer, clock, as.accessTokenLifetime());
            String issuer = issuerString(as);
            ClientAssertionVerifier clientAuthentication = new ClientAssertionVerifier(issuer, store.clients(), store.replayGuard(), clock);
            AccessTokenIssuer tokens = new AccessTokenIssuer(issuer, keys, as.accessTokenLifetime(), clock);
            // LoginGuard.OPEN until a lockout policy exists: the one place it plugs in.
            AuthorizationCodeFlowParts codeFlow = AuthorizationCodeFlowParts.build(issuer, config.gateway().audience(), store,
                    sealer, clientAuthentication, tokens, accounts, LoginGuard.OPEN, new LoggingSecurityEventSink(), clock);
            int asPort = startAuthorizationServer(vertx, store, keys, config, clientAuthentication, tokens, codeFlow);

            GatewayPipeline pipeline = gatewayPipeline(vertx, config.gateway(), clock);
            GatewayConfig gateway = config.gateway();
            int gatewayPort = HttpsListener.start(vertx, TlsPolicy.server(gateway.tls()), gateway.listen().host(), gateway.listen().port(),
                    () -> new GatewayRequestHandler(pipeline, MAX_GATEWAY_BODY_BYTES));
            LOG.info("gateway pipeline: {}", String.join(" -> ", pipeline.describe()));
            return new BulwarkNode(vertx, store, keys, asPort, gatewayPort, pipeline.describe(), codeFlow.users());
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
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
                    existing.map(RegisteredClient::createdAt).orElse(clock.instant()),
                    client.redirectUris(), client.authorizationDetailsTypes()));
        }
    }

    private static int startAuthorizationServer(Vertx vertx, Store store, SigningKeyRing keys, BulwarkConfig config,
                                                ClientAssertionVerifier clientAuthentication, AccessTokenIssuer tokens,
                                                AuthorizationCodeFlowParts codeFlow) {
        AuthorizationServerConfig as = config.authorizationServer();
        String issuer = issuerString(as);
        Set<String> scopes = new LinkedHashSet<>();
        config.clients().forEach(c -> scopes.addAll(c.scopes()));
        store.clients().list().forEach(c -> scopes.addAll(c.scopes()));
        TokenEndpoint tokenEndpoint = new TokenEndpoint(clientAuthentication,
                new ClientCredentialsGrant(tokens, config.gateway().audience()), codeFlow.codeGrant());
        AuthorizationServerRoutes routes = new AuthorizationServerRoutes(AuthorizationServerMetadata.of(issuer, scopes), keys,
                tokenEndpoint, codeFlow.routes());
        return HttpsListener.start(vertx, TlsPolicy.server(as.tls()), as.listen().host(), as.listen().port(), () -> routes.router(vertx));
    }

    /** The one place the gateway's steps are put in order. */
    private static GatewayPipeline gatewayPipeline(Vertx vertx, GatewayConfig gateway, InstantSource clock) {
        RouteTable routes = new RouteTable();
        Map<String, Upstream> upstreams = new HashMap<>();
        Map<String, String> basePaths = new HashMap<>();
        for (ApiConfig api : gateway.apis()) {
            routes.add(api.name(), api.basePath(), OpenApiDocument.operations(api.openapi()));
            var client = vertx.createHttpClient(TlsPolicy.client(api.upstream().clientIdentity(), api.upstream().trustedCa()),
                    new PoolOptions().setHttp1MaxSize(64));
            upstreams.put(api.name(), new VertxUpstream(client, api.upstream().url(), api.upstream().timeout()));
            basePaths.put(api.name(), api.basePath());
        }
        return new GatewayPipeline(List.of(
                new SecurityEventStep(new LoggingSecurityEventSink(), clock),
                new RouteStep(routes),
                new AccessTokenStep(accessTokenVerifier(gateway, clock)),
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

    /** Creates and updates the users who sign in (the demo registers its customers here). */
    public UserAccounts users() {
        return users;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }
}
