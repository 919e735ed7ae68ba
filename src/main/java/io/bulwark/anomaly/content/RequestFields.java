package io.bulwark.anomaly.content;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.anomaly.traffic.PathFolding;
import io.bulwark.redaction.SecretMasker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request taken apart into its operation and named fields: {@code path.<segment before>} for each folded path id,
 * {@code query.<name>}, {@code body.<name>} for form fields and JSON members (nested as {@code body.a.b}, array items
 * as {@code body.a[]}), {@code body} for any other body, {@code cookie.<name>} and {@code header.<name>} (all headers
 * but credentials and per-request ids). Values are decoded ({@link ValueDecoding}) before any model sees them.
 */
final class RequestFields {

    static final int MAX_FIELDS = 256;
    static final int MAX_VALUE_CHARS = 16_384;
    private static final int MAX_NAME_CHARS = 64;
    private static final int MAX_JSON_DEPTH = 12;
    private static final Set<String> SKIPPED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "dpop",
            "content-length", "x-request-id", "x-fapi-interaction-id", "traceparent", "tracestate", "date", "if-none-match",
            "if-match", "if-modified-since", "x-amzn-trace-id", "x-correlation-id", "idempotency-key", "x-idempotency-key",
            "x-jws-signature", "signature", "signature-input", "x-api-key", "set-cookie");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());

    private static final java.util.concurrent.ConcurrentMap<String, Boolean> SENSITIVE = new java.util.concurrent.ConcurrentHashMap<>();

    private RequestFields() {
    }

    /**
     * One field of a request.
     *
     * @param name      its name, {@code query.id}
     * @param value     its decoded value
     * @param sensitive true when its name says it is a credential: its values are never kept, not even hashed
     */
    record Field(String name, ValueDecoding.Decoded value, boolean sensitive) {
    }

    /**
     * A request taken apart.
     *
     * @param operation method and folded path, {@code GET /bank/v1/accounts/{id}}
     * @param literals  the path's literal segments, decoded
     * @param fields    its fields in the order sent
     */
    record Parts(String operation, List<String> literals, List<Field> fields) {
    }

    static Parts of(TrafficRecord record) {
        PathFolding.FoldedPath folded = PathFolding.fold(record.url());
        List<Field> fields = new ArrayList<>();
        for (PathFolding.Segment segment : folded.folded()) {
            add(fields, segment.name(), segment.value(), true, false);
        }
        List<String> literals = new ArrayList<>();
        for (String literal : folded.template().split("/")) {
            if (!literal.isEmpty() && !literal.equals(PathFolding.PLACEHOLDER)) {
                literals.add(ValueDecoding.decode(literal, true, false).text());
            }
        }
        int query = record.url().indexOf('?');
        if (query >= 0) {
            form(fields, "query.", record.url().substring(query + 1));
        }
        String contentType = "";
        for (Map.Entry<String, String> header : record.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-type")) {
                contentType = header.getValue().toLowerCase(Locale.ROOT);
            }
            if (name.equals("cookie")) {
                cookies(fields, header.getValue());
            } else if (!SKIPPED_HEADERS.contains(name)) {
                add(fields, "header." + name, header.getValue(), false, false);
            }
        }
        body(fields, record.body(), contentType);
        return new Parts(record.method() + " " + folded.template(), literals, fields);
    }

    private static void body(List<Field> fields, String body, String contentType) {
        if (body == null || body.isEmpty()) {
            return;
        }
        String trimmed = body.stripLeading();
        boolean jsonish = contentType.contains("json") || (contentType.isEmpty() && (trimmed.startsWith("{") || trimmed.startsWith("[")));
        if (jsonish) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null) {
                    json(fields, "body", node, 0);
                    return;
                }
            } catch (java.io.IOException e) {
                // Not JSON after all: scored as one raw body below, where its characters will tell.
            }
        }
        if (contentType.contains("x-www-form-urlencoded") || (contentType.isEmpty() && !jsonish && body.indexOf('=') > 0
                && body.indexOf('\n') < 0)) {
            form(fields, "body.", body);
            return;
        }
        add(fields, "body", body, false, false);
    }

    private static void json(List<Field> fields, String name, JsonNode node, int depth) {
        if (fields.size() >= MAX_FIELDS) {
            return;
        }
        if (depth > MAX_JSON_DEPTH) {
            add(fields, name, node.toString(), false, false);
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                String key = PathFolding.isIdentifier(e.getKey()) ? PathFolding.PLACEHOLDER : e.getKey();
                json(fields, name + "." + cut(key), e.getValue(), depth + 1);
            });
        } else if (node.isArray()) {
            node.forEach(item -> json(fields, name + "[]", item, depth + 1));
        } else {
            add(fields, name, node.isTextual() ? node.textValue() : node.toString(), false, false);
        }
    }

    /** {@code a=1&b=2} as fields {@code prefix + name}; a part with no {@code =} is a name with an empty value. */
    private static void form(List<Field> fields, String prefix, String encoded) {
        int start = 0;
        while (start <= encoded.length() && fields.size() < MAX_FIELDS) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            String part = encoded.substring(start, end);
            if (!part.isEmpty()) {
                int eq = part.indexOf('=');
                String rawName = eq < 0 ? part : part.substring(0, eq);
                String name = ValueDecoding.percent(rawName, true);
                add(fields, prefix + cut(name), eq < 0 ? "" : part.substring(eq + 1), true, true);
            }
            start = end + 1;
        }
    }

    private static void cookies(List<Field> fields, String header) {
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                add(fields, "cookie." + cut(pair.substring(0, eq).strip()), pair.substring(eq + 1).strip(), true, false);
            }
        }
    }

    private static void add(List<Field> fields, String name, String raw, boolean transportEncoded, boolean plusIsSpace) {
        if (fields.size() >= MAX_FIELDS) {
            return;
        }
        String value = raw.length() > MAX_VALUE_CHARS ? raw.substring(0, MAX_VALUE_CHARS) : raw;
        ValueDecoding.Decoded decoded = ValueDecoding.decode(value, transportEncoded, plusIsSpace);
        fields.add(new Field(name, decoded, sensitive(name)));
    }

    private static String cut(String name) {
        String clean = name.replace('.', '_');
        return clean.length() > MAX_NAME_CHARS ? clean.substring(0, MAX_NAME_CHARS) + "~" : clean;
    }

    /** True when {@link SecretMasker} would mask a value sent under this name (passwords, tokens, secrets). */
    private static boolean sensitive(String name) {
        String bare = name.substring(name.lastIndexOf('.') + 1);
        Boolean known = SENSITIVE.get(bare);
        if (known != null) {
            return known;
        }
        String probe = bare + "=probevalue";
        boolean sensitive = !SecretMasker.mask(probe).equals(probe);
        if (SENSITIVE.size() < 10_000) {
            SENSITIVE.put(bare, sensitive);
        }
        return sensitive;
    }
}
