/**
 * The authorization server's protocol core: plain Java over the store ports, no HTTP types.
 * Client authentication (RFC 7523), RFC 9068 access tokens, grants, signing keys and RFC 8414
 * metadata. {@code oauth.http} adapts it to Vert.x.
 */
package io.bulwark.oauth;
