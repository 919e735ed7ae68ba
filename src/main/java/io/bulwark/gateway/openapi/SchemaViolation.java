package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One way a JSON value breaks its schema, described from the schema's side only: which keyword,
 * where in the value, and what the schema asked. The offending value itself is never kept.
 *
 * @param keyword     the JSON Schema keyword that failed ({@code type}, {@code pattern}, {@code required}, …)
 * @param pointer     JSON Pointer to the failing place in the value ("" for the value itself)
 * @param property    for {@code required} and {@code additionalProperties}: the property concerned, else null
 * @param schemaValue the keyword's value in the schema ({@code "integer"}, {@code 70}, {@code ["a","b"]}), or null
 */
public record SchemaViolation(String keyword, String pointer, String property, JsonNode schemaValue) {
}
