/**
 * {@link io.bulwark.oauth.keys.SigningKeyRing}: the server's signing keys over time, one ring per key purpose
 * (access tokens, gateway identity), sealed in the store, published before they sign and after they stop.
 */
package io.bulwark.oauth.keys;
