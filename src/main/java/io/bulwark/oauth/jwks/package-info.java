/**
 * JWK Sets published at a URL: fetched over HTTPS with a size cap, cached and fetched again on an
 * unknown key id at a bounded rate. The gateway reads the authorization server's keys this way, and
 * the authorization server reads clients' {@code jwks_uri} (RFC 7591 §2).
 */
package io.bulwark.oauth.jwks;
