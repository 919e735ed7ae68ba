package io.bulwark.gateway.steps;

import io.bulwark.config.CorsConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.http.Problem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CORS protocol (Fetch standard §3.2) where an API configures it, and nowhere else: answers preflights itself and
 * marks answers to allowed origins; other origins are refused. APIs without {@code cors} never emit {@code Access-Control-*}.
 */
public final class CorsStep implements Step {

    static final Problem PREFLIGHT_REFUSED = Problem.of("cors-preflight-refused", "Forbidden", 403,
            "this origin may not make this request to this API from a browser");
    static final Problem ORIGIN_NOT_ALLOWED = Problem.of("cors-origin-not-allowed", "Forbidden", 403,
            "this API does not accept requests from this origin");
    private static final String ACCESS_CONTROL = "access-control-";

    private final Map<String, CorsConfig> policies;

    /** @param policies the CORS policy of each API that has one, by API name; APIs not named take part in no CORS exchange */
    public CorsStep(Map<String, CorsConfig> policies) {
        this.policies = Map.copyOf(policies);
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        var request = exchange.request();
        CorsConfig cors = policies.get(exchange.operation().apiName());
        String origin = request.header("Origin");
        if (request.corsPreflight()) {
            // A preflight is never forwarded: the upstream would answer a question only the gateway's policy can.
            return cors == null ? GatewayResponse.refuse(RouteStep.UNDECLARED, "undeclared_route") : preflight(exchange, cors, origin);
        }
        if (cors == null) {
            return withoutAccessControl(chain.proceed(exchange));
        }
        if (origin != null && !cors.allowsOrigin(origin)) {
            // Refused outright rather than forwarded without CORS headers: the browser would hide the answer anyway, but
            // the API would already have acted on a request from a site nobody allowed (fail closed). Non-browser
            // clients send no Origin and are not affected.
            return varyOnOrigin(GatewayResponse.refuse(ORIGIN_NOT_ALLOWED, "cors_origin_not_allowed"));
        }
        GatewayResponse response = varyOnOrigin(withoutAccessControl(chain.proceed(exchange)));
        // Fetch §3.2.3: the answer to an allowed origin, refusals included, so its script can read the problem.
        return origin == null ? response : response.withHeaders(Map.of(
                "Access-Control-Allow-Origin", origin,
                "Access-Control-Expose-Headers", String.join(", ", cors.exposedHeaders())));
    }

    private static GatewayResponse preflight(Exchange exchange, CorsConfig cors, String origin) {
        String method = exchange.operation().operation().method();
        String reason = !cors.allowsOrigin(origin) ? "cors_origin_not_allowed"
                : !cors.allowsMethod(method) ? "cors_method_not_allowed"
                : !cors.allowsHeaders(String.join(",", exchange.request().headers("Access-Control-Request-Headers"))) ? "cors_headers_not_allowed"
                : null;
        if (reason != null) {
            // Fetch §4.8 (CORS-preflight fetch): a non-ok status fails the preflight, so the browser never sends the request.
            return varyOnOrigin(GatewayResponse.refuse(PREFLIGHT_REFUSED, reason));
        }
        // Fetch §3.2.3: 204 with the methods and headers allowed. No Access-Control-Allow-Credentials: tokens travel in
        // the Authorization and DPoP headers, never in cookies, so the request needs no credentials mode.
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Access-Control-Allow-Methods", cors.allowedMethodsList());
        headers.put("Access-Control-Allow-Headers", String.join(", ", cors.allowedHeaders()));
        headers.put("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds()));
        headers.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        return new GatewayResponse(204, Map.of(), null, null, "cors_preflight").withHeaders(headers);
    }

    /** CORS is the gateway's decision alone: whatever an upstream says about it is dropped. */
    private static GatewayResponse withoutAccessControl(GatewayResponse response) {
        return response.withoutHeaders(name -> name.toLowerCase(Locale.ROOT).startsWith(ACCESS_CONTROL));
    }

    /** Fetch §3.2.5 (CORS protocol and HTTP caches): the answer depends on Origin, whatever the Origin was. */
    private static GatewayResponse varyOnOrigin(GatewayResponse response) {
        String vary = response.header("Vary").orElse(null);
        if (vary == null) {
            return response.withHeader("Vary", "Origin");
        }
        if (java.util.Arrays.stream(vary.split(",")).anyMatch(field -> field.strip().equalsIgnoreCase("Origin") || field.strip().equals("*"))) {
            return response;
        }
        return response.withHeader("Vary", vary + ", Origin");
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
