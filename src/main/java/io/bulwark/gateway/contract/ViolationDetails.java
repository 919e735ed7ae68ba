package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.openapi.SchemaViolation;

import java.util.List;
import java.util.Set;

/**
 * Words for schema violations, built from the schema's side only (keyword and the value the
 * contract asks for), so that a detail never echoes what the caller sent.
 */
final class ViolationDetails {

    /** Keywords that mean "a property the schema does not admit". */
    static final Set<String> UNKNOWN_PROPERTY_KEYWORDS = Set.of("additionalProperties", "unevaluatedProperties");

    private ViolationDetails() {
    }

    /** "{@code subject}: {@code what}", plus how many other violations there were. */
    static String describe(String subject, List<SchemaViolation> violations) {
        SchemaViolation first = violations.getFirst();
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return subject + " " + what(first) + more;
    }

    /** What the contract asks, in words. */
    static String what(SchemaViolation violation) {
        JsonNode asked = violation.schemaValue();
        String value = asked == null ? "" : asked.isTextual() ? asked.asText() : asked.toString();
        return switch (violation.keyword()) {
            case "type" -> "must be of type " + value;
            case "pattern" -> "must match the pattern " + value;
            case "format" -> "must be a valid " + value;
            case "minLength" -> "must be at least " + value + " characters long";
            case "maxLength" -> "must be at most " + value + " characters long";
            case "minimum" -> "must be at least " + value;
            case "maximum" -> "must be at most " + value;
            case "exclusiveMinimum" -> "must be greater than " + value;
            case "exclusiveMaximum" -> "must be less than " + value;
            case "multipleOf" -> "must be a multiple of " + value;
            case "enum" -> "must be one of " + value;
            case "const" -> "must be exactly " + value;
            case "required" -> "lacks the required property " + SafeText.name(violation.property());
            case "minItems" -> "must have at least " + value + " items";
            case "maxItems" -> "must have at most " + value + " items";
            case "uniqueItems" -> "must not repeat items";
            case "minProperties" -> "must have at least " + value + " properties";
            case "maxProperties" -> "must have at most " + value + " properties";
            case "additionalProperties", "unevaluatedProperties" -> "has a property the contract does not declare: "
                    + SafeText.name(violation.property() == null ? "" : violation.property());
            case "oneOf", "anyOf" -> "matches none of the forms the contract allows";
            case "not" -> "has a form the contract forbids";
            default -> "breaks the contract's '" + violation.keyword() + "' rule";
        };
    }
}
