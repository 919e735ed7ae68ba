package io.bulwark.oauth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A call to the grant management API, independent of the HTTP library.
 *
 * @param method             {@code GET} or {@code DELETE}
 * @param grantId            the grant named in the path
 * @param authorization      the {@code Authorization} header, or null
 * @param dpopProofs         every value of the {@code DPoP} header; empty when absent
 * @param clientCertificates the TLS client certificate chain, leaf first; empty when none
 */
public record GrantManagementRequest(String method, String grantId, String authorization, List<String> dpopProofs,
                                     List<X509Certificate> clientCertificates) {

    public GrantManagementRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(grantId, "grantId");
        dpopProofs = List.copyOf(dpopProofs == null ? List.of() : dpopProofs);
        clientCertificates = List.copyOf(clientCertificates == null ? List.of() : clientCertificates);
    }
}
