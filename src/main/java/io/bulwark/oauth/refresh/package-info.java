/**
 * Refresh tokens (RFC 6749 §6): opaque, stored only as their SHA-256, bound to a user's grant, the
 * client and the sender constraint of the code exchange; the {@link io.bulwark.oauth.refresh.RefreshTokenStore}
 * port and the issuing side. The grant type itself is {@code io.bulwark.oauth.RefreshTokenGrant}.
 */
package io.bulwark.oauth.refresh;
