/**
 * The authorization server's protocol core: plain Java over the store ports, no HTTP types.
 * Client authentication (RFC 7523; mTLS in {@code oauth.mtls}), sender-constrained RFC 9068 access
 * tokens (DPoP in {@code oauth.dpop}), grants, signing keys and RFC 8414 metadata.
 * {@code oauth.http} adapts it to Vert.x.
 */
package io.bulwark.oauth;
