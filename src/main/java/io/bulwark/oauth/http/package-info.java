/** Vert.x adapter of the authorization server: thin handlers that translate HTTP to the protocol core and back. */
package io.bulwark.oauth.http;
