package io.bulwark.gateway.steps;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
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
            exchange.operationIfKnown().ifPresent(operation -> details.put("operation", operation.operation().operationId()));
            exchange.accessTokenIfKnown().ifPresent(token -> {
                details.put("client_id", token.clientId());
                details.put("sub", token.subject());
            });
            sink.record(new SecurityEvent(clock.instant(), "request_refused", exchange.requestId(),
                    exchange.request().remoteAddress(), details));
        }
        return response;
    }

    @Override
    public Phase phase() {
        return Phase.OBSERVE;
    }
}
