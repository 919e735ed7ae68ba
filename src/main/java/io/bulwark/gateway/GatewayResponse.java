package io.bulwark.gateway;

import io.bulwark.http.Problem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
        java.util.LinkedHashMap<String, List<String>> headers = new java.util.LinkedHashMap<>();
        problem.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("Content-Type", List.of(Problem.MEDIA_TYPE));
        return new GatewayResponse(problem.status(), headers, problem.toJson().getBytes(StandardCharsets.UTF_8), problem, reason);
    }

    public boolean refused() {
        return refusal != null;
    }
}
