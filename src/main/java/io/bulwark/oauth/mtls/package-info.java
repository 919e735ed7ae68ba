/**
 * Mutual TLS for OAuth (RFC 8705): client authentication by certificate ({@code tls_client_auth}
 * against trusted CAs and a registered subject DN, {@code self_signed_tls_client_auth} against the
 * registered certificates) and the certificate thumbprint that binds tokens ({@code cnf.x5t#S256}).
 */
package io.bulwark.oauth.mtls;
