package io.bulwark.config;

import java.time.Duration;

/** Reads {@code authorization-server}: issuer, listen address, TLS files, token lifetimes, signing-key rotation, client CAs, DPoP checks and the CAs trusted for clients' {@code jwks_uri}. */
final class AuthorizationServerReader {

    static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private AuthorizationServerReader() {
    }

    static AuthorizationServerConfig read(ConfigNode node) {
        node.map("issuer", "listen", "tls", "access-token-lifetime", "signing-key-max-age", "signing-key-publication-lead",
                "tls-client-auth-ca", "dpop", "refresh-token-lifetime", "client-jwks-trusted-ca");
        return new AuthorizationServerConfig(
                HttpsUris.read(node.get("issuer")
                                .required("the https URL clients know this server by, for example `https://auth.example.com`"),
                        "use the https URL clients know the server by, without query or fragment (RFC 8414 §2), "
                                + "for example `https://auth.example.com`"),
                ListenAddresses.read(node.get("listen").required("`host:port`, for example `0.0.0.0:8443`")),
                TlsFilesReader.read(node.get("tls").required("a map with `certificate-chain` and `private-key`")),
                // FAPI 2.0 wants access tokens short-lived: a leaked token is useful only briefly.
                Durations.read(node.get("access-token-lifetime"), DEFAULT_ACCESS_TOKEN_LIFETIME, Duration.ofMinutes(1), Duration.ofHours(1),
                        "FAPI 2.0 access tokens are short-lived, so a leaked one is soon useless; clients refresh instead"),
                Durations.read(node.get("signing-key-max-age"), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_MAX_AGE, Duration.ofHours(1), Duration.ofDays(730),
                        "a signing key is replaced automatically once it has signed for this long; give between 1h and 730d"),
                // Resource servers cache the JWKS: the next key must be published at least that long before it signs.
                Durations.read(node.get("signing-key-publication-lead"), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD, Duration.ofSeconds(10),
                        Duration.ofDays(7), "the next signing key is published this long before it signs; make it at least "
                                + "as long as resource servers cache the JWKS"),
                node.get("tls-client-auth-ca").isAbsent() ? null : node.get("tls-client-auth-ca").existingFile(),
                DpopReader.read(node.get("dpop")),
                Durations.read(node.get("refresh-token-lifetime"), AuthorizationServerConfig.DEFAULT_REFRESH_TOKEN_LIFETIME,
                        Duration.ofHours(1), Duration.ofDays(365), "a refresh token lets a client keep the access a user granted "
                                + "without asking again; give between 1h and 365d (revoking the grant ends it sooner)"),
                node.get("client-jwks-trusted-ca").isAbsent() ? null : node.get("client-jwks-trusted-ca").existingFile());
    }
}
