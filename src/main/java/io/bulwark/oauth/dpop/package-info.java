/**
 * DPoP (RFC 9449): the proof checks of §4.3 shared by the token endpoint and the gateway, the
 * {@code ath} hash, RFC 3986 normalization of {@code htu}, and stateless server nonces that every
 * node sharing the master key accepts. Plain Java over the {@code ReplayGuard} store port.
 */
package io.bulwark.oauth.dpop;
