package io.bulwark.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request through the gateway, as the audit trail keeps it: who (subject and client), what
 * (operation and the objects named in its path), the decision and why, and its size and latency.
 * Never a token, a secret, a query string, a header or a body; free text is cleaned by
 * {@link AuditRedaction} here, whoever builds the event.
 *
 * @param at            when the request arrived (microseconds)
 * @param requestId     the gateway's request id (also sent upstream as X-Request-Id)
 * @param reason        the machine reason of a refusal or failure; null when allowed
 * @param problem       the problem type slug of a refusal; null when allowed
 * @param path          the request path without the query, cleaned and capped
 * @param api           the API's name, or null for an undeclared route
 * @param operation     the operationId, or null for an undeclared route
 * @param objects       the path parameters (decoded as sent), cleaned and capped
 * @param subject       the token's {@code sub}, or null before authentication
 * @param clientId      the token's {@code client_id}, or null before authentication
 * @param latencyMicros time from arrival to the answer, excluding the audit write itself
 * @param upstreamMicros the upstream call's share of {@code latencyMicros}; empty when no upstream was called. Not part
 *                      of the chained record: metrics read it off the published event
 */
public record AuditEvent(Instant at, String requestId, AuditDecision decision, String reason, String problem, int status,
                         String method, String path, String api, String operation, Map<String, String> objects,
                         String subject, String clientId, String remoteAddress, long bytesIn, long bytesOut, long latencyMicros,
                         java.util.OptionalLong upstreamMicros) {

    private static final int MAX_TEXT = 256;

    public AuditEvent {
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(decision, "decision");
        path = AuditRedaction.clean(path, MAX_TEXT);
        TreeMap<String, String> cleaned = new TreeMap<>();
        objects.forEach((name, value) -> cleaned.put(AuditRedaction.clean(name, 64), AuditRedaction.clean(value, MAX_TEXT)));
        objects = java.util.Collections.unmodifiableMap(cleaned);
        subject = AuditRedaction.clean(subject, MAX_TEXT);
        clientId = AuditRedaction.clean(clientId, MAX_TEXT);
        reason = AuditRedaction.clean(reason, 64);
        method = AuditRedaction.clean(method, 16);
        Objects.requireNonNull(upstreamMicros, "upstreamMicros");
    }
}
