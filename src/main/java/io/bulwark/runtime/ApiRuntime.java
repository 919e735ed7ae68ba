package io.bulwark.runtime;

import io.bulwark.config.ApiConfig;
import io.bulwark.config.CorsConfig;
import io.bulwark.gateway.CircuitBreakingUpstream;
import io.bulwark.gateway.RetryingUpstream;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.TracedUpstream;
import io.bulwark.gateway.http.VertxUpstream;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * One API as the gateway runs it, built once from its configuration.
 *
 * @param name               the API's name, the key every step looks it up by
 * @param basePath           the path prefix clients call
 * @param operations         the operations its OpenAPI document declares
 * @param contract           the document's parameters, bodies and responses, compiled
 * @param upstream           the call to the API: a circuit breaker around retries around the Vert.x client
 * @param client             the HTTP client the upstream uses, owned here and closed with {@link #close()}
 * @param cors               its CORS policy; empty: none
 * @param acceptBearerTokens whether tokens without {@code cnf} are let through
 * @param config             the configuration it was built from (purpose, owner team, upstream URL)
 */
record ApiRuntime(String name, String basePath, List<ApiOperation> operations, ApiContract contract, CircuitBreakingUpstream upstream,
                  HttpClient client, Optional<CorsConfig> cors, boolean acceptBearerTokens, ApiConfig config) {

    static ApiRuntime build(ApiConfig api, Vertx vertx, InstantSource clock, RequestTracing tracing) {
        List<ApiOperation> operations = OpenApiDocument.operations(api.openapi());
        ApiContract contract = ApiContract.load(api.openapi());
        // HTTP/1.1 keep-alive pool to upstreams, as nginx does: one multiplexed HTTP/2 connection measured
        // 50-120 req/s through the gateway against over 600 for the pool (docs/PERFORMANCE.md).
        var options = TlsPolicy.client(api.upstream().clientIdentity(), api.upstream().trustedCa())
                .setProtocolVersion(HttpVersion.HTTP_1_1).setAlpnVersions(List.of(HttpVersion.HTTP_1_1))
                .setConnectTimeout(Math.toIntExact(api.upstream().connectTimeout().toMillis()));
        HttpClient client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
        // Retries sit inside the breaker, so a retried call counts once towards opening the circuit; the trace span inside
        // the retries, so each attempt is a CLIENT span of its own with its own traceparent.
        CircuitBreakingUpstream upstream = new CircuitBreakingUpstream(
                new RetryingUpstream(new TracedUpstream(new VertxUpstream(client, api.upstream().url(), api.upstream().timeout()),
                        api.upstream().url(), tracing), Duration.ofMillis(50)),
                5, Duration.ofSeconds(10), clock);
        return new ApiRuntime(api.name(), api.basePath(), operations, contract, upstream, client, api.cors(), api.acceptBearerTokens(),
                api);
    }

    /** The operator's line for this API, at start and at each reload: what is open, why, and who answers for it. */
    String describe() {
        return "API " + name + " at " + basePath + " -> " + config.upstream().url() + "; purpose: " + config.purpose() + "; owner: "
                + config.ownerTeam() + "; CORS origins: " + cors.map(policy -> String.join(" ", policy.allowedOrigins())).orElse("none");
    }

    void close() {
        client.close();
    }
}
