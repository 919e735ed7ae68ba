package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.http.Problem;

import java.util.Set;

/**
 * Matches the request to an operation an OpenAPI document declares. Anything undeclared (path,
 * or method on a declared path) is refused with 404: the gateway has no default route. A CORS
 * preflight is matched to the operation it asks about; {@code CorsStep} answers it.
 */
public final class RouteStep implements Step {

    static final Problem UNDECLARED = Problem.of("undeclared-route", "Not Found", 404,
            "no API behind this gateway declares this method and path");

    private final RouteTable routes;

    public RouteStep(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        var request = exchange.request();
        // Fetch §3.2.2: a preflight names the method of the request to come; routing it by that method lets the rate
        // limits count it against that operation, and CorsStep answers it (never the upstream).
        String method = request.corsPreflight() ? request.header("Access-Control-Request-Method") : request.method();
        var match = routes.match(method, request.path());
        if (match.isEmpty()) {
            return GatewayResponse.refuse(UNDECLARED, "undeclared_route");
        }
        exchange.operation(match.get());
        return chain.proceed(exchange);
    }

    @Override
    public Phase phase() {
        return Phase.ROUTE;
    }

    @Override
    public Set<Fact> provides() {
        return Set.of(Fact.OPERATION);
    }
}
