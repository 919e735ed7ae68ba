package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.gateway.openapi.Classification;
import io.bulwark.gateway.openapi.FieldShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes from a response what the caller may not see (OWASP API3:2023, GDPR Art. 5(1)(c) data
 * minimization): each property is judged by its own classification, the unit it classifies
 * includes everything inside it, and array items by their items' classification. {@code secret}
 * never leaves; a {@code pci} PAN the caller may not see is masked to its last four digits, other
 * {@code pci} data removed.
 */
public final class ResponseMinimizer {

    /** What minimization did to one response. */
    public record Result(int removed, int masked) {
    }

    private final Set<Classification> visible;
    private final Classification unclassified;
    private int removed;
    private int masked;

    private ResponseMinimizer(Set<Classification> visible, Classification unclassified) {
        this.visible = visible;
        this.unclassified = unclassified;
    }

    /**
     * Minimizes {@code json} in place.
     *
     * @param visible      the classes the caller may see ({@code secret} is ignored if present)
     * @param unclassified the class of properties the contract leaves unclassified
     */
    public static Result minimize(JsonNode json, FieldShape shape, Set<Classification> visible, Classification unclassified) {
        ResponseMinimizer minimizer = new ResponseMinimizer(visible, unclassified);
        minimizer.walk(json, shape);
        return new Result(minimizer.removed, minimizer.masked);
    }

    private void walk(JsonNode node, FieldShape shape) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> property : properties) {
                FieldShape declared = shape.property(property.getKey());
                FieldShape field = declared != null ? declared : shape.unknown();
                Classification classification = field.classification() != null ? field.classification() : unclassified;
                JsonNode kept = judge(property.getValue(), classification);
                if (kept == null) {
                    object.remove(property.getKey());
                } else if (kept != property.getValue()) {
                    object.set(property.getKey(), kept);
                } else {
                    walk(kept, field);
                }
            }
        } else if (node instanceof ArrayNode array) {
            FieldShape items = shape.items();
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode item = array.get(i);
                JsonNode kept = items.classification() == null ? item : judge(item, items.classification());
                if (kept == null) {
                    array.remove(i);
                } else if (kept != item) {
                    array.set(i, kept);
                } else {
                    walk(item, items);
                }
            }
        }
    }

    /** {@code value} itself when visible, its masked form, or null when it must go. */
    private JsonNode judge(JsonNode value, Classification classification) {
        if (classification != Classification.SECRET && visible.contains(classification)) {
            return value;
        }
        if (classification == Classification.PCI && PanMask.looksLikePan(value)) {
            masked++;
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(PanMask.mask(value.asText()));
        }
        removed++;
        return null;
    }
}
