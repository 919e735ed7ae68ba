package io.bulwark.config;

import io.bulwark.clients.RegisteredClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
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
 * @param redirectUris where authorization codes may be sent (https, matched exactly); none for machine clients
 * @param authorizationDetailsTypes the RFC 9396 types it may ask for
 * @param refreshTokenRotation whether its refresh tokens rotate (default false, FAPI 2.0 SP §5.3.2.1)
 * @param jwksUri          where it publishes its JWK Set instead of {@code jwksJson} (RFC 7591 §2, https); null for inline keys
 * @param accessTokenLifetime its own access-token lifetime (1m to 1h); null for the server's
 * @param grantTypes       the RFC 7591 §2 {@code grant_types} it may use; when the file names none, the reader gives the
 *                         default of {@link RegisteredClient#defaultGrantTypes}: no {@code client_credentials} for an app with redirect URIs
 */
public record ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes,
                           String senderConstraint, String tlsClientAuthSubjectDn,
                           List<String> redirectUris, Set<String> authorizationDetailsTypes, boolean refreshTokenRotation,
                           URI jwksUri, Duration accessTokenLifetime, Set<String> grantTypes) {

    /** The default sender constraint: DPoP or mTLS, whichever the token request offers. */
    public static final String DPOP_OR_MTLS = "dpop-or-mtls";

    public ClientConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(senderConstraint, "senderConstraint");
        scopes = Set.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
        authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
        grantTypes = Set.copyOf(grantTypes);
    }
}
