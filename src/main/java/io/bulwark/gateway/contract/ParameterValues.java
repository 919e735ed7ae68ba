package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bulwark.gateway.openapi.ParameterContract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns parameter text into the JSON value its schema describes: "42" into 42 when the schema says
 * integer, "a,b" into ["a","b"] for an array. Text that is not of the declared type stays text, so
 * the schema check reports it as the wrong type.
 */
final class ParameterValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    // RFC 8259 §6 number grammar: no leading '+', no leading zeros, no hex, no NaN.
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,30})");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,4})?");

    private ParameterValues() {
    }

    /** The value of {@code parameter} sent as {@code values} (more than one only for exploded query arrays). */
    static JsonNode of(ParameterContract parameter, List<String> values) {
        if (!parameter.array()) {
            return scalar(values.getFirst(), parameter.scalarTypes());
        }
        ArrayNode items = NODES.arrayNode();
        if (parameter.explode() && parameter.in() == ParameterContract.Location.QUERY) {
            values.forEach(value -> items.add(scalar(value, parameter.scalarTypes())));
        } else if (!values.getFirst().isEmpty()) {
            for (String item : values.getFirst().split(",", -1)) {
                items.add(scalar(item, parameter.scalarTypes()));
            }
        }
        return items;
    }

    private static JsonNode scalar(String text, Set<String> types) {
        if (types.contains("integer") && INTEGER.matcher(text).matches()) {
            return NODES.numberNode(new BigInteger(text));
        }
        if (types.contains("number") && NUMBER.matcher(text).matches()) {
            return NODES.numberNode(new BigDecimal(text));
        }
        if (types.contains("boolean") && (text.equals("true") || text.equals("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        if (types.contains("null") && text.isEmpty() && !types.contains("string")) {
            return NODES.nullNode();
        }
        return NODES.textNode(text);
    }
}
