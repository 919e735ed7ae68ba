package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gateway introspects opaque access tokens (RFC 7662), authenticated with its own client
 * credentials: {@code private_key_jwt} ({@code privateKeyJwk} set) or mTLS ({@code clientIdentity} set), exactly one.
 *
 * @param endpoint       the https introspection endpoint
 * @param clientId       the gateway's client_id there
 * @param privateKeyJwk  JSON of the private JWK signing its client assertions, or null with mTLS
 * @param clientIdentity its TLS client certificate and key, or null with private_key_jwt
 * @param trustedCa      PEM bundle the endpoint's certificate must chain to (null: the JDK's trust store)
 * @param cacheTtl       how long an answer is reused (never past the token's exp)
 * @param timeout        how long one introspection may take
 */
public record IntrospectionConfig(URI endpoint, String clientId, String privateKeyJwk, TlsFiles clientIdentity, Path trustedCa,
                                  Duration cacheTtl, Duration timeout) {

    public IntrospectionConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(clientId, "clientId");
        if ((privateKeyJwk == null) == (clientIdentity == null)) {
            throw new IllegalArgumentException("exactly one of privateKeyJwk and clientIdentity");
        }
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(timeout, "timeout");
    }
}
