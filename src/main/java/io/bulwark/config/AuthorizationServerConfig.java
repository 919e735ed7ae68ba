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
 * @param signingKeyMaxAge    a signing key is rotated automatically after signing this long (default 90 days)
 * @param signingKeyPublicationLead how long a new key is published before it signs (default 10 minutes)
 */
public record AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                        Duration signingKeyMaxAge, Duration signingKeyPublicationLead) {

    public AuthorizationServerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(signingKeyMaxAge, "signingKeyMaxAge");
        Objects.requireNonNull(signingKeyPublicationLead, "signingKeyPublicationLead");
    }

    /** With the default rotation settings: 90 days, published 10 minutes ahead. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime) {
        this(issuer, listen, tls, accessTokenLifetime, Duration.ofDays(90), Duration.ofMinutes(10));
    }
}
