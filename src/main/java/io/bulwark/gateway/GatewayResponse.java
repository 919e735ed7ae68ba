package io.bulwark.gateway;

import io.bulwark.http.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the gateway answers: from the upstream, or a refusal. A refusal keeps its {@link Problem}
 * and a short machine reason, so that outer steps can report it without parsing the body.
 *
 * @param refusal the problem when the gateway refused; null when the upstream answered
 * @param reason  why it refused, for security events (never sent to the client)
 */
public record GatewayResponse(int status, Map<String, List<String>> headers, byte[] body, Problem refusal, String reason) {

    public GatewayResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A refusal answered with {@code problem} as RFC 9457 JSON. */
    public static GatewayResponse refuse(Problem problem, String reason) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        problem.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("Content-Type", List.of(Problem.MEDIA_TYPE));
        return new GatewayResponse(problem.status(), headers, problem.toJson().getBytes(StandardCharsets.UTF_8), problem, reason);
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The values of field {@code name}, in any case, joined as one field value (RFC 9110 §5.3); empty when absent. */
    public Optional<String> header(String name) {
        List<String> values = new ArrayList<>();
        headers.forEach((field, fieldValues) -> {
            if (field.equalsIgnoreCase(name)) {
                values.addAll(fieldValues);
            }
        });
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /** This response with {@code added} set, each replacing a field of the same name in any case (RFC 9110 §5.1). */
    public GatewayResponse withHeaders(Map<String, String> added) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (added.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                copy.put(name, values);
            }
        });
        added.forEach((name, value) -> copy.put(name, List.of(value)));
        return new GatewayResponse(status, copy, body, refusal, reason);
    }

    /** This response with field {@code name} set to {@code value}, replacing it in any case. */
    public GatewayResponse withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    /** This response without the fields whose names {@code drop} matches. */
    public GatewayResponse withoutHeaders(Predicate<String> drop) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!drop.test(name)) {
                copy.put(name, values);
            }
        });
        return copy.size() == headers.size() ? this : new GatewayResponse(status, copy, body, refusal, reason);
    }

    /** The upstream's answer with a body the gateway rewrote (fields removed or masked), and the reason to audit. */
    public GatewayResponse withRewrittenBody(byte[] rewritten, String auditReason) {
        return new GatewayResponse(status, headers, rewritten, null, auditReason);
    }
}
