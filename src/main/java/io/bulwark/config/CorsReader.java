package io.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads an API's optional {@code cors} block: exact https origins, methods its OpenAPI document declares, headers, max-age. */
final class CorsReader {

    // RFC 9110 §5.6.2: a field name is a token.
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> OPENAPI_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private CorsReader() {
    }

    /** The API's CORS policy, or null when {@code node} is absent (the API then takes part in no CORS exchange). */
    static Optional<CorsConfig> read(ConfigNode node, Path openapi) {
        if (node.isAbsent()) {
            return Optional.empty();
        }
        node.map("allowed-origins", "allowed-methods", "allowed-headers", "exposed-headers", "max-age");
        ConfigNode originsNode = node.get("allowed-origins").required("the exact https origins of your browser apps, for example "
                + "`[https://app.example.com]`");
        List<ConfigNode> originNodes = originsNode.list();
        if (originNodes.isEmpty()) {
            throw originsNode.error("lists no origin", "list at least one https origin, or remove `cors` to keep browsers out");
        }
        UniqueValues unique = new UniqueValues("list each origin once");
        List<String> origins = new ArrayList<>();
        for (ConfigNode originNode : originNodes) {
            String origin = origin(originNode);
            unique.add(originNode, origin);
            origins.add(origin);
        }
        Set<String> declared = declaredMethods(node, openapi);
        Set<String> methods = node.get("allowed-methods").isAbsent() ? declared : methods(node.get("allowed-methods"), declared, openapi);
        return Optional.of(new CorsConfig(origins, methods,
                fieldNames(node.get("allowed-headers"), CorsConfig.DEFAULT_ALLOWED_HEADERS),
                fieldNames(node.get("exposed-headers"), CorsConfig.DEFAULT_EXPOSED_HEADERS),
                Durations.read(node.get("max-age"), CorsConfig.DEFAULT_MAX_AGE, Duration.ofSeconds(1), Duration.ofHours(2),
                        "browsers cap it (Chromium at 2h), and a short cache lets a removed origin lose access soon")));
    }

    /** Fetch §3.2.5 compares origins byte for byte, so only the exact serialization a browser sends can ever match. */
    private static String origin(ConfigNode node) {
        String text = node.text().strip();
        if (text.equals("*")) {
            throw node.error("`*` would let every web site's scripts call this API with a user's token",
                    "list each origin exactly, for example `https://app.example.com`: access tokens are credentials-like "
                            + "and FAPI clients are not browsers by default, so only the apps you know may call from a browser");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("`" + text + "` is not an origin: " + e.getReason(), "write `https://host[:port]`, for example `https://app.example.com`");
        }
        if (!"https".equals(uri.getScheme())) {
            throw node.error("`" + text + "` is not an https origin",
                    "write it with https: a page served over plain http can be altered on its way, so its scripts must not hold tokens");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            throw node.error("`" + text + "` is not an origin (scheme, host and port only)",
                    "write `https://host[:port]` with no path, not even a trailing `/`, for example `https://app.example.com`");
        }
        String serialized = "https://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 || uri.getPort() == 443 ? "" : ":" + uri.getPort());
        if (!serialized.equals(text)) {
            throw node.error("`" + text + "` is not written as browsers send it, so it would never match",
                    "write `" + serialized + "` (lower-case host, no default port :443)");
        }
        return text;
    }

    private static Set<String> methods(ConfigNode node, Set<String> declared, Path openapi) {
        Set<String> methods = new TreeSet<>();
        for (ConfigNode element : node.list()) {
            String method = element.text().strip();
            if (!declared.contains(method)) {
                throw element.error("`" + method + "` is not a method any operation of " + openapi + " declares",
                        "list only declared methods (" + String.join(", ", declared) + ", upper-case), or leave `allowed-methods` "
                                + "out to allow them all");
            }
            methods.add(method);
        }
        if (methods.isEmpty()) {
            throw node.error("lists no method", "list the methods browsers may call, or leave `allowed-methods` out to allow every declared one");
        }
        return methods;
    }

    /** The methods of the API's operations, read from its document (only `paths`; the gateway checks the rest at start). */
    private static Set<String> declaredMethods(ConfigNode node, Path openapi) {
        JsonNode paths = YamlFile.read(openapi).path("paths");
        Set<String> methods = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            path.getValue().properties().forEach(entry -> {
                if (OPENAPI_METHODS.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
                    methods.add(entry.getKey().toUpperCase(Locale.ROOT));
                }
            });
        }
        if (methods.isEmpty()) {
            throw node.error(openapi + " declares no operation, so no method can be allowed", "declare the API's operations in its document");
        }
        return methods;
    }

    private static List<String> fieldNames(ConfigNode node, List<String> fallback) {
        if (node.isAbsent()) {
            return fallback;
        }
        List<String> names = new ArrayList<>();
        UniqueValues unique = new UniqueValues("list each header once");
        for (ConfigNode element : node.list()) {
            String name = element.text().strip();
            if (name.equals("*")) {
                throw element.error("`*` is not allowed here", "name each header, for example `" + fallback.getFirst()
                        + "`: a wildcard would hand browsers more than this API needs");
            }
            if (!FIELD_NAME.matcher(name).matches()) {
                throw element.error("`" + name + "` is not a header name", "write a header name such as `" + fallback.getFirst() + "`");
            }
            unique.add(element, name.toLowerCase(Locale.ROOT));
            names.add(name);
        }
        return names;
    }
}
