package io.bulwark.gateway.openapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a schema says about the JSON values at one place: the properties an object may have (with
 * their own shapes and data classes), whether it admits others, and the shape of array items.
 * Built once at start-up from a schema and everything it applies ({@code $ref}, {@code allOf},
 * {@code anyOf}, {@code oneOf}, {@code then}/{@code else}); shared by all requests.
 */
public final class FieldShape {

    /** A shape that admits anything: any property, any item, no classification of its own. */
    public static final FieldShape ANY = new FieldShape();

    static {
        ANY.allowsUnknown = true;
        ANY.unknown = ANY;
        ANY.items = ANY;
    }

    private Classification classification;
    private final Map<String, FieldShape> properties = new LinkedHashMap<>();
    private final List<Map.Entry<Pattern, FieldShape>> patternProperties = new ArrayList<>();
    private boolean allowsUnknown;
    private FieldShape unknown;
    private FieldShape items;

    FieldShape() {
    }

    /** The field's own {@code x-bulwark-classification}, or null when it has none. */
    public Classification classification() {
        return classification;
    }

    /** The shape of the declared property {@code name} (by name, then by pattern), or null if undeclared. */
    public FieldShape property(String name) {
        FieldShape declared = properties.get(name);
        if (declared != null) {
            return declared;
        }
        for (Map.Entry<Pattern, FieldShape> pattern : patternProperties) {
            if (pattern.getKey().matcher(name).find()) {
                return pattern.getValue();
            }
        }
        return null;
    }

    /** True when the schema admits properties it does not declare (explicitly: Bulwark refuses them by default). */
    public boolean allowsUnknown() {
        return allowsUnknown;
    }

    /** The shape of undeclared properties when they are admitted; {@link #ANY} when the schema says no more. */
    public FieldShape unknown() {
        return unknown == null ? ANY : unknown;
    }

    /** The shape of array items; when the schema declares none, a shape that declares no property. */
    public FieldShape items() {
        return items == null ? EMPTY : items;
    }

    /** The declared property names, for tests and diagnostics. */
    public Map<String, FieldShape> properties() {
        return Collections.unmodifiableMap(properties);
    }

    private static final FieldShape EMPTY = new FieldShape();

    // --- building, by ShapeCompiler only ---

    void classification(Classification value) {
        this.classification = value;
    }

    void declare(String name, FieldShape shape) {
        FieldShape existing = properties.get(name);
        // Declared twice (allOf members, oneOf branches): the stricter class wins.
        if (existing == null || stricter(shape.classification, existing.classification)) {
            properties.put(name, shape);
        }
    }

    void declarePattern(Pattern pattern, FieldShape shape) {
        patternProperties.add(Map.entry(pattern, shape));
    }

    void admitUnknown(FieldShape shape) {
        allowsUnknown = true;
        if (unknown == null) {
            unknown = shape;
        }
    }

    void items(FieldShape shape) {
        if (items == null) {
            items = shape;
        }
    }

    private static boolean stricter(Classification candidate, Classification current) {
        return candidate != null && (current == null || candidate.ordinal() > current.ordinal());
    }
}
