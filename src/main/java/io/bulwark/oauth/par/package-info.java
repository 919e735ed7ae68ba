/**
 * Pushed Authorization Requests (RFC 9126), the only way an authorization request enters Bulwark:
 * the client authenticates, the request is validated in full (redirect URI, PKCE, scopes, RAR) and
 * stored, and the client gets a short-lived, single-use {@code request_uri} to send the browser with.
 */
package io.bulwark.oauth.par;
