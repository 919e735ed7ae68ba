/**
 * TLS for every Bulwark listener and client: {@link io.bulwark.tls.TlsPolicy} says which protocol
 * versions and cipher suites Bulwark speaks, and {@link io.bulwark.tls.DevCertificateAuthority}
 * issues the certificates of development and demo deployments.
 */
package io.bulwark.tls;
