package io.bulwark.gateway.steps;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Step;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Outermost step: every refusal by a later step becomes a security event, with the operation and client when known. */
public final class SecurityEventStep implements Step {

    private final SecurityEventSink sink;
    private final InstantSource clock;

    public SecurityEventStep(SecurityEventSink sink, InstantSource clock) {
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        GatewayResponse response = chain.proceed(exchange);
        if (response.refused()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("method", exchange.request().method());
            details.put("path", exchange.request().path());
            details.put("status", Integer.toString(response.status()));
            details.put("problem", response.refusal().type());
            details.put("reason", response.reason());
            if (exchange.operation() != null) {
                details.put("operation", exchange.operation().operation().operationId());
            }
            if (exchange.accessToken() != null) {
                details.put("client_id", exchange.accessToken().clientId());
                details.put("sub", exchange.accessToken().subject());
            }
            sink.record(new SecurityEvent(clock.instant(), "request_refused", exchange.requestId(),
                    exchange.request().remoteAddress(), details));
        }
        return response;
    }
}
