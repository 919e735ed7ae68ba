/**
 * OAuth vocabulary every part of the authorization server speaks: {@link io.bulwark.oauth.core.OAuthError}
 * (RFC 6749 §5.2 error codes), scopes, the token binding ({@code cnf}), the request as it arrives at an endpoint where
 * clients authenticate, and {@link io.bulwark.oauth.core.SecretTokens} (random tokens, stored by SHA-256).
 */
package io.bulwark.oauth.core;
