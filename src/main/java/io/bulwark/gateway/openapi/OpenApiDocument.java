package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the operations of an OpenAPI 3.0 or 3.1 document (YAML or JSON). Fails closed: an
 * operation without a security requirement is an error, since the gateway only forwards
 * authenticated calls.
 */
public final class OpenApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /**
     * An API of thousands of operations runs to several megabytes, past SnakeYAML's default bound of 3 MiB (in code
     * points); the document is the operator's own configuration, read once at start, so the bound only stops a runaway file.
     */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private OpenApiDocument() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /**
     * The operations {@code file} declares.
     *
     * @throws InvalidOpenApiException naming the file and the place in it that is wrong
     */
    public static List<ApiOperation> operations(Path file) {
        JsonNode root = read(file);
        Set<String> oauthSchemes = oauthSchemes(root);
        JsonNode defaultSecurity = root.get("security");
        LocalRefs refs = new LocalRefs(file, root);
        List<ApiOperation> operations = new ArrayList<>();
        // Lookups name other operations, so they are resolved once every operation is read.
        Map<Integer, Map.Entry<String, JsonNode>> lookups = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            if (!path.getKey().startsWith("/")) {
                throw new InvalidOpenApiException(file, "paths." + path.getKey(), "a path must start with /");
            }
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String method = entry.getKey().toLowerCase(Locale.ROOT);
                if (!METHODS.contains(method)) {
                    continue;
                }
                String where = "paths." + path.getKey() + "." + method;
                JsonNode operation = entry.getValue();
                JsonNode security = operation.has("security") ? operation.get("security") : defaultSecurity;
                String operationId = operation.path("operationId").asText(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                String accountParameter = operation.path("x-bulwark-account-parameter").asText(null);
                if (accountParameter != null && !path.getKey().contains("{" + accountParameter + "}")) {
                    throw new InvalidOpenApiException(file, where + ".x-bulwark-account-parameter",
                            "names `" + accountParameter + "`, which is not a parameter of the path " + path.getKey());
                }
                String pointer = "/paths/" + LocalRefs.escape(path.getKey()) + "/" + entry.getKey();
                if (operation.has(OwnerLookup.EXTENSION)) {
                    lookups.put(operations.size(), Map.entry(where, operation.get(OwnerLookup.EXTENSION)));
                }
                operations.add(new ApiOperation(operationId, method.toUpperCase(Locale.ROOT), path.getKey(),
                        scopeAlternatives(file, where, security, oauthSchemes), accountParameter,
                        operation.path("x-bulwark-account-action").asText(null),
                        PaymentBinding.read(file, where, operation, pointer, refs),
                        ResponseOwnership.read(file, where, method, operation, pointer, refs), null,
                        AllowedCaller.read(file, where, operation)));
            }
        }
        for (Map.Entry<Integer, Map.Entry<String, JsonNode>> lookup : lookups.entrySet()) {
            ApiOperation operation = operations.get(lookup.getKey());
            operations.set(lookup.getKey(), operation.withOwnerLookup(OwnerLookup.resolve(file, lookup.getValue().getKey(),
                    operation.pathTemplate(), lookup.getValue().getValue(), operations)));
        }
        if (operations.isEmpty()) {
            throw new InvalidOpenApiException(file, "paths", "declares no operation, so the gateway would refuse every call");
        }
        return List.copyOf(operations);
    }

    /**
     * The document as a tree, checked to be OpenAPI 3.0 or 3.1.
     *
     * @throws InvalidOpenApiException when it cannot be read, parsed, or is not OpenAPI 3.0/3.1
     */
    static JsonNode read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidOpenApiException(file, "", "is not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new InvalidOpenApiException(file, "", "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.path("openapi").asText("").matches("3\\.[01]\\.\\d+")) {
            throw new InvalidOpenApiException(file, "openapi", "must be an OpenAPI 3.0.x or 3.1.x document");
        }
        return root;
    }

    /** The names of the document's oauth2 and openIdConnect security schemes. */
    static Set<String> oauthSchemes(JsonNode root) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> scheme : root.path("components").path("securitySchemes").properties()) {
            String type = scheme.getValue().path("type").asText();
            if (type.equals("oauth2") || type.equals("openIdConnect")) {
                names.add(scheme.getKey());
            }
        }
        return names;
    }

    private static List<Set<String>> scopeAlternatives(Path file, String where, JsonNode security, Set<String> oauthSchemes) {
        if (security == null || !security.isArray() || security.isEmpty()) {
            throw new InvalidOpenApiException(file, where + ".security",
                    "declares no security requirement; every operation behind Bulwark needs an OAuth 2.0 scheme with its scopes");
        }
        List<Set<String>> alternatives = new ArrayList<>();
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                throw new InvalidOpenApiException(file, where + ".security",
                        "contains an empty requirement ({}), which would make the operation anonymous");
            }
            Set<String> scopes = new LinkedHashSet<>();
            for (Map.Entry<String, JsonNode> scheme : requirement.properties()) {
                if (!oauthSchemes.contains(scheme.getKey())) {
                    throw new InvalidOpenApiException(file, where + ".security." + scheme.getKey(),
                            "names a security scheme that is not an oauth2/openIdConnect scheme in components.securitySchemes");
                }
                scheme.getValue().forEach(scope -> scopes.add(scope.asText()));
            }
            alternatives.add(scopes);
        }
        return alternatives;
    }
}
