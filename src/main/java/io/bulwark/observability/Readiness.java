package io.bulwark.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /health/ready}: every check's result by name, and the node's status: {@code fail} if any check
 * failed, else {@code warn} if any warned, else {@code pass}. Its JSON follows draft-inadarei-api-health-check's status
 * words: {@code {"status":"fail","failing":["redis"],"checks":{"redis":{"status":"fail","detail":"…","duration_ms":2001}}}}.
 *
 * @param results each check's result and how long it took, in the order the checks were given
 */
public record Readiness(Map<String, Timed> results) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A check's result and its duration in milliseconds. */
    public record Timed(CheckResult result, long millis) {
    }

    public Readiness {
        results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** The worst status of all checks; {@code pass} when there is none. */
    public CheckResult.Status status() {
        return results.values().stream().map(timed -> timed.result().status()).max(Enum::compareTo).orElse(CheckResult.Status.PASS);
    }

    /** The names of the checks that failed, in order. */
    public List<String> failing() {
        return results.entrySet().stream().filter(e -> e.getValue().result().status() == CheckResult.Status.FAIL)
                .map(Map.Entry::getKey).toList();
    }

    /** The HTTP status to answer with: 503 when a check failed (the node should take no traffic), else 200. */
    public int httpStatus() {
        return status() == CheckResult.Status.FAIL ? 503 : 200;
    }

    /** The answer's JSON document. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status().json());
        failing().forEach(root.putArray("failing")::add);
        ObjectNode checks = root.putObject("checks");
        results.forEach((name, timed) -> checks.putObject(name)
                .put("status", timed.result().status().json())
                .put("detail", timed.result().detail())
                .put("duration_ms", timed.millis()));
        return root.toString();
    }
}
