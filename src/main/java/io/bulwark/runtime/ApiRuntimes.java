package io.bulwark.runtime;

import io.bulwark.config.ApiConfig;
import io.bulwark.config.CorsConfig;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.openapi.ApiContracts;
import io.bulwark.gateway.openapi.RouteTable;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's APIs of one configuration, and the one place the tables the steps take (routes, contracts,
 * upstreams, base paths, CORS policies, keyed by API name) are derived from them.
 */
final class ApiRuntimes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRuntimes.class);

    private final List<ApiRuntime> apis;
    private final Map<String, Upstream> upstreams;

    private ApiRuntimes(List<ApiRuntime> apis) {
        this.apis = List.copyOf(apis);
        this.upstreams = table(ApiRuntime::upstream);
    }

    /** Builds every API, or none: when one fails, the clients of those already built are closed. */
    static ApiRuntimes build(List<ApiConfig> configs, Vertx vertx, InstantSource clock) {
        List<ApiRuntime> built = new ArrayList<>();
        try {
            for (ApiConfig config : configs) {
                ApiRuntime api = ApiRuntime.build(config, vertx, clock);
                built.add(api);
                LOG.info(api.describe());
            }
        } catch (RuntimeException e) {
            built.forEach(ApiRuntime::close);
            throw e;
        }
        return new ApiRuntimes(built);
    }

    /** Each API's upstream circuit state now, by API name, for the metrics. */
    Map<String, io.bulwark.gateway.CircuitBreakingUpstream.State> circuitStates() {
        Map<String, io.bulwark.gateway.CircuitBreakingUpstream.State> states = new java.util.LinkedHashMap<>();
        for (ApiRuntime api : apis) {
            if (api.upstream() instanceof io.bulwark.gateway.CircuitBreakingUpstream breaker) {
                states.put(api.name(), breaker.state());
            }
        }
        return states;
    }

    /** A new route table of every API's operations (no default route). */
    RouteTable routes() {
        RouteTable routes = new RouteTable();
        apis.forEach(api -> routes.add(api.name(), api.basePath(), api.operations()));
        return routes;
    }

    /** Every operationId, in declaration order. */
    Set<String> operationIds() {
        Set<String> ids = new LinkedHashSet<>();
        apis.forEach(api -> api.operations().forEach(operation -> ids.add(operation.operationId())));
        return ids;
    }

    ApiContracts contracts() {
        ApiContracts contracts = new ApiContracts();
        apis.forEach(api -> contracts.add(api.name(), api.contract()));
        return contracts;
    }

    /** The upstream of each API; one map, shared by the owner lookups and the proxy. */
    Map<String, Upstream> upstreams() {
        return upstreams;
    }

    Map<String, String> basePaths() {
        return table(ApiRuntime::basePath);
    }

    /** The CORS policy of each API that declares one; the others are absent. */
    Map<String, CorsConfig> corsPolicies() {
        Map<String, CorsConfig> policies = new HashMap<>();
        apis.forEach(api -> api.cors().ifPresent(cors -> policies.put(api.name(), cors)));
        return Collections.unmodifiableMap(policies);
    }

    /** The names of the APIs that let tokens without {@code cnf} through. */
    Set<String> acceptingBearerTokens() {
        Set<String> names = new LinkedHashSet<>();
        apis.stream().filter(ApiRuntime::acceptBearerTokens).forEach(api -> names.add(api.name()));
        return names;
    }

    private <T> Map<String, T> table(java.util.function.Function<ApiRuntime, T> value) {
        Map<String, T> table = new HashMap<>();
        apis.forEach(api -> table.put(api.name(), value.apply(api)));
        return Collections.unmodifiableMap(table);
    }

    /** Closes every API's upstream client. */
    @Override
    public void close() {
        apis.forEach(ApiRuntime::close);
    }
}
