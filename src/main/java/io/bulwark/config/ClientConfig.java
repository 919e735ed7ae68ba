package io.bulwark.config;

import java.util.Objects;
import java.util.Set;

/**
 * A client declared in {@code bulwark.yaml}; registered (or updated) in the store at start-up.
 *
 * @param jwksJson the client's public JWK Set, read from {@code jwks} (inline) or {@code jwks-file}
 */
public record ClientConfig(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes) {

    public ClientConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        scopes = Set.copyOf(scopes);
        name = name == null ? clientId : name;
    }
}
