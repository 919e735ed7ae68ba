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

    static final Duration DEFAULT_SIGNING_KEY_MAX_AGE = Duration.ofDays(90);
    static final Duration DEFAULT_SIGNING_KEY_PUBLICATION_LEAD = Duration.ofMinutes(10);
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

    /** Clients' {@code jwks_uri} servers trusted through the JDK's default trust store. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                     Duration signingKeyMaxAge, Duration signingKeyPublicationLead, Path tlsClientAuthCa, DpopConfig dpop,
                                     Duration refreshTokenLifetime) {
        this(issuer, listen, tls, accessTokenLifetime, signingKeyMaxAge, signingKeyPublicationLead, tlsClientAuthCa, dpop,
                refreshTokenLifetime, null);
    }

    /** With the default refresh-token lifetime. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                     Duration signingKeyMaxAge, Duration signingKeyPublicationLead, Path tlsClientAuthCa, DpopConfig dpop) {
        this(issuer, listen, tls, accessTokenLifetime, signingKeyMaxAge, signingKeyPublicationLead, tlsClientAuthCa, dpop,
                DEFAULT_REFRESH_TOKEN_LIFETIME);
    }

    /** Default rotation (90 days, published 10 minutes ahead), no CA for {@code tls_client_auth}, default DPoP checks. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime) {
        this(issuer, listen, tls, accessTokenLifetime, DEFAULT_SIGNING_KEY_MAX_AGE, DEFAULT_SIGNING_KEY_PUBLICATION_LEAD, null,
                DpopConfig.DEFAULT);
    }

    /** With the given rotation settings; no CA for {@code tls_client_auth}, default DPoP checks. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                     Duration signingKeyMaxAge, Duration signingKeyPublicationLead) {
        this(issuer, listen, tls, accessTokenLifetime, signingKeyMaxAge, signingKeyPublicationLead, null, DpopConfig.DEFAULT);
    }

    /** With default rotation settings. */
    public AuthorizationServerConfig(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime,
                                     Path tlsClientAuthCa, DpopConfig dpop) {
        this(issuer, listen, tls, accessTokenLifetime, DEFAULT_SIGNING_KEY_MAX_AGE, DEFAULT_SIGNING_KEY_PUBLICATION_LEAD,
                tlsClientAuthCa, dpop);
    }
}
