package io.bulwark.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The authorization server's part of the configuration.
 *
 * @param issuer              the RFC 8414 issuer identifier: https, no query or fragment
 * @param listen              where it listens
 * @param tls                 its server certificate and key
 * @param accessTokenLifetime how long access tokens live (default 5 minutes)
 */
public record AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime) {

    public AuthorizationServerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }
}
