package io.bulwark.oauth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A request to a resource of this node that takes this authorization server's own access tokens (grant management,
 * the management listener), independent of the HTTP library.
 *
 * @param method             the HTTP method, as a DPoP proof's {@code htm} must name it
 * @param authorization      the {@code Authorization} header, or null
 * @param dpopProofs         every value of the {@code DPoP} header; empty when absent
 * @param clientCertificates the TLS client certificate chain, leaf first; empty when none
 */
public record ResourceRequest(String method, String authorization, List<String> dpopProofs, List<X509Certificate> clientCertificates) {

    public ResourceRequest {
        Objects.requireNonNull(method, "method");
        dpopProofs = List.copyOf(dpopProofs == null ? List.of() : dpopProofs);
        clientCertificates = List.copyOf(clientCertificates == null ? List.of() : clientCertificates);
    }
}
