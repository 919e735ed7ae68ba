package io.bulwark.oauth.core;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to the token endpoint, independent of the HTTP library.
 *
 * @param parameters        the form parameters, each present once
 * @param dpopProofs        every value of the {@code DPoP} header (RFC 9449 §4.1); empty when absent
 * @param clientCertificates the certificate chain the client presented in the TLS handshake, leaf first; empty when none
 * @param authorization     the {@code Authorization} header, or null (never accepted: no client secrets)
 */
public record TokenRequest(Map<String, String> parameters, List<String> dpopProofs, List<X509Certificate> clientCertificates,
                           String authorization) {

    public TokenRequest {
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
        dpopProofs = List.copyOf(dpopProofs == null ? List.of() : dpopProofs);
        clientCertificates = List.copyOf(clientCertificates == null ? List.of() : clientCertificates);
    }

    /** A request with form parameters only: no DPoP proof, no client certificate. */
    public static TokenRequest of(Map<String, String> parameters) {
        return new TokenRequest(parameters, List.of(), List.of(), null);
    }

    public String parameter(String name) {
        return parameters.get(name);
    }
}
