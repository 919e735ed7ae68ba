package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Publishes the gateway's public identity keys at {@code GET /.well-known/jwks.json}, so upstreams can
 * verify {@code X-Bulwark-Identity}; every other request goes on to the route check.
 */
public final class GatewayJwksStep implements Step {

    /** Where the keys are published on the gateway listener. */
    public static final String PATH = "/.well-known/jwks.json";

    private final Supplier<String> publicJwks;

    /** @param publicJwks the JWK Set JSON of the public keys only, read per request so rotations show at once */
    public GatewayJwksStep(Supplier<String> publicJwks) {
        this.publicJwks = publicJwks;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        if (!PATH.equals(exchange.request().path()) || !"GET".equals(exchange.request().method())) {
            return chain.proceed(exchange);
        }
        // RFC 7517 §8.5.1: a JWK Set document's media type.
        return new GatewayResponse(200, Map.of("Content-Type", List.of("application/jwk-set+json")),
                publicJwks.get().getBytes(StandardCharsets.UTF_8), null, null);
    }

    @Override
    public Phase phase() {
        return Phase.ROUTE;
    }
}
