package io.bulwark.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RFC 8414 metadata document, also served as OpenID discovery. It lists only what this server
 * actually does, so that a client library configured from it never tries a flow that is refused.
 */
public final class AuthorizationServerMetadata {

    private AuthorizationServerMetadata() {
    }

    /** The metadata members, in a stable order, ready to serialise as JSON. */
    public static Map<String, Object> of(String issuer, Set<String> scopes) {
        Map<String, Object> m = new LinkedHashMap<>();
        // RFC 8414 §2 and §3.3: issuer identical to the one the metadata was fetched for.
        m.put("issuer", issuer);
        m.put("token_endpoint", issuer + "/token");
        m.put("jwks_uri", issuer + "/jwks");
        m.put("scopes_supported", List.copyOf(new TreeSet<>(scopes)));
        // No authorization endpoint yet, so no response type is offered.
        m.put("response_types_supported", List.of());
        m.put("grant_types_supported", List.copyOf(new TreeSet<>(TokenEndpoint.GRANT_TYPES)));
        m.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        m.put("token_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        m.put("revocation_endpoint", issuer + "/revoke");
        m.put("revocation_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        m.put("revocation_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        m.put("introspection_endpoint", issuer + "/introspect");
        m.put("introspection_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        m.put("introspection_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        return m;
    }
}
