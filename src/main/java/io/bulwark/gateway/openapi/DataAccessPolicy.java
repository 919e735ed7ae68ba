package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which data classes a token may see in an API's responses: the classes every admitted caller sees,
 * plus those each scope adds. Read from {@code x-bulwark-data-access} on the document's OAuth 2.0
 * security scheme, beside the scopes it defines. {@code secret} is never visible.
 *
 * @param everyone     classes every caller the operation admits may see
 * @param byScope      classes a scope adds
 * @param unclassified the class of fields the document leaves unclassified
 */
public record DataAccessPolicy(Set<Classification> everyone, Map<String, Set<Classification>> byScope,
                               Classification unclassified) {

    /** The extension's name, on an oauth2 or openIdConnect security scheme. */
    public static final String EXTENSION = "x-bulwark-data-access";

    /** When a document says nothing: identifiers, public and financial data only; people's data needs a scope. */
    public static final DataAccessPolicy DEFAULT = new DataAccessPolicy(
            EnumSet.of(Classification.PUBLIC, Classification.INTERNAL, Classification.FINANCIAL), Map.of(),
            Classification.PERSONAL);

    public DataAccessPolicy {
        everyone = Set.copyOf(everyone);
        byScope = Map.copyOf(byScope);
        if (everyone.contains(Classification.SECRET) || byScope.values().stream().anyMatch(s -> s.contains(Classification.SECRET))) {
            throw new IllegalArgumentException("secret data is never visible; no scope can grant it");
        }
    }

    /** The classes a token holding {@code scopes} may see; never {@link Classification#SECRET}. */
    public Set<Classification> visibleTo(Collection<String> scopes) {
        EnumSet<Classification> visible = everyone.isEmpty() ? EnumSet.noneOf(Classification.class) : EnumSet.copyOf(everyone);
        for (String scope : scopes) {
            Set<Classification> more = byScope.get(scope);
            if (more != null) {
                visible.addAll(more);
            }
        }
        return visible;
    }

    /**
     * The policy {@code root} declares, or {@link #DEFAULT}.
     *
     * @throws InvalidOpenApiException when the extension is malformed, names an unknown class or
     *                                 grants {@code secret}, or when two schemes declare it
     */
    static DataAccessPolicy read(Path file, JsonNode root) {
        JsonNode declared = null;
        String where = null;
        for (String scheme : OpenApiDocument.oauthSchemes(root)) {
            JsonNode extension = root.path("components").path("securitySchemes").path(scheme).get(EXTENSION);
            if (extension == null) {
                continue;
            }
            if (declared != null) {
                throw new InvalidOpenApiException(file, "components.securitySchemes." + scheme + "." + EXTENSION,
                        "is declared on two security schemes; declare it once, on the scheme whose scopes it maps");
            }
            declared = extension;
            where = "components.securitySchemes." + scheme + "." + EXTENSION;
        }
        if (declared == null) {
            return DEFAULT;
        }
        if (!declared.isObject()) {
            throw new InvalidOpenApiException(file, where, "must be a map with `default`, `unclassified` and `scopes`");
        }
        for (var field : declared.properties()) {
            if (!Set.of("default", "unclassified", "scopes").contains(field.getKey())) {
                throw new InvalidOpenApiException(file, where + "." + field.getKey(),
                        "is not a known key; use `default`, `unclassified` and `scopes`");
            }
        }
        Set<Classification> everyone = declared.has("default")
                ? classes(file, where + ".default", declared.get("default"))
                : DEFAULT.everyone();
        Classification unclassified = declared.has("unclassified")
                ? classification(file, where + ".unclassified", declared.get("unclassified"))
                : DEFAULT.unclassified();
        Map<String, Set<Classification>> byScope = new LinkedHashMap<>();
        JsonNode scopes = declared.path("scopes");
        if (!scopes.isMissingNode() && !scopes.isObject()) {
            throw new InvalidOpenApiException(file, where + ".scopes", "must map scope names to lists of classifications");
        }
        for (var scope : scopes.properties()) {
            byScope.put(scope.getKey(), classes(file, where + ".scopes." + scope.getKey(), scope.getValue()));
        }
        return new DataAccessPolicy(everyone, byScope, unclassified);
    }

    private static Set<Classification> classes(Path file, String where, JsonNode list) {
        if (!list.isArray()) {
            throw new InvalidOpenApiException(file, where, "must be a list of classifications, for example [public, internal]");
        }
        EnumSet<Classification> classes = EnumSet.noneOf(Classification.class);
        for (JsonNode item : list) {
            Classification value = classification(file, where, item);
            if (value == Classification.SECRET) {
                throw new InvalidOpenApiException(file, where, "grants `secret`, which never leaves the gateway; remove it");
            }
            classes.add(value);
        }
        return classes;
    }

    private static Classification classification(Path file, String where, JsonNode value) {
        return Classification.parse(value.asText()).orElseThrow(() -> new InvalidOpenApiException(file, where,
                "`" + value.asText() + "` is not a classification; use public, internal, personal, financial, pci or secret"));
    }
}
