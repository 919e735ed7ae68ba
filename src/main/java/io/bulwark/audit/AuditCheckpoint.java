package io.bulwark.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed checkpoint of the audit chain: record {@code seq} had hash {@code hash} when {@code signedAt}, as the JWS
 * {@code jws} (ES256, key {@code keyId} of the audit-checkpoint purpose) says. Only the JWS is evidence: the other
 * fields repeat its payload for queries and are ignored by {@link AuditCheckpointVerifier}.
 */
public record AuditCheckpoint(long seq, String hash, Instant signedAt, String keyId, String jws) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditCheckpoint {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(jws, "jws");
    }

    /** One line of an exported checkpoint file (and the body POSTed to a checkpoint webhook). */
    public String toJsonLine() {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", seq);
        line.put("hash", hash);
        line.put("signed_at", signedAt.toString());
        line.put("kid", keyId);
        line.put("jws", jws);
        return line.toString();
    }

    /** The JWS of an exported line; the other members are not trusted. */
    public static String jwsOfJsonLine(String line) throws JsonProcessingException {
        JsonNode jws = JSON.readTree(line).get("jws");
        if (jws == null || !jws.isTextual()) {
            throw new JsonProcessingException("the line has no `jws` member") {
            };
        }
        return jws.asText();
    }
}
