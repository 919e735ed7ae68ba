/**
 * The authorization server's endpoints, plain Java, no HTTP types: the token endpoint and its grants, sender-constrained
 * RFC 9068 access tokens (DPoP in {@code oauth.dpop}, mTLS in {@code oauth.mtls}), revocation, introspection, grant
 * management and RFC 8414 metadata. It sits above its sub-packages, never below: the vocabulary is in
 * {@code oauth.core}, client authentication in {@code oauth.clientauth}, signing keys in {@code oauth.keys}.
 * {@code oauth.http} adapts it to Vert.x.
 */
package io.bulwark.oauth;
