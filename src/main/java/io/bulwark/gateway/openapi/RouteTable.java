package io.bulwark.gateway.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every declared operation of every API, matched against request paths. Anything not declared
 * does not match: the gateway has no default route.
 */
public final class RouteTable {

    // Encoded '/', '\' and '.' would let a path mean one thing here and another upstream.
    private static final Pattern AMBIGUOUS_ENCODING = Pattern.compile("%(2[fF]|5[cC]|2[eE]|00)");

    private final List<CompiledRoute> routes = new ArrayList<>();

    /** Adds an API's operations under {@code basePath} (for example {@code /bank/v1}). */
    public RouteTable add(String apiName, String basePath, List<ApiOperation> operations) {
        for (ApiOperation operation : operations) {
            routes.add(new CompiledRoute(apiName, basePath, operation, segments(operation.pathTemplate())));
        }
        // OpenAPI 3.1 §4.8.8: concrete paths match before templated ones of the same shape.
        routes.sort(Comparator.comparingInt(CompiledRoute::templatedSegments));
        return this;
    }

    /**
     * The operation {@code method} and {@code rawPath} address, if one is declared.
     *
     * @return empty for an undeclared operation or a path that is not in canonical form
     */
    public Optional<MatchedOperation> match(String method, String rawPath) {
        if (!isCanonical(rawPath)) {
            return Optional.empty();
        }
        String upperMethod = method.toUpperCase(Locale.ROOT);
        for (CompiledRoute route : routes) {
            if (!route.operation.method().equals(upperMethod) || !rawPath.startsWith(route.basePath + "/")) {
                continue;
            }
            String rest = rawPath.substring(route.basePath.length());
            Map<String, String> parameters = route.match(segments(rest));
            if (parameters != null) {
                return Optional.of(new MatchedOperation(route.apiName, route.operation, parameters, rest));
            }
        }
        return Optional.empty();
    }

    /** False for paths with empty, "." or ".." segments, backslashes, or encoded separators. */
    static boolean isCanonical(String rawPath) {
        if (!rawPath.startsWith("/") || rawPath.contains("\\") || AMBIGUOUS_ENCODING.matcher(rawPath).find()) {
            return false;
        }
        for (String segment : rawPath.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    private record CompiledRoute(String apiName, String basePath, ApiOperation operation, String[] template) {

        int templatedSegments() {
            int count = 0;
            for (String segment : template) {
                if (segment.startsWith("{")) {
                    count++;
                }
            }
            return count;
        }

        Map<String, String> match(String[] path) {
            if (path.length != template.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < path.length; i++) {
                String expected = template[i];
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    parameters.put(expected.substring(1, expected.length() - 1), path[i]);
                } else if (!expected.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
