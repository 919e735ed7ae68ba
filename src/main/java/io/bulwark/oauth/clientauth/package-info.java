/**
 * Client authentication at the token, PAR, revocation and introspection endpoints: {@code private_key_jwt}
 * (RFC 7523, {@link io.bulwark.oauth.clientauth.ClientAssertionVerifier}) or mTLS (in {@code oauth.mtls}), behind the
 * brute-force guard ({@link io.bulwark.oauth.clientauth.GuardedClientAuthentication}); client secrets are refused.
 */
package io.bulwark.oauth.clientauth;
