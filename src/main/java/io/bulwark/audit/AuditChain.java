package io.bulwark.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of the audit trail: each record's hash is SHA-256 over the previous record's hash
 * and the record's own canonical JSON, so editing, removing or reordering any record changes every
 * hash after it. Stores call {@link #link}; {@link AuditChainVerifier} checks.
 */
public final class AuditChain {

    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sequence number and hash of the chain's last record. */
    public record Head(long seq, String hash) {
        public static final Head EMPTY = new Head(0, GENESIS);
    }

    private AuditChain() {
    }

    /** The hex SHA-256 of {@code previousHash}, a newline, and {@code eventJson} (UTF-8). */
    public static String link(String previousHash, String eventJson) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            return HexFormat.of().formatHex(sha256.digest(eventJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The canonical JSON of {@code event} as record {@code seq}: fixed member order, no whitespace, nulls left out. */
    public static String canonicalJson(long seq, AuditEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("seq", seq);
        json.put("at", event.at().toString());
        json.put("request_id", event.requestId());
        json.put("decision", event.decision().label());
        putIfPresent(json, "reason", event.reason());
        putIfPresent(json, "problem", event.problem());
        json.put("status", event.status());
        putIfPresent(json, "method", event.method());
        putIfPresent(json, "path", event.path());
        putIfPresent(json, "api", event.api());
        putIfPresent(json, "operation", event.operation());
        if (!event.objects().isEmpty()) {
            ObjectNode objects = json.putObject("objects");
            event.objects().forEach(objects::put);
        }
        putIfPresent(json, "sub", event.subject());
        putIfPresent(json, "client_id", event.clientId());
        putIfPresent(json, "remote_address", event.remoteAddress());
        json.put("bytes_in", event.bytesIn());
        json.put("bytes_out", event.bytesOut());
        json.put("latency_us", event.latencyMicros());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event could not be written as JSON", e);
        }
    }

    /** The JSON of a stored record, read back. */
    static JsonNode parse(String eventJson) throws JsonProcessingException {
        return JSON.readTree(eventJson);
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
