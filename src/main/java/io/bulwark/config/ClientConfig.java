package io.bulwark.config;

import java.util.Objects;
import java.util.Set;

/**
 * A client declared in {@code bulwark.yaml}; registered (or updated) in the store at start-up.
 *
 * @param authMethod       {@code private_key_jwt}, {@code tls_client_auth} or {@code self_signed_tls_client_auth}
 * @param jwksJson         the client's public JWK Set, read from {@code jwks} (inline) or {@code jwks-file};
 *                         an empty set for a {@code tls_client_auth} client that declares none
 * @param senderConstraint what its tokens are bound to: {@code dpop}, {@code mtls} or {@code dpop-or-mtls}
 * @param tlsClientAuthSubjectDn for {@code tls_client_auth}, its certificate's subject DN (RFC 4514); else null
 */
public record ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes,
                           String senderConstraint, String tlsClientAuthSubjectDn) {

    /** The default sender constraint: DPoP or mTLS, whichever the token request offers. */
    public static final String DPOP_OR_MTLS = "dpop-or-mtls";

    public ClientConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        Objects.requireNonNull(senderConstraint, "senderConstraint");
        scopes = Set.copyOf(scopes);
        name = name == null ? clientId : name;
    }

    /** A client whose tokens are bound by DPoP or mTLS, as it asks, and no certificate subject. */
    public ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes) {
        this(clientId, name, authMethod, jwksJson, scopes, DPOP_OR_MTLS, null);
    }
}
