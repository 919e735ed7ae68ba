package io.bulwark.gateway.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private static final int NONE = Integer.MAX_VALUE;

    /** In precedence order: the first one that matches a request is its operation. */
    private final List<CompiledRoute> routes = new ArrayList<>();
    /**
     * Method, then base path with its trailing '/', then the routes' segments as a tree: a request walks only the branches its
     * own segments take, so matching costs the same with ten operations or ten thousand (a scan of every route did not).
     */
    private final Map<String, Map<String, Node>> index = new HashMap<>();

    /** A step down the segment tree: literal segments by name, any template segment, and the first route that ends here. */
    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node template;
        int first = NONE;
    }

    /** Adds an API's operations under {@code basePath} (for example {@code /bank/v1}). */
    public RouteTable add(String apiName, String basePath, List<ApiOperation> operations) {
        for (ApiOperation operation : operations) {
            routes.add(new CompiledRoute(apiName, basePath, operation, segments(operation.pathTemplate())));
        }
        // OpenAPI 3.1 §4.8.8: concrete paths match before templated ones of the same shape.
        routes.sort(Comparator.comparingInt(CompiledRoute::templatedSegments));
        reindex();
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
        Map<String, Node> bases = index.get(method.toUpperCase(Locale.ROOT));
        if (bases == null) {
            return Optional.empty();
        }
        int best = NONE;
        for (Map.Entry<String, Node> base : bases.entrySet()) {
            if (rawPath.startsWith(base.getKey())) {
                best = Math.min(best, first(base.getValue(), segments(rawPath.substring(base.getKey().length() - 1)), 0));
            }
        }
        if (best == NONE) {
            return Optional.empty();
        }
        // The same route a scan of the routes in precedence order would have found first.
        CompiledRoute route = routes.get(best);
        String rest = rawPath.substring(route.basePath.length());
        return Optional.of(new MatchedOperation(route.apiName, route.operation, route.match(segments(rest)), rest));
    }

    /** The lowest position of a route matching {@code path} from segment {@code at} on below {@code node}, or NONE. */
    private static int first(Node node, String[] path, int at) {
        if (at == path.length) {
            return node.first;
        }
        Node literal = node.literals.get(path[at]);
        int best = literal == null ? NONE : first(literal, path, at + 1);
        return node.template == null ? best : Math.min(best, first(node.template, path, at + 1));
    }

    private void reindex() {
        index.clear();
        for (int position = 0; position < routes.size(); position++) {
            CompiledRoute route = routes.get(position);
            Node node = index.computeIfAbsent(route.operation.method(), method -> new LinkedHashMap<>())
                    .computeIfAbsent(route.basePath + "/", base -> new Node());
            for (String segment : route.template) {
                if (isTemplate(segment)) {
                    node.template = node.template == null ? new Node() : node.template;
                    node = node.template;
                } else {
                    node = node.literals.computeIfAbsent(segment, name -> new Node());
                }
            }
            node.first = Math.min(node.first, position);
        }
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

    private static boolean isTemplate(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
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
                if (isTemplate(expected)) {
                    parameters.put(expected.substring(1, expected.length() - 1), path[i]);
                } else if (!expected.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
