package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code x-bulwark-owner-lookup}: the owner of the object an operation acts on is read, before the
 * operation, from another GET operation of the same document whose answer names it ({@code x-bulwark-owner-field}).
 *
 * @param operationId  the lookup operation
 * @param parameter    the path parameter naming the object, in both paths
 * @param pathTemplate the lookup operation's path, filled from the request's path parameters
 * @param owner        where the lookup's answer names the owner
 */
public record OwnerLookup(String operationId, String parameter, String pathTemplate, JsonPointer owner) {

    static final String EXTENSION = "x-bulwark-owner-lookup";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** The lookup path for a request with these (still percent-encoded) path parameters. */
    public String path(java.util.Map<String, String> pathParameters) {
        Matcher m = PATH_PARAMETER.matcher(pathTemplate);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(pathParameters.get(m.group(1))));
        }
        return m.appendTail(path).toString();
    }

    /**
     * The lookup {@code declaration} (at {@code where}, on an operation of path {@code path}) resolved
     * against the document's {@code operations}.
     *
     * @throws InvalidOpenApiException naming the file and the place in it that is wrong
     */
    static OwnerLookup resolve(Path file, String where, String path, JsonNode declaration, List<ApiOperation> operations) {
        String at = where + "." + EXTENSION;
        if (declaration == null || !declaration.isObject() || declaration.size() != 2 || !declaration.path("operation").isTextual()
                || !declaration.path("parameter").isTextual()) {
            throw new InvalidOpenApiException(file, at, "must be {operation: <operationId of a GET with x-bulwark-owner-field>, "
                    + "parameter: <the path parameter naming the object>}");
        }
        String operationId = declaration.get("operation").asText();
        String parameter = declaration.get("parameter").asText();
        if (!path.contains("{" + parameter + "}")) {
            throw new InvalidOpenApiException(file, at + ".parameter", "names `" + parameter + "`, which is not a parameter of the path " + path);
        }
        ApiOperation lookup = operations.stream().filter(o -> o.operationId().equals(operationId)).findFirst()
                .orElseThrow(() -> new InvalidOpenApiException(file, at + ".operation", "names `" + operationId
                        + "`, which is not an operationId of this document"));
        // The lookup runs before the request, so it must be safe to repeat and must name the owner in its answer.
        if (!lookup.method().equals("GET") || lookup.ownership().owner() == null) {
            throw new InvalidOpenApiException(file, at + ".operation", "names `" + operationId + "` (" + lookup.method() + " "
                    + lookup.pathTemplate() + "), which is not a GET operation with " + ResponseOwnership.OWNER_FIELD);
        }
        if (lookup.pathTemplate().equals(path)) {
            throw new InvalidOpenApiException(file, at + ".operation", "names an operation on the same path; "
                    + ResponseOwnership.OWNER_FIELD + " on a GET checks its own answer");
        }
        Set<String> requestParameters = parameters(path);
        for (String needed : parameters(lookup.pathTemplate())) {
            if (!requestParameters.contains(needed)) {
                throw new InvalidOpenApiException(file, at + ".operation", "`" + operationId + "` needs the path parameter `" + needed
                        + "`, which " + path + " does not have");
            }
        }
        if (!parameters(lookup.pathTemplate()).contains(parameter)) {
            throw new InvalidOpenApiException(file, at + ".parameter", "names `" + parameter + "`, which is not a parameter of `"
                    + operationId + "` (" + lookup.pathTemplate() + ")");
        }
        return new OwnerLookup(operationId, parameter, lookup.pathTemplate(), lookup.ownership().owner());
    }

    private static Set<String> parameters(String path) {
        Set<String> names = new java.util.LinkedHashSet<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
