/** Verification of RFC 9068 JWT access tokens at the gateway, with the issuer's keys fetched and cached from its JWKS. */
package io.bulwark.gateway.token;
