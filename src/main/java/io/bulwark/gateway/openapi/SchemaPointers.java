package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** Reads the JSON Pointers that {@code x-bulwark-*} extensions write, and checks that a schema declares what they name. */
final class SchemaPointers {

    /** A pointer into data, and the schema that declares what it names. */
    record Declared(JsonPointer pointer, LocalRefs.Located schema) {
    }

    private SchemaPointers() {
    }

    /**
     * {@code value} as a JSON Pointer (RFC 6901) to a member, checked to name a property that
     * {@code schema} declares (following {@code $ref}s and array {@code items} for numeric tokens).
     *
     * @throws InvalidOpenApiException naming {@code where} when it is not a pointer or names nothing declared
     */
    static Declared declared(Path file, String where, JsonNode value, LocalRefs.Located schema, LocalRefs refs) {
        JsonPointer pointer = pointer(file, where, value);
        LocalRefs.Located current = refs.resolve(schema.node(), schema.pointer());
        for (JsonPointer rest = pointer; !rest.matches(); rest = rest.tail()) {
            String token = rest.getMatchingProperty();
            JsonNode next = current.node().path("properties").get(token);
            String at = current.pointer() + "/properties/" + LocalRefs.escape(token);
            if (next == null && rest.getMatchingIndex() >= 0 && current.node().has("items")) {
                next = current.node().get("items");
                at = current.pointer() + "/items";
            }
            if (next == null) {
                throw new InvalidOpenApiException(file, where, "`" + pointer + "` names `" + token
                        + "`, which the schema at " + LocalRefs.where(current.pointer()) + " does not declare");
            }
            current = refs.resolve(next, at);
        }
        return new Declared(pointer, current);
    }

    /** {@code value} as a non-empty JSON Pointer. */
    static JsonPointer pointer(Path file, String where, JsonNode value) {
        if (value == null || !value.isTextual() || !value.asText().startsWith("/")) {
            throw new InvalidOpenApiException(file, where, "must be a JSON Pointer (RFC 6901) such as /owner/subject");
        }
        try {
            return JsonPointer.compile(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidOpenApiException(file, where, "is not a valid JSON Pointer (RFC 6901): " + value.asText());
        }
    }
}
