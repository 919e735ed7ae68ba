package io.bulwark.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A client declared in {@code bulwark.yaml}; registered (or updated) in the store at start-up.
 *
 * @param jwksJson the client's public JWK Set, read from {@code jwks} (inline) or {@code jwks-file}
 * @param redirectUris where authorization codes may be sent (https, matched exactly); none for machine clients
 * @param authorizationDetailsTypes the RFC 9396 types it may ask for
 */
public record ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes,
                           List<String> redirectUris, Set<String> authorizationDetailsTypes) {

    public ClientConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        scopes = Set.copyOf(scopes);
        name = name == null ? clientId : name;
        redirectUris = List.copyOf(redirectUris);
        authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
    }

    /** A machine-to-machine client: no redirect URIs, no authorization details types. */
    public ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes) {
        this(clientId, name, authMethod, jwksJson, scopes, List.of(), Set.of());
    }
}
