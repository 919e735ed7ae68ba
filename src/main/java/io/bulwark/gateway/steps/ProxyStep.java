package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.http.InteractionId;
import io.bulwark.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Terminal step: forwards the request to its API's upstream and returns the answer. Only headers
 * the upstream needs pass; the caller's token and anything that could spoof the verified identity
 * stay behind, and the identity is passed as headers the gateway alone sets.
 */
public final class ProxyStep implements Step {

    /** Headers the gateway sets for the upstream; values a caller sends under these names are dropped. */
    public static final String SUBJECT_HEADER = "X-Bulwark-Subject";
    public static final String CLIENT_HEADER = "X-Bulwark-Client-Id";
    /** The verified identity as a JWS signed by the gateway (keys at {@code GatewayJwksStep.PATH}); the plain headers stay for compatibility. */
    public static final String IDENTITY_HEADER = "X-Bulwark-Identity";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger LOG = LoggerFactory.getLogger(ProxyStep.class);

    // Request headers forwarded as they are; everything else is dropped (allow-list, fail closed).
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of(
            "accept", "accept-language", "content-type", "if-match", "if-none-match",
            "x-fapi-customer-ip-address", "x-idempotency-key", "idempotency-key", "user-agent");
    // RFC 9110 §7.6.1: hop-by-hop headers never pass a proxy; Server and friends disclose the upstream.
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "server", "x-powered-by", "date");

    private final Map<String, Upstream> upstreams;
    private final Map<String, String> basePaths;
    private final InstantSource clock;

    /**
     * @param upstreams the upstream of each API, by API name
     * @param basePaths the gateway base path of each API, by API name (used to rewrite Location)
     * @param clock     the time a {@code Retry-After} is counted from
     */
    public ProxyStep(Map<String, Upstream> upstreams, Map<String, String> basePaths, InstantSource clock) {
        this.upstreams = Map.copyOf(upstreams);
        this.basePaths = Map.copyOf(basePaths);
        this.clock = clock;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        String api = exchange.operation().apiName();
        Upstream upstream = upstreams.get(api);
        GatewayRequest request = exchange.request();
        String pathAndQuery = exchange.operation().upstreamPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        Upstream.Request forwarded = new Upstream.Request(request.method(), pathAndQuery, upstreamHeaders(exchange), request.body());
        long started = System.nanoTime();
        try {
            GatewayResponse answer = upstream.send(forwarded);
            exchange.upstreamNanos(System.nanoTime() - started);
            return new GatewayResponse(answer.status(), responseHeaders(answer.headers(), basePaths.get(api)), answer.body(), null, null);
        } catch (Upstream.UpstreamException e) {
            exchange.upstreamNanos(System.nanoTime() - started);
            return failed(api, exchange, e, clock);
        }
    }

    /** An upstream that failed, as a problem: 503 while its circuit is open, 504 on a timeout, else 502. */
    static GatewayResponse failed(String api, Exchange exchange, Upstream.UpstreamException e, InstantSource clock) {
        LOG.warn("upstream {} failed for request {}: {}", api, exchange.requestId(), e.getMessage());
        if (e.circuitOpen()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), e.retryAt().orElseThrow()).toSeconds());
            return GatewayResponse.refuse(Problem.of("upstream-circuit-open", "Service Unavailable", 503,
                    "the API is failing and is given a pause; try again later").withHeader("Retry-After", Long.toString(seconds)),
                    "upstream_circuit_open");
        }
        return e.timedOut()
                ? GatewayResponse.refuse(Problem.of("upstream-timeout", "Gateway Timeout", 504,
                        "the API did not answer in time"), "upstream_timeout")
                : GatewayResponse.refuse(Problem.of("upstream-unavailable", "Bad Gateway", 502,
                        "the API could not be reached"), "upstream_unavailable");
    }

    private static Map<String, List<String>> upstreamHeaders(Exchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.request().headers().forEach((name, values) -> {
            if (FORWARDED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        headers.putAll(identityHeaders(exchange));
        return headers;
    }

    /**
     * The verified identity and request id the gateway alone sets for the upstream. The trace context is not among
     * them: each call's own span writes it ({@code TracedUpstream}), and a caller's never passes the allow-list.
     */
    static Map<String, List<String>> identityHeaders(Exchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        VerifiedAccessToken token = exchange.accessToken();
        headers.put(SUBJECT_HEADER, List.of(token.subject()));
        headers.put(CLIENT_HEADER, List.of(token.clientId()));
        // A caller's own X-Bulwark-Identity never passes (not in the allow-list); only the gateway's signed one does.
        headers.put(IDENTITY_HEADER, List.of(exchange.identityAssertion()));
        headers.put(REQUEST_ID_HEADER, List.of(exchange.requestId()));
        // FAPI 1.0 Part 1 §6.2.1 item 11: the interaction id travels on, the client's valid one or the gateway's own.
        headers.put(InteractionId.HEADER, List.of(exchange.interactionId()));
        return headers;
    }

    private static Map<String, List<String>> responseHeaders(Map<String, List<String>> upstream, String basePath) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        upstream.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (DROPPED_RESPONSE_HEADERS.contains(lower)) {
                return;
            }
            // The upstream speaks of its own paths; the caller must see the gateway's.
            if (lower.equals("location") && values.size() == 1 && values.getFirst().startsWith("/")) {
                headers.put(name, List.of(basePath + values.getFirst()));
                return;
            }
            headers.put(name, values);
        });
        return headers;
    }

    @Override
    public Phase phase() {
        return Phase.PROXY;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN, Fact.IDENTITY_ASSERTION);
    }
}
