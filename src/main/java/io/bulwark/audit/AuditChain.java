package io.bulwark.audit;

import io.bulwark.digest.HmacSha256;
import io.bulwark.digest.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The keyed chain of the audit trail: each record's hash is HMAC-SHA256, under a key derived from the
 * master key, over the previous record's hash and the record's own canonical JSON. Editing, removing
 * or reordering any record changes every hash after it, and nobody without the key (the database
 * holds none) can compute the hashes again. Records written before the chain was keyed keep their
 * plain SHA-256 ({@link #LEGACY_SHA256}); stores call {@link #link}, {@link AuditChainVerifier} checks.
 */
public final class AuditChain {

    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);
    /** The algorithm of every record written now. */
    public static final String HMAC_SHA256 = "hmac-sha256";
    /** The algorithm of records written before the chain was keyed: anyone can recompute it, so it proves nothing alone. */
    public static final String LEGACY_SHA256 = "sha256";
    /** The purpose under which the chain's key is derived from the master key. */
    public static final String KEY_PURPOSE = "audit-chain";

    private static final ObjectMapper JSON = new ObjectMapper();
    // Domain separation: a keyed link never equals a MAC computed for another purpose over the same bytes.
    private static final byte[] LINK_LABEL = "bulwark-audit-v2\n".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;

    /** The sequence number and hash of the chain's last record. */
    public record Head(long seq, String hash) {
        public static final Head EMPTY = new Head(0, GENESIS);
    }

    /** @param key the HMAC-SHA256 key derived for {@link #KEY_PURPOSE} */
    public AuditChain(SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The hex HMAC-SHA256 of {@code previousHash}, a newline, and {@code eventJson} (UTF-8), under the chain's key. */
    public String link(String previousHash, String eventJson) {
        return HexFormat.of().formatHex(HmacSha256.of(key, LINK_LABEL, previousHash.getBytes(StandardCharsets.US_ASCII),
                new byte[] {'\n'}, eventJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash a record of {@code algorithm} must carry, or null for an algorithm this release does not know. */
    String expectedHash(String algorithm, String previousHash, String eventJson) {
        if (algorithm == null) {
            return null;
        }
        return switch (algorithm) {
            case HMAC_SHA256 -> link(previousHash, eventJson);
            case LEGACY_SHA256 -> legacyLink(previousHash, eventJson);
            default -> null;
        };
    }

    /** The unkeyed hex SHA-256 of {@code previousHash}, a newline, and {@code eventJson}: the chain before V11. */
    static String legacyLink(String previousHash, String eventJson) {
        return HexFormat.of().formatHex(Sha256.of(previousHash.getBytes(StandardCharsets.US_ASCII), new byte[] {'\n'},
                eventJson.getBytes(StandardCharsets.UTF_8)));
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
