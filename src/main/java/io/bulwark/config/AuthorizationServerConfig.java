package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The authorization server's part of the configuration.
 *
 * @param issuer              the RFC 8414 issuer identifier: https, no query or fragment
 * @param listen              where it listens
 * @param tls                 its server certificate and key
 * @param accessTokenLifetime how long access tokens live (default 5 minutes)
 * @param tlsClientAuthCa     PEM bundle of the CAs whose client certificates {@code tls_client_auth} accepts
 *                            (RFC 8705 §2.1); null when no client uses that method
 * @param dpop                how DPoP proofs at the token endpoint are checked
 */
public record AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                        Path tlsClientAuthCa, DpopConfig dpop) {

    public AuthorizationServerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(dpop, "dpop");
    }

    /** No CA for {@code tls_client_auth}, default DPoP checks. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime) {
        this(issuer, listen, tls, accessTokenLifetime, null, DpopConfig.DEFAULT);
    }
}
