package io.bulwark.bench;

import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.http.GatewayRequestHandler;
import io.bulwark.gateway.http.VertxUpstream;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.IdentityAssertionStep;
import io.bulwark.gateway.steps.ProxyStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.IdentityAssertionSigner;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.oauth.jwks.HttpsJwksRetriever;
import io.bulwark.server.HttpsListener;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario (b) of the gateway benchmark: the same listener, request handler, route table, RFC 9068
 * access-token verification, signed identity assertion and mTLS upstream pool as the product, and nothing else (no
 * sender constraint, audit, validation or minimization). The product never runs this way, since FAPI 2.0
 * needs sender-constrained tokens; it measures what "a gateway that validates JWTs" costs here.
 * Args: dataDir asPort fullGatewayPort bankPort jwtOnlyPort (the data folder a BenchGateway prepared).
 */
public final class BenchJwtOnlyGateway {

    public static void main(String[] args) {
        DemoPorts ports = new DemoPorts(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        int port = Integer.parseInt(args[4]);
        DemoEnvironment environment = DemoEnvironment.prepare(Path.of(args[0]), ports);
        GatewayConfig gateway = environment.config().gateway();
        ApiConfig bank = gateway.apis().getFirst();
        Vertx vertx = VertxRuntime.create();
        var upstreamClient = vertx.createHttpClient(TlsPolicy.client(bank.upstream().clientIdentity(), bank.upstream().trustedCa())
                .setProtocolVersion(HttpVersion.HTTP_1_1).setAlpnVersions(List.of(HttpVersion.HTTP_1_1)), new PoolOptions().setHttp1MaxSize(64));
        Map<String, Upstream> upstreams = Map.of(bank.name(), new VertxUpstream(upstreamClient, bank.upstream().url(), bank.upstream().timeout()));
        var jwks = java.net.http.HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(gateway.trustedCa().orElseThrow())).build();
        AccessTokenVerifier verifier;
        try {
            verifier = new AccessTokenVerifier(gateway.issuer().toString(), gateway.audience(),
                    AccessTokenVerifier.remoteKeys(gateway.jwksUri().toURL(), new HttpsJwksRetriever(jwks, Duration.ofSeconds(5))),
                    Clock.systemUTC());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        // The upstream admits a request only with the gateway's signed identity (ProxyStep needs it), so (b) signs one too,
        // with keys of its own in a store beside the full gateway's.
        Path keysDir = Path.of(args[0]).resolve("jwt-only-keys");
        JdbcStore keyStore = JdbcStore.embedded(keysDir, Clock.systemUTC());
        SigningKeyRing identityKeys = new SigningKeyRing(keyStore.signingKeys(),
                new AesGcmKeySealer(MasterKey.createIfMissing(keysDir.resolve("master.key"))), Clock.systemUTC(),
                IdentityAssertionSigner.MAX_LIFETIME, AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD);
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add(bank.name(), bank.basePath(), OpenApiDocument.operations(bank.openapi()))),
                new AccessTokenStep(verifier, Optional.empty()),
                new IdentityAssertionStep(new IdentityAssertionSigner(identityKeys, gateway.publicUrl().toString(),
                        IdentityAssertionSigner.LIFETIME, Clock.systemUTC())),
                new ProxyStep(upstreams, Map.of(bank.name(), bank.basePath()), java.time.Clock.systemUTC())), RequestTracing.NONE);
        HttpsListener.start(vertx, TlsPolicy.serverRequestingClientCertificate(gateway.tls()), "localhost", port,
                () -> new GatewayRequestHandler(() -> pipeline, 1 << 20));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().toCompletionStage().toCompletableFuture().join()));
        System.out.println("bench jwt-only gateway ready: " + String.join(" -> ", pipeline.describe()));
    }
}
