package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.openapi.FieldShape;

import java.util.Map;

/**
 * Finds a property the contract does not declare (OWASP API3:2023, mass assignment). Bulwark
 * refuses undeclared properties even where the schema is silent; only an explicit
 * {@code additionalProperties}/{@code unevaluatedProperties} or
 * {@code x-bulwark-allow-unknown-properties: true} admits them.
 */
public final class UnknownProperties {

    private UnknownProperties() {
    }

    /** The JSON Pointer of the first undeclared property in {@code value}, or null when there is none. */
    public static String first(JsonNode value, FieldShape shape) {
        return first(value, shape, "");
    }

    private static String first(JsonNode value, FieldShape shape, String pointer) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                String at = pointer + "/" + property.getKey().replace("~", "~0").replace("/", "~1");
                FieldShape declared = shape.property(property.getKey());
                if (declared == null) {
                    if (!shape.allowsUnknown()) {
                        return at;
                    }
                    declared = shape.unknown();
                }
                String found = first(property.getValue(), declared, at);
                if (found != null) {
                    return found;
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String found = first(value.get(i), shape.items(), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
