/** Proof Key for Code Exchange (RFC 7636), S256 only as FAPI 2.0 SP §5.3.2.2 requires. */
package io.bulwark.oauth.pkce;
