package io.bulwark.anomaly.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.anomaly.TrafficRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the fields both formats share from JSON values, with a message that names the fix for each bad one. */
final class JsonRecordFields {

    private JsonRecordFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    static String required(JsonNode node, String field, String example) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing; every request needs one, such as " + example);
        }
        return value;
    }

    static Optional<Instant> time(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("time \"" + text + "\" is not an ISO 8601 instant such as 2026-12-01T10:00:00Z", again);
            }
        }
    }

    static String path(String url) {
        return RequestUrls.pathAndQuery(url).orElseThrow(() -> new IllegalArgumentException(
                "url must be a path with its query, such as /bank/v1/payments?x=1 (or a full http(s) URL)"));
    }

    static OptionalInt status(JsonNode node) {
        JsonNode value = node.get("status");
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 999) {
            throw new IllegalArgumentException("\"status\" must be an HTTP status number such as 201");
        }
        return value.asInt() == 0 ? OptionalInt.empty() : OptionalInt.of(value.asInt());
    }

    static Optional<TrafficRecord.Label> label(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "normal" -> Optional.of(TrafficRecord.Label.NORMAL);
            case "attack" -> Optional.of(TrafficRecord.Label.ATTACK);
            default -> throw new IllegalArgumentException("label \"" + text + "\" is neither \"normal\" nor \"attack\"; use one of them or leave it out");
        };
    }

    /** Headers given as a JSON object of names to strings (a list of strings is joined with ", "). */
    static Map<String, String> headers(JsonNode node) {
        JsonNode headers = node.get("headers");
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null || headers.isNull()) {
            return out;
        }
        if (!headers.isObject()) {
            throw new IllegalArgumentException("\"headers\" must be an object of header names to values, such as {\"Content-Type\": \"application/json\"}");
        }
        headers.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                StringBuilder joined = new StringBuilder();
                v.forEach(item -> joined.append(joined.isEmpty() ? "" : ", ").append(item.asText()));
                out.merge(e.getKey(), joined.toString(), (a, b) -> a + ", " + b);
            } else if (v.isValueNode() && !v.isNull()) {
                out.merge(e.getKey(), v.asText(), (a, b) -> a + ", " + b);
            } else if (!v.isNull()) {
                throw new IllegalArgumentException("header \"" + e.getKey() + "\" must be a string");
            }
        });
        return out;
    }
}
