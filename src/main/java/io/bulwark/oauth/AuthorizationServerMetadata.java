package io.bulwark.oauth;

import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.oauth.par.PushedAuthorizationEndpoint;
import io.bulwark.oauth.pkce.Pkce;
import io.bulwark.oauth.rar.AuthorizationDetailsParser;

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

    /** The metadata members, in a stable order, ready to serialise as JSON, with every client authentication method. */
    public static Map<String, Object> of(String issuer, Set<String> scopes) {
        return of(issuer, scopes, true, TokenEndpoint.GRANT_TYPES);
    }

    /**
     * As {@link #of(String, Set)}; {@code tlsClientAuth} says whether CAs for {@code tls_client_auth}
     * are configured, without which that method is not offered; {@code grantTypes} are those the registered clients may use.
     */
    public static Map<String, Object> of(String issuer, Set<String> scopes, boolean tlsClientAuth, Set<String> grantTypes) {
        Map<String, Object> m = new LinkedHashMap<>();
        // RFC 8414 §2 and §3.3: issuer identical to the one the metadata was fetched for.
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/authorize");
        m.put("token_endpoint", issuer + "/token");
        m.put("jwks_uri", issuer + "/jwks");
        // RFC 9126 §5: where to push, and that pushing is the only way in (FAPI 2.0 SP §5.3.2.2).
        m.put("pushed_authorization_request_endpoint", issuer + "/par");
        m.put("require_pushed_authorization_requests", true);
        m.put("scopes_supported", List.copyOf(new TreeSet<>(scopes)));
        m.put("response_types_supported", List.of(PushedAuthorizationEndpoint.CODE));
        m.put("response_modes_supported", List.of("query"));
        // RFC 8414 §2: the grant types this server supports, which is the union of the clients' grant_types (RFC 7591 §2).
        Set<String> supported = new TreeSet<>(grantTypes);
        supported.retainAll(TokenEndpoint.GRANT_TYPES);
        m.put("grant_types_supported", List.copyOf(supported));
        m.put("code_challenge_methods_supported", List.of(Pkce.S256));
        // RFC 9207 §3: clients may rely on iss in every authorization response.
        m.put("authorization_response_iss_parameter_supported", true);
        // RFC 9396 §10.1: the authorization details types this server understands.
        m.put("authorization_details_types_supported", List.copyOf(new TreeSet<>(AuthorizationDetailsParser.TYPES)));
        // FAPI 2.0 SP §5.3.2.1: private_key_jwt and mTLS (RFC 8705 §2), never a client secret; the PAR
        // endpoint authenticates clients the same way (RFC 9126 §2).
        List<String> authMethods = tlsClientAuth
                ? List.of("private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth")
                : List.of("private_key_jwt", "self_signed_tls_client_auth");
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("token_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        // RFC 9449 §5.1 and RFC 8705 §3.3: the token endpoint issues DPoP- and certificate-bound tokens.
        m.put("dpop_signing_alg_values_supported", AllowedAlgorithms.names());
        m.put("tls_client_certificate_bound_access_tokens", true);
        // RFC 7009 and RFC 7662: clients authenticate at revocation and introspection as at the token endpoint.
        m.put("revocation_endpoint", issuer + "/revoke");
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        m.put("introspection_endpoint", issuer + "/introspect");
        m.put("introspection_endpoint_auth_methods_supported", authMethods);
        m.put("introspection_endpoint_auth_signing_alg_values_supported", AllowedAlgorithms.names());
        // OpenID FAPI Grant Management §7.1: where clients query and revoke their grants (GET/DELETE {endpoint}/{grant_id}).
        m.put("grant_management_endpoint", issuer + "/grants");
        return m;
    }
}
