package io.bulwark.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth client as the authorization server knows it.
 *
 * @param clientId   the RFC 6749 client identifier
 * @param name       a human name shown to users and operators
 * @param authMethod the RFC 7591 token_endpoint_auth_method; this release accepts {@code private_key_jwt}
 * @param jwksJson   the client's public JWK Set (RFC 7517 JSON), used to verify its assertions
 * @param scopes     the scopes the client may be granted, never more
 * @param disabled   a disabled client cannot authenticate
 * @param createdAt  when it was registered
 * @param redirectUris the redirect URIs registered for the authorization-code flow; matched exactly
 * @param authorizationDetailsTypes the RFC 9396 types the client may ask for
 */
public record RegisteredClient(String clientId, String name, String authMethod, String jwksJson,
                               Set<String> scopes, boolean disabled, Instant createdAt,
                               List<String> redirectUris, Set<String> authorizationDetailsTypes) {

    /** The only client authentication method of this release (RFC 7523 §2.2). */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        Objects.requireNonNull(createdAt, "createdAt");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        scopes = Set.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
        authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
    }

    /** A client without redirect URIs or authorization details types: machine-to-machine only. */
    public RegisteredClient(String clientId, String name, String authMethod, String jwksJson,
                            Set<String> scopes, boolean disabled, Instant createdAt) {
        this(clientId, name, authMethod, jwksJson, scopes, disabled, createdAt, List.of(), Set.of());
    }
}
