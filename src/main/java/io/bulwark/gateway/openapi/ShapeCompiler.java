package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the schemas of one document into {@link FieldShape}s, once per schema location, so that
 * shared components ({@code $ref}) and recursive schemas become one shared shape.
 */
final class ShapeCompiler {

    /** On a schema: admit properties it does not declare, as {@code additionalProperties: true} would. */
    static final String ALLOW_UNKNOWN = "x-bulwark-allow-unknown-properties";
    static final String CLASSIFICATION = "x-bulwark-classification";

    // Applicators whose properties describe the same instance as the schema they sit in.
    private static final List<String> IN_PLACE = List.of("allOf", "anyOf", "oneOf");

    private final Path file;
    private final LocalRefs refs;
    private final Map<String, FieldShape> compiled = new HashMap<>();

    ShapeCompiler(Path file, LocalRefs refs) {
        this.file = file;
        this.refs = refs;
    }

    /** The shape of the schema at {@code pointer}. */
    FieldShape compile(JsonNode schema, String pointer) {
        FieldShape existing = compiled.get(pointer);
        if (existing != null) {
            return existing;
        }
        if (schema.isBoolean()) {
            return schema.asBoolean() ? FieldShape.ANY : new FieldShape();
        }
        FieldShape shape = new FieldShape();
        // Registered before it is filled: a schema that refers to itself gets this very shape.
        compiled.put(pointer, shape);
        collect(schema, pointer, shape, new HashSet<>());
        return shape;
    }

    private void collect(JsonNode schema, String pointer, FieldShape shape, Set<String> visited) {
        if (!schema.isObject() || !visited.add(pointer)) {
            return;
        }
        JsonNode classification = schema.get(CLASSIFICATION);
        if (classification != null && shape.classification() == null) {
            shape.classification(Classification.parse(classification.asText()).orElseThrow(() -> new InvalidOpenApiException(file,
                    LocalRefs.where(pointer) + "." + CLASSIFICATION, "`" + classification.asText()
                            + "` is not a classification; use public, internal, personal, financial, pci or secret")));
        }
        if (schema.has("$ref")) {
            LocalRefs.Located target = refs.resolve(schema, pointer);
            collect(target.node(), target.pointer(), shape, visited);
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String at = pointer + "/properties/" + LocalRefs.escape(property.getKey());
            shape.declare(property.getKey(), compile(property.getValue(), at));
        }
        for (Map.Entry<String, JsonNode> property : schema.path("patternProperties").properties()) {
            String at = pointer + "/patternProperties/" + LocalRefs.escape(property.getKey());
            try {
                shape.declarePattern(Pattern.compile(property.getKey()), compile(property.getValue(), at));
            } catch (PatternSyntaxException e) {
                throw new InvalidOpenApiException(file, LocalRefs.where(at), "is not a regular expression Bulwark can apply");
            }
        }
        for (String keyword : List.of("additionalProperties", "unevaluatedProperties")) {
            JsonNode additional = schema.get(keyword);
            if (additional != null && !(additional.isBoolean() && !additional.asBoolean())) {
                shape.admitUnknown(compile(additional, pointer + "/" + keyword));
            }
        }
        if (schema.path(ALLOW_UNKNOWN).asBoolean(false)) {
            shape.admitUnknown(FieldShape.ANY);
        }
        JsonNode items = schema.get("items");
        if (items != null && !items.isArray()) {
            shape.items(compile(items, pointer + "/items"));
        }
        for (String keyword : IN_PLACE) {
            JsonNode members = schema.get(keyword);
            if (members != null && members.isArray()) {
                for (int i = 0; i < members.size(); i++) {
                    collect(members.get(i), pointer + "/" + keyword + "/" + i, shape, visited);
                }
            }
        }
        for (String keyword : List.of("then", "else")) {
            if (schema.has(keyword)) {
                collect(schema.get(keyword), pointer + "/" + keyword, shape, visited);
            }
        }
    }
}
