package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.http.Problem;

/**
 * Matches the request to an operation an OpenAPI document declares. Anything undeclared (path,
 * or method on a declared path) is refused with 404: the gateway has no default route.
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
        var match = routes.match(exchange.request().method(), exchange.request().path());
        if (match.isEmpty()) {
            return GatewayResponse.refuse(UNDECLARED, "undeclared_route");
        }
        exchange.operation(match.get());
        return chain.proceed(exchange);
    }
}
