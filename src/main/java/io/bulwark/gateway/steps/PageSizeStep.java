package io.bulwark.gateway.steps;

import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.http.Problem;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;

/**
 * Caps page-size query parameters per operation (OWASP API4:2023): one request for a huge page does the work of many
 * and slips past every rate limit. A value over the cap, or not a whole number, is refused rather than silently cut.
 */
public final class PageSizeStep implements Step {

    private final RequestLimitsConfig.PageSize caps;

    /**
     * @param operationIds every operationId the gateway routes; a cap naming another is refused at start-up
     * @throws IllegalArgumentException when a cap names an operation no API declares
     */
    public PageSizeStep(RequestLimitsConfig.PageSize caps, Collection<String> operationIds) {
        for (String operation : caps.byOperation().keySet()) {
            if (!operationIds.contains(operation)) {
                throw new IllegalArgumentException("limits.page-size.operations names `" + operation
                        + "`, which no API's OpenAPI document declares; declared: " + String.join(", ", operationIds));
            }
        }
        this.caps = caps;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        String query = exchange.request().rawQuery();
        if (query == null || query.isEmpty()) {
            return chain.proceed(exchange);
        }
        int cap = caps.capOf(exchange.operation().operation().operationId());
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null || !caps.parameters().contains(name)) {
                continue;
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value == null || !value.matches("\\d{1,9}")) {
                return GatewayResponse.refuse(Problem.of("invalid-page-size", "Bad Request", 400,
                        "query parameter " + name + " must be a whole number from 1 to " + cap), "invalid_page_size");
            }
            if (Integer.parseInt(value) > cap) {
                return GatewayResponse.refuse(Problem.of("page-size-too-large", "Bad Request", 400,
                        "query parameter " + name + " must be at most " + cap + " for this operation"), "page_size_too_large");
            }
        }
        return chain.proceed(exchange);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public Phase phase() {
        return Phase.ROUTE_POLICY;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION);
    }
}
