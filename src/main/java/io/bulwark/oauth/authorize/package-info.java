/**
 * The authorization endpoint's logic (RFC 6749 §4.1 with RFC 9126, RFC 7636, RFC 9207 and FAPI 2.0):
 * a browser's sign-in from a pushed request through login, the TOTP step before payments, and
 * consent, to the 303 redirect with a single-use, 60-second code; and the small store ports it uses.
 */
package io.bulwark.oauth.authorize;
