package io.bulwark.observability;

import io.bulwark.gateway.CircuitBreakingUpstream;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code upstreams}: the circuit breaker of each API. An open (or half-open) circuit is {@code warn}, not {@code fail}:
 * every node shares the upstream, so taking this one out of service would not help, but operators should see it.
 */
public final class UpstreamCircuitsCheck {

    public static final String NAME = "upstreams";

    private UpstreamCircuitsCheck() {
    }

    /** @param circuits each API's breaker state by API name, read at each check (a reload replaces the APIs) */
    public static ReadinessCheck of(Supplier<Map<String, CircuitBreakingUpstream.State>> circuits) {
        return new ReadinessCheck(NAME, () -> {
            Map<String, CircuitBreakingUpstream.State> states = circuits.get();
            String detail = states.isEmpty() ? "no API configured" : states.entrySet().stream()
                    .map(e -> e.getKey() + ": circuit " + e.getValue().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining("; "));
            boolean allClosed = states.values().stream().allMatch(state -> state == CircuitBreakingUpstream.State.CLOSED);
            return allClosed ? CheckResult.pass(detail) : CheckResult.warn(detail);
        });
    }
}
