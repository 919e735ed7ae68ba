package io.bulwark.gateway.steps;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.AuditUnavailableException;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outermost step: every request, allowed, refused or failed, becomes one audit event, committed to
 * the audit trail before the response is written (PCI DSS 4.0.1 req. 10.2). When the trail cannot
 * take it, the response is withheld (503): the gateway does not answer what it cannot account for.
 */
public final class AuditStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStep.class);
    static final Problem AUDIT_UNAVAILABLE = Problem.of("audit-unavailable", "Service Unavailable", 503,
            "the request could not be recorded, so its answer is withheld; try again later");

    private final AuditTrail trail;
    private final InstantSource clock;

    public AuditStep(AuditTrail trail, InstantSource clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        Instant arrived = clock.instant();
        long started = System.nanoTime();
        GatewayResponse response;
        try {
            response = chain.proceed(exchange);
        } catch (RuntimeException failure) {
            try {
                trail.append(event(exchange, null, arrived, started));
            } catch (AuditUnavailableException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        try {
            trail.append(event(exchange, response, arrived, started));
        } catch (AuditUnavailableException e) {
            // The upstream may already have acted; the log line lets an operator reconcile by request id.
            LOG.error("request {} could not be audited ({}); its response (status {}) is withheld",
                    exchange.requestId(), e.getMessage(), response.status());
            return GatewayResponse.refuse(AUDIT_UNAVAILABLE, "audit_unavailable");
        }
        return response;
    }

    private static AuditEvent event(Exchange exchange, GatewayResponse response, Instant arrived, long started) {
        long latencyMicros = (System.nanoTime() - started) / 1_000;
        MatchedOperation operation = exchange.operationIfKnown().orElse(null);
        VerifiedAccessToken token = exchange.accessTokenIfKnown().orElse(null);
        AuditDecision decision = response == null ? AuditDecision.FAILED
                : response.refused() ? AuditDecision.REFUSED : AuditDecision.ALLOWED;
        String reason = response == null ? "internal_error" : response.reason();
        String problem = response == null || response.refusal() == null ? null
                : response.refusal().type().replace(Problem.TYPE_BASE, "");
        return new AuditEvent(arrived, exchange.requestId(), decision, reason, problem,
                response == null ? 500 : response.status(), exchange.request().method(), exchange.request().path(),
                operation == null ? null : operation.apiName(),
                operation == null ? null : operation.operation().operationId(),
                operation == null ? Map.of() : objects(operation.pathParameters()),
                token == null ? null : token.subject(), token == null ? null : token.clientId(),
                exchange.request().remoteAddress(), exchange.request().body().length,
                response == null ? 0 : response.body().length, latencyMicros,
                exchange.upstreamNanos().isPresent() ? java.util.OptionalLong.of(exchange.upstreamNanos().getAsLong() / 1_000)
                        : java.util.OptionalLong.empty());
    }

    /** The objects a request names: its path parameters, decoded as far as they decode. */
    private static Map<String, String> objects(Map<String, String> pathParameters) {
        Map<String, String> objects = new LinkedHashMap<>();
        pathParameters.forEach((name, raw) -> {
            try {
                objects.put(name, URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                objects.put(name, raw);
            }
        });
        return objects;
    }

    @Override
    public Phase phase() {
        return Phase.OBSERVE;
    }
}
