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
 * @param signingKeyMaxAge    a signing key is rotated automatically after signing this long (default 90 days)
 * @param signingKeyPublicationLead how long a new key is published before it signs (default 10 minutes)
 * @param tlsClientAuthCa     PEM bundle of the CAs whose client certificates {@code tls_client_auth} accepts
 *                            (RFC 8705 §2.1); null when no client uses that method
 * @param dpop                how DPoP proofs at the token endpoint are checked
 * @param refreshTokenLifetime how long a refresh token lives from the code exchange (default 30 days); rotation
 *                            never extends it, and revoking the grant ends it sooner
 * @param clientJwksTrustedCa PEM bundle of the CAs trusted for clients' {@code jwks_uri} servers; null for the JDK's
 *                            default trust store (public CAs)
 */
public record AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                        Duration signingKeyMaxAge, Duration signingKeyPublicationLead,
                                        Path tlsClientAuthCa, DpopConfig dpop, Duration refreshTokenLifetime,
                                        Path clientJwksTrustedCa) {

    /** Default signing-key age at which it is rotated. */
    public static final Duration DEFAULT_SIGNING_KEY_MAX_AGE = Duration.ofDays(90);
    /** Default time a new signing key is published before it signs. */
    public static final Duration DEFAULT_SIGNING_KEY_PUBLICATION_LEAD = Duration.ofMinutes(10);
    /** Default refresh-token lifetime: a month of access without the user signing in again. */
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

    public AuthorizationServerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(signingKeyMaxAge, "signingKeyMaxAge");
        Objects.requireNonNull(signingKeyPublicationLead, "signingKeyPublicationLead");
        Objects.requireNonNull(dpop, "dpop");
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
    }
}
