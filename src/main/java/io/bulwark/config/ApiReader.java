package io.bulwark.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads {@code gateway.apis}: each API's unique name, unique base path, purpose, owner team, OpenAPI document, upstream and bearer-token policy. */
final class ApiReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final List<String> BEARER_TOKEN_MODES = List.of("refused", "accepted");

    private ApiReader() {
    }

    static List<ApiConfig> readAll(ConfigNode node) {
        List<ConfigNode> elements = node.list();
        if (elements.isEmpty()) {
            throw node.error("declares no API", "add at least one API: the gateway refuses every route not declared here");
        }
        UniqueValues names = new UniqueValues("give each API its own name: events and logs tell APIs apart by it");
        UniqueValues basePaths = new UniqueValues("give each API its own base path, so that every request routes to exactly one API");
        List<ApiConfig> apis = new ArrayList<>(elements.size());
        for (ConfigNode element : elements) {
            apis.add(read(element, names, basePaths));
        }
        return apis;
    }

    private static ApiConfig read(ConfigNode node, UniqueValues names, UniqueValues basePaths) {
        node.map("name", "base-path", "purpose", "owner-team", "openapi", "upstream", "bearer-tokens", "cors");
        ConfigNode nameNode = node.get("name").required("a short unique name, for example `bank`");
        String name = nameNode.text().strip();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("`" + name + "` is not a valid API name", "use letters, digits, `.`, `_` and `-`, for example `bank`");
        }
        names.add(nameNode, name);
        ConfigNode basePathNode = node.get("base-path").required("the path prefix clients call, for example `/bank/v1`");
        String basePath = basePath(basePathNode);
        basePaths.add(basePathNode, basePath);
        Path openapi = node.get("openapi")
                .required("the API's OpenAPI 3 document (YAML or JSON), for example `apis/bank.openapi.yaml`")
                .existingFile();
        return new ApiConfig(name, basePath, openapi,
                UpstreamReader.read(node.get("upstream")
                        .required("a map with `url`, `client-identity`, `trusted-ca` and optional `timeout`")),
                acceptBearerTokens(node.get("bearer-tokens")),
                // Required, with no default: an API nobody can say the purpose of is the first finding of an audit.
                node.get("purpose").required("one sentence on why the API is open and what data it serves, for example "
                        + "`account information for licensed partners: balances and transactions of consenting customers` "
                        + "(GDPR Art. 5(1)(b) purpose limitation; the inventory and compliance reports show it)").text().strip(),
                node.get("owner-team").required("the team that answers for this API, for example `payments-platform`: "
                        + "incidents, access reviews and the inventory name it").text().strip(),
                CorsReader.read(node.get("cors"), openapi));
    }

    /** FAPI 2.0 SP §5.3.4: sender-constrained tokens only, unless an operator opts a non-FAPI API out. */
    private static boolean acceptBearerTokens(ConfigNode node) {
        if (node.isAbsent()) {
            return false;
        }
        String mode = node.text().strip();
        if (!BEARER_TOKEN_MODES.contains(mode)) {
            throw node.error("`" + mode + "` is not a bearer-token mode", DidYouMean.closest(mode, BEARER_TOKEN_MODES)
                    .map(known -> "did you mean `" + known + "`? ").orElse("")
                    + "write `refused` (the default: only DPoP- or mTLS-bound tokens, as FAPI 2.0 requires) or `accepted`"
                    + " (also tokens without a binding; not FAPI 2.0)");
        }
        return mode.equals("accepted");
    }

    /** A prefix such as {@code /bank/v1}: leading slash, no trailing slash, plain path segments only. */
    private static String basePath(ConfigNode node) {
        String path = node.text().strip();
        if (!path.startsWith("/")) {
            throw node.error("`" + path + "` must start with `/`", "write it like `/" + path + "`");
        }
        if (path.endsWith("/")) {
            String trimmed = path.replaceAll("/+$", "");
            if (trimmed.isEmpty()) {
                throw node.error("`" + path + "` is no prefix: it would claim every path for one API",
                        "give the API a prefix of its own, for example `/bank/v1`");
            }
            throw node.error("`" + path + "` must not end with `/`", "write `" + trimmed + "`");
        }
        boolean dotSegment = path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..");
        if (!BASE_PATH.matcher(path).matches() || dotSegment) {
            throw node.error("`" + path + "` is not a plain path prefix",
                    "use segments of letters, digits, `.`, `_`, `~` and `-` separated by single `/`, for example `/bank/v1`");
        }
        return path;
    }
}
