package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the properties and parameters an OpenAPI document classifies {@code personal}, {@code pci} or
 * {@code secret} ({@code x-bulwark-classification}, on the schema itself or on the schema it references): the names
 * the logging layer masks wherever a value appears under them.
 */
final class ClassifiedFieldNames {

    private static final Set<String> SENSITIVE = Set.of(Classification.PERSONAL.label(), Classification.PCI.label(),
            Classification.SECRET.label());

    private ClassifiedFieldNames() {
    }

    /** Every such name in {@code document}. */
    static Set<String> in(JsonNode document) {
        Set<String> names = new TreeSet<>();
        collect(document, document, names);
        return Set.copyOf(names);
    }

    private static void collect(JsonNode document, JsonNode node, Set<String> names) {
        if (node.isArray()) {
            node.forEach(item -> collect(document, item, names));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                if (sensitive(document, property.getValue())) {
                    names.add(property.getKey());
                }
            }
        }
        // A parameter (OpenAPI 3.1 §4.8.12) classified through its schema.
        if (node.path("name").isTextual() && node.path("in").isTextual() && sensitive(document, node.path("schema"))) {
            names.add(node.get("name").asText());
        }
        node.forEach(child -> collect(document, child, names));
    }

    private static boolean sensitive(JsonNode document, JsonNode schema) {
        JsonNode resolved = schema;
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            resolved = document.at(ref.substring(1));
        }
        return SENSITIVE.contains(schema.path(ShapeCompiler.CLASSIFICATION).asText(""))
                || SENSITIVE.contains(resolved.path(ShapeCompiler.CLASSIFICATION).asText(""));
    }
}
