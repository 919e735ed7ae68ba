package io.bulwark.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code clients}: each client's unique id, name, authentication method, public keys and allowed scopes. */
final class ClientReader {

    /** The only client authentication method of this release (RFC 7523 §2.2, as FAPI 2.0 allows). */
    private static final String PRIVATE_KEY_JWT = "private_key_jwt";
    /** RFC 6749 §2.2 allows any visible ASCII in a client id; spaces are refused as they break logs and forms. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern SCOPE = Pattern.compile("[a-z:_-]+");
    private static final List<String> KNOWN_DETAILS_TYPES = List.of("account_information", "payment_initiation");
    private static final List<String> KNOWN_SCOPES =
            List.of("accounts:read", "balances:read", "transactions:read", "payments:write", "payments:read");

    private ClientReader() {
    }

    static List<ClientConfig> readAll(ConfigNode node) {
        if (node.isAbsent()) {
            return List.of();
        }
        UniqueValues ids = new UniqueValues("give each client its own client-id: it is how the authorization server tells them apart");
        List<ClientConfig> clients = new ArrayList<>();
        for (ConfigNode element : node.list()) {
            clients.add(read(element, ids));
        }
        return clients;
    }

    private static ClientConfig read(ConfigNode node, UniqueValues ids) {
        node.map("client-id", "name", "auth-method", "jwks", "jwks-file", "scopes", "redirect-uris",
                "authorization-details-types");
        ConfigNode idNode = node.get("client-id").required("the OAuth client_id, for example `fintech-partner`");
        String clientId = idNode.text().strip();
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw idNode.error("`" + clientId + "` is not a valid client id",
                    "use visible ASCII characters without spaces (RFC 6749 §2.2)");
        }
        ids.add(idNode, clientId);
        String name = node.get("name").isAbsent() ? null : node.get("name").text().strip();
        String authMethod = authMethod(node.get("auth-method"));
        String jwks = JwksReader.read(node);
        Set<String> scopes = scopes(node.get("scopes")
                .required("the scopes it may be granted, for example `[accounts:read, balances:read]`"));
        return new ClientConfig(clientId, name, authMethod, jwks, scopes, RedirectUrisReader.read(node.get("redirect-uris")),
                detailsTypes(node.get("authorization-details-types")));
    }

    private static Set<String> detailsTypes(ConfigNode node) {
        if (node.isAbsent()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (ConfigNode element : node.list()) {
            String type = element.text().strip();
            if (!KNOWN_DETAILS_TYPES.contains(type)) {
                String hint = DidYouMean.closest(type, KNOWN_DETAILS_TYPES).map(known -> "did you mean `" + known + "`? ").orElse("");
                throw element.error("`" + type + "` is not an authorization details type Bulwark knows",
                        hint + "use " + String.join(" or ", KNOWN_DETAILS_TYPES) + " (RFC 9396)");
            }
            types.add(type);
        }
        return types;
    }

    private static String authMethod(ConfigNode node) {
        if (node.isAbsent()) {
            return PRIVATE_KEY_JWT;
        }
        String method = node.text().strip();
        if (!PRIVATE_KEY_JWT.equals(method)) {
            throw node.error("`" + method + "` is not supported", "this release supports only `auth-method: " + PRIVATE_KEY_JWT
                    + "` (RFC 7523): the client signs an assertion with its private key and Bulwark verifies it"
                    + " with `jwks` or `jwks-file`");
        }
        return method;
    }

    private static Set<String> scopes(ConfigNode node) {
        List<ConfigNode> elements = node.list();
        if (elements.isEmpty()) {
            throw node.error("is empty",
                    "list at least one scope; a client with none could be granted nothing. Known: " + String.join(", ", KNOWN_SCOPES));
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            String scope = element.text().strip();
            if (!SCOPE.matcher(scope).matches()) {
                String hint = DidYouMean.closest(scope, KNOWN_SCOPES).map(known -> "did you mean `" + known + "`? ").orElse("");
                throw element.error("`" + scope + "` is not a valid scope",
                        hint + "a scope is lowercase letters, `:`, `_` and `-`; the demo API's are " + String.join(", ", KNOWN_SCOPES));
            }
            scopes.add(scope);
        }
        return scopes;
    }
}
