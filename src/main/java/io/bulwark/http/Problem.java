package io.bulwark.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail: the only shape in which Bulwark reports an error over HTTP.
 * {@code detail} is written for the caller; internal causes never go in it (they are logged).
 */
public record Problem(String type, String title, int status, String detail, Map<String, String> headers) {

    /** Base of every stable problem {@code type} URI. */
    public static final String TYPE_BASE = "https://bulwark.dev/problems/";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    /** A problem whose type is {@code TYPE_BASE + slug}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, Map.of());
    }

    /** The same problem with one more response header (for example {@code WWW-Authenticate}). */
    public Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(type, title, status, detail, more);
    }

    /** The problem as {@code application/problem+json}. */
    public String toJson() {
        return toJson(null);
    }

    /**
     * The problem as {@code application/problem+json}, naming the request it answers (when not null) as its
     * {@code instance} (RFC 9457 §3.1.5: a URI for this occurrence) and {@code request_id}, so that a caller can quote it.
     */
    public String toJson(String requestId) {
        StringBuilder json = new StringBuilder(160).append('{');
        appendField(json, "type", type).append(',');
        appendField(json, "title", title).append(',');
        json.append("\"status\":").append(status);
        if (detail != null) {
            appendField(json.append(','), "detail", detail);
        }
        if (requestId != null) {
            appendField(json.append(','), "instance", "urn:uuid:" + requestId);
            appendField(json.append(','), "request_id", requestId);
        }
        return json.append('}').toString();
    }

    /** The response header that carries the request's id on every answer. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static StringBuilder appendField(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /** Media type of a serialized problem (RFC 9457 §3). */
    public static final String MEDIA_TYPE = "application/problem+json";
}
