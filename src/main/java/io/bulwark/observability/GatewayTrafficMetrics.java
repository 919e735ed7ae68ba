package io.bulwark.observability;

import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.DecisionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The gateway's traffic, recorded from each request's committed decision event on the listener's own thread (never on
 * the request path), named as Kong names its own: requests by API, operation, status class and client; the request's
 * latency, the upstream's share and the gateway's own share as histograms by API; bytes in and out by API.
 */
public final class GatewayTrafficMetrics implements DecisionListener {

    /** Histogram buckets from 1 ms to 10 s: the gateway's own share sits at the low end, slow upstreams at the high. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /**
     * The API and operation of a request not routed to a declared operation (an undeclared route, a refusal before
     * routing, the gateway's own JWKS): its raw path never becomes a label.
     */
    static final String NOT_ROUTED = LabelValues.NONE;

    /** One API's histograms and byte counters, looked up once per event instead of once per meter. */
    private record ApiMeters(Timer total, Timer upstream, Timer gateway, Counter ingress, Counter egress) {
    }

    /** The labels of one request counter. */
    private record RequestKey(String api, String operation, String statusClass, String client) {
    }

    private final MeterRegistry registry;
    private final Predicate<String> registeredClient;
    private final LabelValues clients = new LabelValues(1_000);
    // Building a meter's id (tags sorted, then a registry lookup) costs several times a map read: each is built once.
    private final Map<String, ApiMeters> apis = new ConcurrentHashMap<>();
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();

    /**
     * @param registeredClient whether a client id belongs to a registered client; any other becomes {@code unregistered}
     *                         (a token from a trusted issuer the introspection endpoint vouched for, say)
     */
    public GatewayTrafficMetrics(MeterRegistry registry, Predicate<String> registeredClient) {
        this.registry = registry;
        this.registeredClient = registeredClient;
    }

    @Override
    public void onDecision(AuditEvent event) {
        String api = event.api() == null ? NOT_ROUTED : event.api();
        String operation = event.operation() == null ? NOT_ROUTED : event.operation();
        requests.computeIfAbsent(new RequestKey(api, operation, statusClass(event.status()), client(event)), key ->
                Counter.builder("bulwark.http.requests").description("Requests through the gateway")
                        .tags("api", key.api(), "operation", key.operation(), "status_class", key.statusClass(), "client", key.client())
                        .register(registry)).increment();
        ApiMeters meters = apis.computeIfAbsent(api, this::meters);
        long total = event.latencyMicros();
        meters.total().record(total, TimeUnit.MICROSECONDS);
        long upstream = event.upstreamMicros().orElse(0);
        if (event.upstreamMicros().isPresent()) {
            meters.upstream().record(upstream, TimeUnit.MICROSECONDS);
        }
        meters.gateway().record(Math.max(0, total - upstream), TimeUnit.MICROSECONDS);
        meters.ingress().increment(event.bytesIn());
        meters.egress().increment(event.bytesOut());
    }

    private ApiMeters meters(String api) {
        return new ApiMeters(
                timer("bulwark.http.request.duration", "Time from a request's arrival at the gateway to its answer", api),
                timer("bulwark.upstream.duration", "Time the upstream API took to answer (retries included)", api),
                timer("bulwark.gateway.duration", "The gateway's own share of a request's time: the whole less the upstream call", api),
                bandwidth(api, "ingress"), bandwidth(api, "egress"));
    }

    private Timer timer(String name, String description, String api) {
        return Timer.builder(name).description(description).tag("api", api).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Counter bandwidth(String api, String direction) {
        return Counter.builder("bulwark.bandwidth").baseUnit("bytes").description("Body bytes received from clients (ingress) and sent to them (egress)")
                .tags("api", api, "direction", direction).register(registry);
    }

    private String client(AuditEvent event) {
        if (event.clientId() == null) {
            return LabelValues.NONE;
        }
        return registeredClient.test(event.clientId()) ? clients.of(Optional.of(event.clientId())) : "unregistered";
    }

    /** RFC 9110 §15: the class of a status code, {@code 2xx} to {@code 5xx}. */
    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    @Override
    public String name() {
        return "metrics";
    }
}
